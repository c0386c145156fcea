// A share of successes (sets assigned to their own model, samples flagged by a test) with its
// Clopper-Pearson interval (Biometrika 26 (1934) 404): the "exact" binomial interval, which covers
// the true probability in at least the stated share of repetitions for every n and p (the Wilson
// interval, shorter on average, covers only about 38% at n = 20, p = 0.95, where the encoders'
// per-model accuracies live); it stays inside [0, 1] (science.md, "Quoting accuracies").
#ifndef LATENTSPACE_CORE_ANALYSIS_BINOMIAL_INTERVAL_H_
#define LATENTSPACE_CORE_ANALYSIS_BINOMIAL_INTERVAL_H_

#include <cstdint>

#include "absl/status/statusor.h"

namespace latentspace {

// The central 68.27% of a Gaussian: one standard deviation.
inline constexpr double kOneSigmaConfidence = 0.682689492137086;

struct BinomialInterval {
  int64_t successes = 0;
  int64_t trials = 0;
  double value = 0;  // successes / trials
  double lower = 0;  // 0 when successes = 0
  double upper = 0;  // 1 when successes = trials
};

// P(X <= k) for X ~ Binomial(n, p), 0 < p < 1: the sum of the pmf terms, each from its logarithm.
double BinomialCdf(int64_t k, int64_t n, double p);

// The central interval: P(X >= successes | lower) = P(X <= successes | upper) = (1 - confidence)
// / 2. INVALID_ARGUMENT unless 0 <= successes <= trials, trials >= 1 and 0 < confidence < 1.
absl::StatusOr<BinomialInterval> ClopperPearsonInterval(int64_t successes, int64_t trials,
                                                        double confidence = kOneSigmaConfidence);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_ANALYSIS_BINOMIAL_INTERVAL_H_
