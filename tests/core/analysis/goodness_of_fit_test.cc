// Tests of the goodness-of-fit test: its statistic, that held-out draws of the model are flagged
// as often as the threshold says (no more), that a sample of another model is flagged, and
// refusals.
#include "core/analysis/goodness_of_fit.h"

#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/core/analysis/synthetic_blobs.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;

constexpr testing::Blob kModel = {0, 0, 1, 0.5, 0.3};

TEST(GoodnessOfFitTest, StatisticIsTheMeanLogDensity) {
  const GaussianKde kde = *GaussianKde::Fit(testing::GaussianBlob(kModel, 300, 1));
  const std::vector<LatentPoint> reference = testing::GaussianBlob(kModel, 100, 2);
  const std::vector<LatentPoint> sample = testing::GaussianBlob(kModel, 7, 3);
  const FitTest fit = *TestFit(kde, ReferenceLogDensities(kde, reference), sample);
  double sum = 0;
  for (const LatentPoint& p : sample) sum += kde.LogDensity(p);
  EXPECT_NEAR(fit.statistic, sum / 7, 1e-12);
  EXPECT_EQ(fit.sets, 7);
  EXPECT_EQ(fit.reference_sets, 100);
  EXPECT_EQ(fit.permutations, FitTestOptions{}.permutations);
  EXPECT_GT(fit.p_value, 0);
  EXPECT_LE(fit.p_value, 1);
  // The same query gets the same p-value.
  EXPECT_EQ(TestFit(kde, ReferenceLogDensities(kde, reference), sample)->p_value, fit.p_value);
}

// Samples of the model itself, of 3 and of 40 sets: the share with p below a threshold is at most
// about the threshold (four binomial standard deviations of slack), at 0.05 and at 0.2. The
// reference is redrawn every 50 samples so that the check is not about one reference draw.
TEST(GoodnessOfFitTest, SamplesOfTheModelAreFlaggedAsOftenAsTheThresholdSays) {
  const GaussianKde kde = *GaussianKde::Fit(testing::GaussianBlob(kModel, 400, 10));
  FitTestOptions options;
  options.permutations = 499;
  for (int sets : {3, 40}) {
    constexpr int kTrials = 1500;
    int below_005 = 0, below_020 = 0;
    std::vector<LatentPoint> reference;
    for (int trial = 0; trial < kTrials; ++trial) {
      if (trial % 50 == 0) reference = testing::GaussianBlob(kModel, 200, 5000 + trial);
      const FitTest fit = *TestFit(kde, ReferenceLogDensities(kde, reference),
                                   testing::GaussianBlob(kModel, sets, 100000 + trial), options);
      below_005 += fit.p_value < 0.05;
      below_020 += fit.p_value < 0.2;
    }
    for (const auto& [threshold, count] : {std::pair{0.05, below_005}, std::pair{0.2, below_020}}) {
      const double rate = static_cast<double>(count) / kTrials;
      const double sigma = std::sqrt(threshold * (1 - threshold) / kTrials);
      EXPECT_NEAR(rate, threshold, 4 * sigma) << sets << " sets, threshold " << threshold;
    }
  }
}

TEST(GoodnessOfFitTest, AnotherModelIsFlagged) {
  const GaussianKde kde = *GaussianKde::Fit(testing::GaussianBlob(kModel, 400, 20));
  const std::vector<LatentPoint> reference = testing::GaussianBlob(kModel, 200, 21);
  int flagged = 0;
  for (int trial = 0; trial < 50; ++trial) {
    // Shifted by 2.5 standard deviations along x: most of its sets sit in the model's tail.
    const std::vector<LatentPoint> other =
        testing::GaussianBlob({2.5, 0, 1, 0.5, 0.3}, 10, 300 + trial);
    const FitTest fit = *TestFit(kde, ReferenceLogDensities(kde, reference), other);
    EXPECT_LT(fit.statistic, fit.reference_statistic);
    flagged += fit.p_value < 0.01;
  }
  EXPECT_GE(flagged, 45);
}

TEST(GoodnessOfFitTest, RefusesBadInput) {
  const GaussianKde kde = *GaussianKde::Fit(testing::GaussianBlob(kModel, 50, 30));
  const std::vector<LatentPoint> points = {{0, 0}, {1, 1}};
  EXPECT_THAT(TestFit(kde, ReferenceLogDensities(kde, points), {}).status().message(),
              HasSubstr("no sets"));
  EXPECT_THAT(TestFit(kde, {}, points).status().message(), HasSubstr("no held-out sets"));
  EXPECT_THAT(TestFit(kde, std::vector<double>{-1, NAN}, points).status().message(),
              HasSubstr("held-out log-density [1] = nan"));
  EXPECT_THAT(TestFit(kde, ReferenceLogDensities(kde, points), std::vector<LatentPoint>{{NAN, 0}})
                  .status()
                  .message(),
              HasSubstr("sample points[0].x = nan"));
  FitTestOptions none;
  none.permutations = 0;
  EXPECT_THAT(TestFit(kde, ReferenceLogDensities(kde, points), points, none).status().message(),
              HasSubstr("permutations = 0"));
}

}  // namespace
}  // namespace latentspace
