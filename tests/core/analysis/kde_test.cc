// Tests of the Gaussian KDE: scipy.stats.gaussian_kde's numbers, the textbook formula, bandwidth
// rules, log-density far from the data, degenerate inputs and refusals.
#include "core/analysis/kde.h"

#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/core/analysis/synthetic_blobs.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;

// The fixed data set of the scipy references below.
const std::vector<LatentPoint> kData = {{0, 0}, {1, 0.5}, {2, 1.5}, {-1, 0.3}, {0.5, -1}, {1.5, 2}};
const std::vector<LatentPoint> kQueries = {{0, 0}, {1, 1}, {-2, 3}, {0.7, 0.2}};

KdeOptions FactorOptions(double factor) {
  KdeOptions options;
  options.rule = BandwidthRule::kFactor;
  options.factor = factor;
  return options;
}

KdeOptions RuleOptions(BandwidthRule rule) {
  KdeOptions options;
  options.rule = rule;
  return options;
}

KdeOptions MinVarianceOptions(double min_variance) {
  KdeOptions options;
  options.min_variance = min_variance;
  return options;
}

// Expected values from scipy 1.10.1 (Debian 12), computed with
//   d = np.array([[0,0],[1,0.5],[2,1.5],[-1,0.3],[0.5,-1],[1.5,2]]).T
//   q = np.array([[0,0],[1,1],[-2,3],[0.7,0.2]]).T
//   k = gaussian_kde(d)  # bw_method='scott'
//   k.factor, k.covariance, k(q), k.logpdf(q)
TEST(KdeTest, MatchesScipyWithScottsFactor) {
  absl::StatusOr<GaussianKde> kde = GaussianKde::Fit(kData);
  ASSERT_TRUE(kde.ok()) << kde.status();
  EXPECT_NEAR(kde->factor(), 0.7418363755904024, 1e-15);
  EXPECT_NEAR(kde->kernel_covariance().xx, 0.6420414095072887, 1e-14);
  EXPECT_NEAR(kde->kernel_covariance().xy, 0.3852248457043732, 1e-14);
  EXPECT_NEAR(kde->kernel_covariance().yy, 0.6356209954122158, 1e-14);
  const double pdf[] = {0.09381931582177601, 0.1076922775739923, 3.406406242518878e-08,
                        0.10790531629306375};
  const double logpdf[] = {-2.3663845185644368, -2.2284774005104344, -17.195022896211572,
                           -2.2265011373751404};
  for (int i = 0; i < 4; ++i) {
    EXPECT_NEAR(kde->Density(kQueries[i]), pdf[i], 1e-12 * pdf[i]) << i;
    EXPECT_NEAR(kde->LogDensity(kQueries[i]), logpdf[i], 1e-12) << i;
  }
  EXPECT_FALSE(kde->regularised());
  EXPECT_EQ(kde->note(), "");
}

// k = gaussian_kde(d, bw_method=0.5): the factor is taken as given.
TEST(KdeTest, MatchesScipyWithExplicitFactor) {
  absl::StatusOr<GaussianKde> kde = GaussianKde::Fit(kData, FactorOptions(0.5));
  ASSERT_TRUE(kde.ok()) << kde.status();
  EXPECT_EQ(kde->factor(), 0.5);
  EXPECT_NEAR(kde->kernel_covariance().xx, 0.2916666666666667, 1e-15);
  EXPECT_NEAR(kde->kernel_covariance().xy, 0.175, 1e-15);
  EXPECT_NEAR(kde->kernel_covariance().yy, 0.28875, 1e-15);
  const double pdf[] = {0.13787472596738742, 0.11123061652143831, 2.788106333823401e-15,
                        0.1456535690133362};
  const double logpdf[] = {-1.9814097889543263, -2.19614960663137, -33.51341376291783,
                           -1.926524291837529};
  for (int i = 0; i < 4; ++i) {
    EXPECT_NEAR(kde->Density(kQueries[i]), pdf[i], 1e-12 * pdf[i]) << i;
    EXPECT_NEAR(kde->LogDensity(kQueries[i]), logpdf[i], 1e-12) << i;
  }
}

// k = gaussian_kde(d, weights=[1,2,3,1,1,2]): k.neff, k.factor, k.covariance, k(q), and
// k.logpdf([[30],[-40]]) far from the data, where the density itself underflows to 0.
TEST(KdeTest, MatchesScipyWithWeights) {
  const std::vector<double> weights = {1, 2, 3, 1, 1, 2};
  absl::StatusOr<GaussianKde> kde = GaussianKde::Fit(kData, {}, weights);
  ASSERT_TRUE(kde.ok()) << kde.status();
  EXPECT_NEAR(kde->neff(), 5.0, 1e-12);
  EXPECT_NEAR(kde->factor(), 0.76472449133173, 1e-14);
  EXPECT_NEAR(kde->kernel_covariance().xx, 0.6378013691476816, 1e-14);
  EXPECT_NEAR(kde->kernel_covariance().xy, 0.4356786429937171, 1e-14);
  EXPECT_NEAR(kde->kernel_covariance().yy, 0.6283714119419451, 1e-14);
  const double pdf[] = {0.0774946897943729, 0.13700140643237052, 4.846662468558229e-10,
                        0.11638459751882584};
  for (int i = 0; i < 4; ++i) EXPECT_NEAR(kde->Density(kQueries[i]), pdf[i], 1e-12 * pdf[i]);
  EXPECT_EQ(kde->Density({30, -40}), 0.0);
  EXPECT_NEAR(kde->LogDensity({30, -40}), -5974.706450599748, 1e-9);
}

// The textbook formula: p(x) = 1/n sum_i exp(-(x - x_i)^T K^-1 (x - x_i) / 2) / (2 pi sqrt|K|)
// with K = cov(ddof = 1) * n^(-1/3), written out independently of the implementation.
TEST(KdeTest, MatchesBruteForceFormula) {
  const std::vector<LatentPoint> points = testing::GaussianBlob({1, -2, 0.7, 1.3, 0.6}, 25, 11);
  absl::StatusOr<GaussianKde> kde = GaussianKde::Fit(points);
  ASSERT_TRUE(kde.ok()) << kde.status();
  const double n = points.size();
  double mx = 0, my = 0;
  for (const LatentPoint& p : points) mx += p.x / n, my += p.y / n;
  double cxx = 0, cxy = 0, cyy = 0;
  for (const LatentPoint& p : points) {
    cxx += (p.x - mx) * (p.x - mx) / (n - 1);
    cxy += (p.x - mx) * (p.y - my) / (n - 1);
    cyy += (p.y - my) * (p.y - my) / (n - 1);
  }
  const double f2 = std::pow(n, -1.0 / 3.0);
  const double kxx = cxx * f2, kxy = cxy * f2, kyy = cyy * f2;
  const double det = kxx * kyy - kxy * kxy;
  for (const LatentPoint& q : std::vector<LatentPoint>{{1, -2}, {0, 0}, {2.5, -1}, {-1, -5}}) {
    double sum = 0;
    for (const LatentPoint& p : points) {
      const double u = q.x - p.x, v = q.y - p.y;
      sum += std::exp(-0.5 * (kyy * u * u - 2 * kxy * u * v + kxx * v * v) / det);
    }
    const double expected = sum / n / (2 * M_PI * std::sqrt(det));
    EXPECT_NEAR(kde->Density(q), expected, 1e-12 * expected);
    EXPECT_NEAR(kde->LogDensity(q), std::log(expected), 1e-11);
  }
  EXPECT_NEAR(kde->mean().x, mx, 1e-14);
  EXPECT_NEAR(kde->mean().y, my, 1e-14);
}

TEST(KdeTest, BandwidthRules) {
  const std::vector<LatentPoint> points = testing::GaussianBlob({}, 1000, 3);
  // Scott: n^(-1/(d+4)); Silverman: (n (d+2)/4)^(-1/(d+4)), which equals Scott's in d = 2.
  EXPECT_NEAR(GaussianKde::Fit(points)->factor(), std::pow(1000.0, -1.0 / 6), 1e-15);
  EXPECT_NEAR(GaussianKde::Fit(points, RuleOptions(BandwidthRule::kSilverman))->factor(),
              std::pow(1000.0 * 4 / 4, -1.0 / 6), 1e-15);
  // Weighted: neff = (sum w)^2 / sum w^2 replaces n (half the points at weight 3).
  std::vector<double> weights(1000, 1.0);
  for (int i = 0; i < 500; ++i) weights[i] = 3.0;
  const double neff = 2000.0 * 2000.0 / (500 * 9 + 500 * 1);
  absl::StatusOr<GaussianKde> weighted = GaussianKde::Fit(points, {}, weights);
  ASSERT_TRUE(weighted.ok());
  EXPECT_NEAR(weighted->neff(), neff, 1e-9);
  EXPECT_NEAR(weighted->factor(), std::pow(neff, -1.0 / 6), 1e-15);
  // The kernel covariance is the data covariance times factor^2.
  const GaussianKde kde = *GaussianKde::Fit(points, FactorOptions(0.3));
  EXPECT_NEAR(kde.kernel_covariance().xx, kde.data_covariance().xx * 0.09, 1e-15);
  EXPECT_NEAR(kde.data_covariance().xx, 1.0, 0.1);  // unit blob
}

TEST(KdeTest, AGivenKernelCovarianceIsTheKernelWhateverTheData) {
  const std::vector<LatentPoint> points = {{0, 0}, {1, 0}, {0, 3}};
  KdeOptions options;
  options.kernel_covariance = Covariance2{0.5, 0.1, 0.2};
  const GaussianKde kde = *GaussianKde::Fit(points, options);
  EXPECT_EQ(kde.kernel_covariance().xx, 0.5);
  EXPECT_EQ(kde.kernel_covariance().xy, 0.1);
  EXPECT_EQ(kde.kernel_covariance().yy, 0.2);
  // One kernel per point: N((x, y); point, K) averaged.
  const double det = 0.5 * 0.2 - 0.1 * 0.1;
  const LatentPoint q{0.4, 0.7};
  double sum = 0;
  for (const LatentPoint& p : points) {
    const double u = q.x - p.x, v = q.y - p.y;
    sum += std::exp(-0.5 * (0.2 * u * u - 2 * 0.1 * u * v + 0.5 * v * v) / det);
  }
  const double expected = sum / 3 / (2 * M_PI * std::sqrt(det));
  EXPECT_NEAR(kde.Density(q), expected, 1e-12 * expected);
  // Not positive definite: refused, naming it.
  options.kernel_covariance = Covariance2{1, 2, 1};
  const absl::Status refused = GaussianKde::Fit(points, options).status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(refused.message()), ::testing::HasSubstr("kernel_covariance (1, 2, 1)"));
}

TEST(KdeTest, DensityIntegratesToOne) {
  const GaussianKde kde = *GaussianKde::Fit(testing::GaussianBlob({0, 0, 1, 0.5, -0.4}, 200, 5));
  double sum = 0;
  const double h = 0.05;
  for (double x = -7; x <= 7; x += h) {
    for (double y = -4; y <= 4; y += h) sum += kde.Density({x, y}) * h * h;
  }
  EXPECT_NEAR(sum, 1.0, 1e-6);
}

TEST(KdeTest, SinglePointIsRegularisedNotAnError) {
  absl::StatusOr<GaussianKde> kde = GaussianKde::Fit(std::vector<LatentPoint>{{2, 3}});
  ASSERT_TRUE(kde.ok()) << kde.status();
  EXPECT_TRUE(kde->regularised());
  EXPECT_THAT(kde->note(), HasSubstr("single point"));
  EXPECT_EQ(kde->ridge(), 1e-6);  // min_variance: there is no spread to scale by
  EXPECT_EQ(kde->factor(), 1.0);  // n^(-1/6) with n = 1
  // An isotropic Gaussian of variance 1e-6 at the point.
  EXPECT_NEAR(kde->Density({2, 3}), 1.0 / (2 * M_PI * 1e-6), 1e-3);
  EXPECT_TRUE(std::isfinite(kde->LogDensity({0, 0})));
}

TEST(KdeTest, IdenticalPointsAreRegularised) {
  const std::vector<LatentPoint> points(50, LatentPoint{1.5, -0.5});
  absl::StatusOr<GaussianKde> kde = GaussianKde::Fit(points, MinVarianceOptions(0.01));
  ASSERT_TRUE(kde.ok()) << kde.status();
  EXPECT_TRUE(kde->regularised());
  EXPECT_THAT(kde->note(), HasSubstr("identical"));
  EXPECT_EQ(kde->data_covariance().xx, 0.01);
  EXPECT_EQ(kde->data_covariance().xy, 0.0);
  const double f2 = std::pow(50.0, -1.0 / 3);
  EXPECT_NEAR(kde->Density({1.5, -0.5}), 1.0 / (2 * M_PI * 0.01 * f2), 1e-9);
}

TEST(KdeTest, CollinearPointsGetARidgeAcrossTheLine) {
  std::vector<LatentPoint> points;
  for (int i = 0; i < 40; ++i) points.push_back({0.1 * i, 1 + 0.2 * i});  // on y = 1 + 2x
  absl::StatusOr<GaussianKde> kde = GaussianKde::Fit(points);
  ASSERT_TRUE(kde.ok()) << kde.status();
  EXPECT_TRUE(kde->regularised());
  EXPECT_THAT(kde->note(), HasSubstr("collinear"));
  const Covariance2& c = kde->data_covariance();
  const double largest = 0.5 * (c.xx + c.yy) + std::hypot(0.5 * (c.xx - c.yy), c.xy);
  EXPECT_NEAR(kde->ridge(), 1e-4 * (largest - kde->ridge()), 1e-12);
  // Finite everywhere, much higher on the line than beside it.
  EXPECT_TRUE(std::isfinite(kde->LogDensity({5, -5})));
  EXPECT_GT(kde->Density({1, 3}), 1e3 * kde->Density({1.2, 3}));
  // Two points are collinear too.
  EXPECT_TRUE(GaussianKde::Fit(std::vector<LatentPoint>{{0, 0}, {1, 1}})->regularised());
}

TEST(KdeTest, RefusesBadInputWithTheOffendingField) {
  EXPECT_THAT(GaussianKde::Fit(std::vector<LatentPoint>{}).status().message(),
              HasSubstr("at least one point"));
  std::vector<LatentPoint> points = kData;
  points[2].y = std::nan("");
  EXPECT_THAT(GaussianKde::Fit(points).status().message(), HasSubstr("points[2].y = nan"));
  points[2].y = INFINITY;
  EXPECT_THAT(GaussianKde::Fit(points).status().message(), HasSubstr("points[2].y = inf"));
  EXPECT_THAT(GaussianKde::Fit(kData, {}, std::vector<double>{1, 2}).status().message(),
              HasSubstr("weights.size() = 2"));
  EXPECT_THAT(
      GaussianKde::Fit(kData, {}, std::vector<double>{1, 1, -1, 1, 1, 1}).status().message(),
      HasSubstr("weights[2] = -1"));
  EXPECT_THAT(GaussianKde::Fit(kData, {}, std::vector<double>(6, 0.0)).status().message(),
              HasSubstr("all zero"));
  EXPECT_THAT(GaussianKde::Fit(kData, FactorOptions(0)).status().message(),
              HasSubstr("factor = 0"));
  EXPECT_THAT(
      GaussianKde::Fit(std::vector<LatentPoint>{{1e300, 0}, {-1e300, 1}}).status().message(),
      HasSubstr("not finite"));
}

TEST(KdeTest, NanQueryGivesNan) {
  const GaussianKde kde = *GaussianKde::Fit(kData);
  EXPECT_TRUE(std::isnan(kde.Density({std::nan(""), 0})));
  EXPECT_TRUE(std::isnan(kde.LogDensity({0, std::nan("")})));
}

}  // namespace
}  // namespace latentspace
