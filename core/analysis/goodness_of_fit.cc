// Permutation test of a sample's fit to a known model against the model's held-out sets.
#include "core/analysis/goodness_of_fit.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/features/seeded_random.h"
#include "core/status_macros.h"

namespace latentspace {

std::vector<double> ReferenceLogDensities(const GaussianKde& kde,
                                          absl::Span<const LatentPoint> reference) {
  std::vector<double> log_densities;
  log_densities.reserve(reference.size());
  for (const LatentPoint& p : reference) log_densities.push_back(kde.LogDensity(p));
  return log_densities;
}

absl::StatusOr<FitTest> TestFit(const GaussianKde& kde, absl::Span<const double> reference,
                                absl::Span<const LatentPoint> sample,
                                const FitTestOptions& options) {
  if (sample.empty()) return absl::InvalidArgumentError("fit test: the sample has no sets");
  if (reference.empty()) {
    return absl::InvalidArgumentError("fit test: the model has no held-out sets");
  }
  if (options.permutations < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("fit test: permutations = ", options.permutations, " must be >= 1"));
  }
  LATENT_RETURN_IF_ERROR(CheckFinite(sample, "sample"));
  for (size_t i = 0; i < reference.size(); ++i) {
    if (!std::isfinite(reference[i])) {
      return absl::InvalidArgumentError(absl::StrCat("fit test: held-out log-density [", i,
                                                     "] = ", reference[i], " is not finite"));
    }
  }

  // The pool: the sample's log-densities first, then the held-out sets'.
  const size_t n = sample.size();
  std::vector<double> pool;
  pool.reserve(n + reference.size());
  for (const LatentPoint& p : sample) pool.push_back(kde.LogDensity(p));
  pool.insert(pool.end(), reference.begin(), reference.end());
  double total = 0, magnitude = 0, observed = 0;
  for (size_t i = 0; i < pool.size(); ++i) {
    total += pool[i];
    magnitude += std::abs(pool[i]);
    if (i < n) observed += pool[i];
  }
  FitTest result;
  result.sets = static_cast<int64_t>(n);
  result.reference_sets = static_cast<int64_t>(reference.size());
  result.permutations = options.permutations;
  result.statistic = observed / n;
  result.reference_statistic = (total - observed) / reference.size();

  // Each permutation draws the smaller group at random (a partial Fisher-Yates shuffle; shuffling
  // an already shuffled pool keeps every draw uniform); the sample's group sum is the pool's total
  // minus the other's when the other is drawn. Sums within rounding of the observed one count as
  // ties (at or below).
  const bool draw_sample = n <= reference.size();
  const size_t drawn = draw_sample ? n : reference.size();
  const double tolerance = 1e-12 * magnitude;
  std::mt19937_64 rng(MixSeed(options.seed));
  int64_t at_or_below = 0;
  for (int b = 0; b < options.permutations; ++b) {
    double sum = 0;
    for (size_t i = 0; i < drawn; ++i) {
      std::swap(pool[i], pool[i + UniformBelow(rng, pool.size() - i)]);
      sum += pool[i];
    }
    const double sample_sum = draw_sample ? sum : total - sum;
    if (sample_sum <= observed + tolerance) ++at_or_below;
  }
  result.p_value = static_cast<double>(1 + at_or_below) / (1 + options.permutations);
  return result;
}

}  // namespace latentspace
