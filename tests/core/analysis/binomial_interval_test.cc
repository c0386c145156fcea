// Tests of core/analysis/binomial_interval: the binomial tail, the Clopper-Pearson interval's
// values, its edges, and that it covers the true probability at least as often as it claims, and
// not much more (exact binomial sums, no sampling).
#include "core/analysis/binomial_interval.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace latentspace {
namespace {

TEST(BinomialCdfTest, MatchesSumsWorkedOutByHand) {
  EXPECT_NEAR(BinomialCdf(2, 4, 0.5), 11.0 / 16, 1e-12);  // (1 + 4 + 6) / 16
  EXPECT_NEAR(BinomialCdf(0, 3, 0.2), 0.512, 1e-12);      // 0.8^3
  EXPECT_NEAR(BinomialCdf(1, 3, 0.2), 0.896, 1e-12);      // + 3 x 0.2 x 0.8^2
  EXPECT_NEAR(BinomialCdf(5, 5, 0.7), 1, 1e-12);
}

// Probability, for each true p, that the interval from Binomial(n, p) successes contains p.
std::vector<double> ExactCoverage(int64_t n, const std::vector<double>& ps, double confidence) {
  std::vector<BinomialInterval> intervals;
  for (int64_t k = 0; k <= n; ++k) intervals.push_back(*ClopperPearsonInterval(k, n, confidence));
  std::vector<double> coverage;
  for (double p : ps) {
    double sum = 0;
    for (int64_t k = 0; k <= n; ++k) {
      const double log_pmf = std::lgamma(n + 1.0) - std::lgamma(k + 1.0) -
                             std::lgamma(n - k + 1.0) + k * std::log(p) + (n - k) * std::log1p(-p);
      if (intervals[k].lower <= p && p <= intervals[k].upper) sum += std::exp(log_pmf);
    }
    coverage.push_back(sum);
  }
  return coverage;
}

// True probabilities 0.05, 0.10, ..., 0.95.
std::vector<double> Grid() {
  std::vector<double> ps;
  for (int i = 1; i <= 19; ++i) ps.push_back(0.05 * i);
  return ps;
}

double Mean(const std::vector<double>& values) {
  double sum = 0;
  for (double v : values) sum += v;
  return sum / values.size();
}

TEST(ClopperPearsonIntervalTest, MatchesClosedFormsAndTables) {
  // 0 of n: upper = 1 - (alpha/2)^(1/n); n of n: lower = (alpha/2)^(1/n).
  const double alpha = 1 - kOneSigmaConfidence;
  EXPECT_NEAR(ClopperPearsonInterval(0, 10)->upper, 1 - std::pow(alpha / 2, 0.1), 1e-12);
  EXPECT_NEAR(ClopperPearsonInterval(10, 10)->lower, std::pow(alpha / 2, 0.1), 1e-12);
  // 7 of 10 at 95%: [0.3475, 0.9333] (scipy.stats.binomtest(7, 10).proportion_ci()).
  const BinomialInterval interval = *ClopperPearsonInterval(7, 10, 0.95);
  EXPECT_DOUBLE_EQ(interval.value, 0.7);
  EXPECT_NEAR(interval.lower, 0.34754, 1e-4);
  EXPECT_NEAR(interval.upper, 0.93334, 1e-4);
}

TEST(ClopperPearsonIntervalTest, StaysInsideZeroOneAndIsNotEmptyAtTheEdges) {
  const BinomialInterval none = *ClopperPearsonInterval(0, 20);
  EXPECT_EQ(none.lower, 0);
  EXPECT_GT(none.upper, 0.02);
  const BinomialInterval all = *ClopperPearsonInterval(20, 20);
  EXPECT_EQ(all.upper, 1);
  EXPECT_LT(all.lower, 0.98);
}

// At least the stated coverage at every p, and on average not far above it: the interval is
// conservative (for 68.27%: 0.80 on average at n = 20, 0.75 at n = 100).
TEST(ClopperPearsonIntervalTest, CoversTheTruthAsOftenAsItClaims) {
  for (int64_t n : {20, 100, 500}) {
    for (double confidence : {kOneSigmaConfidence, 0.95}) {
      const std::vector<double> coverage = ExactCoverage(n, Grid(), confidence);
      for (size_t i = 0; i < coverage.size(); ++i) {
        EXPECT_GE(coverage[i], confidence - 1e-9) << "n = " << n << ", p = " << Grid()[i];
      }
      EXPECT_LT(Mean(coverage), confidence + (n == 20 ? 0.13 : 0.08)) << "n = " << n;
    }
  }
}

// The coverage checks above would catch an interval of the wrong width: one as wide as a 99.99%
// interval covers nearly always, one as narrow as a 10% interval rarely.
TEST(ClopperPearsonIntervalTest, IntervalsOfTheWrongWidthWouldFailTheCoverageCheck) {
  EXPECT_GT(Mean(ExactCoverage(100, Grid(), 0.9999)), kOneSigmaConfidence + 0.1);
  EXPECT_LT(Mean(ExactCoverage(100, Grid(), 0.1)), kOneSigmaConfidence - 0.3);
}

TEST(ClopperPearsonIntervalTest, RefusesWhatIsNotAShare) {
  EXPECT_FALSE(ClopperPearsonInterval(3, 0).ok());
  EXPECT_FALSE(ClopperPearsonInterval(-1, 5).ok());
  EXPECT_FALSE(ClopperPearsonInterval(6, 5).ok());
  EXPECT_FALSE(ClopperPearsonInterval(2, 5, 0).ok());
  EXPECT_FALSE(ClopperPearsonInterval(2, 5, 1).ok());
  EXPECT_FALSE(ClopperPearsonInterval(2, 5, std::nan("")).ok());
}

}  // namespace
}  // namespace latentspace
