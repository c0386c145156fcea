// "None of the known models" (science.md, "Goodness of fit"): does a sample fit a known model as
// well as that model's own held-out sets do? The statistic is the mean over the sample's sets of
// the log-density of the model's KDE at their latent points; low means a poor fit. Its
// distribution under the hypothesis "the sample is this model" comes from the model's held-out
// test sets (never used to fit the KDE or to train the encoder): a one-sided permutation test of
// the sample's sets against them, exact for any number of sets when both are draws of the model.
#ifndef LATENTSPACE_CORE_ANALYSIS_GOODNESS_OF_FIT_H_
#define LATENTSPACE_CORE_ANALYSIS_GOODNESS_OF_FIT_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "core/analysis/kde.h"
#include "core/analysis/latent_point.h"

namespace latentspace {

struct FitTestOptions {
  int permutations = 4999;       // p-values resolve down to 1 / (permutations + 1)
  uint64_t seed = 0x2407203150;  // fixed: the same query gets the same p-value
};

struct FitTest {
  double statistic = 0;            // mean over the sample's sets of log p_model(point)
  double reference_statistic = 0;  // the same over the model's held-out sets
  // P(a sample of as many held-out sets has a statistic <= this one): (1 + permutations at or
  // below it) / (1 + permutations).
  double p_value = 1;
  int64_t sets = 0;
  int64_t reference_sets = 0;
  int permutations = 0;
};

// The log-densities of the model's held-out sets under its KDE: what TestFit compares a sample
// with. They do not depend on the sample, so a model's are computed once (KnownModelSpace::Build).
std::vector<double> ReferenceLogDensities(const GaussianKde& kde,
                                          absl::Span<const LatentPoint> reference);

// INVALID_ARGUMENT for an empty or non-finite sample or reference, or permutations < 1.
absl::StatusOr<FitTest> TestFit(const GaussianKde& kde, absl::Span<const double> reference,
                                absl::Span<const LatentPoint> sample,
                                const FitTestOptions& options = {});

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_ANALYSIS_GOODNESS_OF_FIT_H_
