// Spearman rank correlation, used to check that a pairwise classifier's accuracy between models
// rises with their latent distance (science.md, "Validation against classifiers").
#ifndef LATENTSPACE_CORE_ANALYSIS_RANK_CORRELATION_H_
#define LATENTSPACE_CORE_ANALYSIS_RANK_CORRELATION_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace latentspace {

// 1-based ranks; tied values share the average of the ranks they span (scipy's "average").
std::vector<double> AverageRanks(absl::Span<const double> values);

// Pearson correlation of the average ranks of a and b (equal sizes >= 2, finite). An error when
// either side is constant (the correlation is undefined).
absl::StatusOr<double> SpearmanCorrelation(absl::Span<const double> a, absl::Span<const double> b);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_ANALYSIS_RANK_CORRELATION_H_
