// Tests of nearest-model ranking: order, scores, centroid distances and win shares on separated
// blobs, and refusals.
#include "core/analysis/proximity.h"

#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/core/analysis/synthetic_blobs.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;

// Models along the x axis at 0, 3, 6 and 12.
std::vector<GaussianKde> Models() {
  std::vector<GaussianKde> kdes;
  int seed = 1;
  for (double x : {0.0, 3.0, 6.0, 12.0}) {
    kdes.push_back(*GaussianKde::Fit(testing::GaussianBlob({x, 0, 1, 1, 0}, 400, seed++)));
  }
  return kdes;
}

const std::vector<std::string> kNames = {"m0", "m3", "m6", "m12"};

TEST(ProximityTest, RanksModelsByLikelihoodOfTheSample) {
  const std::vector<GaussianKde> kdes = Models();
  // A sample from a model at x = 5.5: nearest m6, then m3, then m0, then m12 (6.5 away).
  const std::vector<LatentPoint> sample = testing::GaussianBlob({5.5, 0, 1, 1, 0}, 100, 77);
  absl::StatusOr<std::vector<ModelProximity>> ranking = RankNearestModels(kdes, kNames, sample);
  ASSERT_TRUE(ranking.ok()) << ranking.status();
  ASSERT_EQ(ranking->size(), 4u);
  EXPECT_EQ((*ranking)[0].name, "m6");
  EXPECT_EQ((*ranking)[0].model, 2);
  EXPECT_EQ((*ranking)[1].name, "m3");
  EXPECT_EQ((*ranking)[2].name, "m0");
  EXPECT_EQ((*ranking)[3].name, "m12");
  double shares = 0;
  for (const ModelProximity& entry : *ranking) {
    shares += entry.win_share;
    EXPECT_NEAR(entry.mean_log_likelihood * 100, entry.score, 1e-9 * std::abs(entry.score));
    // The score is the sum of per-set log-likelihoods.
    double score = 0;
    for (const LatentPoint& p : sample) score += kdes[entry.model].LogDensity(p);
    EXPECT_NEAR(entry.score, score, 1e-9 * std::abs(score));
  }
  EXPECT_NEAR(shares, 1.0, 1e-12);
  EXPECT_GT((*ranking)[0].win_share, 0.6);
  EXPECT_EQ((*ranking)[3].win_share, 0.0);
  EXPECT_GT((*ranking)[0].score, (*ranking)[1].score);
  EXPECT_NEAR((*ranking)[0].centroid_distance, 0.5, 0.25);
  EXPECT_NEAR((*ranking)[3].centroid_distance, 6.5, 0.25);
}

TEST(ProximityTest, FarSampleStillRanksWithoutUnderflow) {
  const std::vector<GaussianKde> kdes = Models();
  // 100 units beyond m12: every density underflows, log-densities do not.
  const std::vector<LatentPoint> sample = {{112, 0}, {113, 1}};
  absl::StatusOr<std::vector<ModelProximity>> ranking = RankNearestModels(kdes, kNames, sample);
  ASSERT_TRUE(ranking.ok());
  EXPECT_EQ((*ranking)[0].name, "m12");
  EXPECT_EQ((*ranking)[0].win_share, 1.0);
  EXPECT_EQ((*ranking)[3].name, "m0");
  EXPECT_TRUE(std::isfinite((*ranking)[3].score));
}

TEST(ProximityTest, RefusesBadInput) {
  const std::vector<GaussianKde> kdes = Models();
  const std::vector<LatentPoint> sample = {{0, 0}};
  EXPECT_THAT(RankNearestModels(kdes, {"a"}, sample).status().message(), HasSubstr("1 names"));
  EXPECT_THAT(RankNearestModels(kdes, kNames, {}).status().message(), HasSubstr("no points"));
  EXPECT_THAT(RankNearestModels({}, {}, sample).status().message(), HasSubstr("no known models"));
  EXPECT_THAT(
      RankNearestModels(kdes, kNames, std::vector<LatentPoint>{{0, INFINITY}}).status().message(),
      HasSubstr("sample points[0].y = inf"));
}

}  // namespace
}  // namespace latentspace
