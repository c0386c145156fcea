// Clopper-Pearson interval of a binomial share, by bisection on the binomial tail.
#include "core/analysis/binomial_interval.h"

#include <cmath>

#include "absl/strings/str_cat.h"

namespace latentspace {

double BinomialCdf(int64_t k, int64_t n, double p) {
  const double log_p = std::log(p), log_q = std::log1p(-p);
  const double log_n_factorial = std::lgamma(n + 1.0);
  double cdf = 0;
  for (int64_t i = 0; i <= k; ++i) {
    cdf += std::exp(log_n_factorial - std::lgamma(i + 1.0) - std::lgamma(n - i + 1.0) + i * log_p +
                    (n - i) * log_q);
  }
  return cdf;
}

namespace {

// The p in (0, 1) where `tail(p)` (monotone) crosses `target`; `increasing` says its direction.
template <typename Tail>
double Bisect(Tail tail, double target, bool increasing) {
  double low = 0, high = 1;
  for (int i = 0; i < 100 && high - low > 1e-15; ++i) {
    const double mid = 0.5 * (low + high);
    if ((tail(mid) < target) == increasing) {
      low = mid;
    } else {
      high = mid;
    }
  }
  return 0.5 * (low + high);
}

}  // namespace

absl::StatusOr<BinomialInterval> ClopperPearsonInterval(int64_t successes, int64_t trials,
                                                        double confidence) {
  if (trials < 1 || successes < 0 || successes > trials) {
    return absl::InvalidArgumentError(
        absl::StrCat("binomial interval: ", successes, " of ", trials, " trials is not a share"));
  }
  if (!(confidence > 0 && confidence < 1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("binomial interval: confidence ", confidence, " must be in (0, 1)"));
  }
  const double alpha = (1 - confidence) / 2;
  BinomialInterval interval{successes, trials,
                            static_cast<double>(successes) / static_cast<double>(trials), 0, 1};
  // P(X >= k | p) = 1 - P(X <= k - 1 | p) grows with p; P(X <= k | p) falls.
  if (successes > 0) {
    interval.lower =
        Bisect([&](double p) { return 1 - BinomialCdf(successes - 1, trials, p); }, alpha, true);
  }
  if (successes < trials) {
    interval.upper =
        Bisect([&](double p) { return BinomialCdf(successes, trials, p); }, alpha, false);
  }
  return interval;
}

}  // namespace latentspace
