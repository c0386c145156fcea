// Spearman rank correlation, used to check that a pairwise classifier's accuracy between models
// rises with their latent distance (science.md, "Validation against classifiers"), and its exact
// permutation p-value for the few points of an ordering of models.
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

inline constexpr int kMaxExactPermutationPairs = 10;  // 10! = 3,628,800 orderings

// The one-sided permutation p-value of a positive Spearman correlation between a and b: the share
// of the n! pairings of b's values with a's (all equally likely when a and b are independent)
// whose correlation is at least the observed one. Exact: 3 <= n <= kMaxExactPermutationPairs
// pairs, otherwise an error, as for SpearmanCorrelation. For few points (4 or 9 models) it is
// what a correlation means: 4 points can reach at best p = 1/24.
absl::StatusOr<double> SpearmanPermutationPValue(absl::Span<const double> a,
                                                 absl::Span<const double> b);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_ANALYSIS_RANK_CORRELATION_H_
