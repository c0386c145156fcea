// Tests of feature maps: per-bin means and counts, bin edges, empty bins, skipped points.
#include "core/analysis/feature_map.h"

#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;

BinRange Range(double x_min, double x_max, double y_min, double y_max, int nx, int ny) {
  BinRange range;
  range.x_min = x_min;
  range.x_max = x_max;
  range.y_min = y_min;
  range.y_max = y_max;
  range.nx = nx;
  range.ny = ny;
  return range;
}

TEST(FeatureMapTest, BinsHoldTheMeanAndCountOfTheirPoints) {
  // 2 x 2 bins over [0, 2] x [0, 2].
  const std::vector<LatentPoint> points = {
      {0.5, 0.5},  {0.2, 0.9},  // bin (0, 0)
      {1.5, 0.5},               // bin (1, 0)
      {1.0, 1.0},               // lower edges belong to the bin above: (1, 1)
      {2.0, 2.0},               // the upper edge belongs to the last bin: (1, 1)
      {-0.1, 1.0}, {1, 2.01}};  // outside
  const std::vector<double> values = {10, 20, 7, 1, 3, 100, 100};
  absl::StatusOr<FeatureMap> map = BuildFeatureMap(points, values, Range(0, 2, 0, 2, 2, 2));
  ASSERT_TRUE(map.ok()) << map.status();
  EXPECT_EQ(map->count, (std::vector<int64_t>{2, 1, 0, 2}));
  EXPECT_DOUBLE_EQ(map->mean[0], 15);
  EXPECT_DOUBLE_EQ(map->mean[1], 7);
  EXPECT_TRUE(std::isnan(map->mean[2]));  // bin (0, 1) is empty
  EXPECT_TRUE(map->empty(0, 1));
  EXPECT_DOUBLE_EQ(map->mean[3], 2);
  EXPECT_EQ(map->outside, 2);
  EXPECT_EQ(map->skipped, 0);
  EXPECT_DOUBLE_EQ(map->BinCentre(1, 0).x, 1.5);
  EXPECT_DOUBLE_EQ(map->BinCentre(1, 0).y, 0.5);
}

TEST(FeatureMapTest, NonFinitePointsAndValuesAreSkippedAndCounted) {
  const std::vector<LatentPoint> points = {{0.5, 0.5}, {std::nan(""), 0.5}, {0.5, 0.5}};
  const std::vector<double> values = {1, 2, INFINITY};
  absl::StatusOr<FeatureMap> map = BuildFeatureMap(points, values, Range(0, 1, 0, 1, 3, 1));
  ASSERT_TRUE(map.ok());
  EXPECT_EQ(map->skipped, 2);
  EXPECT_EQ(map->count[1], 1);
  EXPECT_EQ(map->mean[1], 1);
}

TEST(FeatureMapTest, NoPointsGivesAllBinsEmpty) {
  absl::StatusOr<FeatureMap> map = BuildFeatureMap({}, {}, Range(0, 1, 0, 1, 4, 3));
  ASSERT_TRUE(map.ok());
  EXPECT_EQ(map->count, std::vector<int64_t>(12, 0));
  for (double mean : map->mean) EXPECT_TRUE(std::isnan(mean));
}

TEST(FeatureMapTest, RefusesBadRangesAndSizes) {
  const std::vector<LatentPoint> points = {{0, 0}};
  EXPECT_THAT(BuildFeatureMap(points, {1.0, 2.0}, Range(0, 1, 0, 1, 2, 2)).status().message(),
              HasSubstr("values.size() = 2"));
  EXPECT_THAT(BuildFeatureMap(points, {1.0}, Range(1, 1, 0, 1, 2, 2)).status().message(),
              HasSubstr("x range [1, 1]"));
  EXPECT_THAT(BuildFeatureMap(points, {1.0}, Range(0, 1, 0, std::nan(""), 2, 2)).status().message(),
              HasSubstr("y range"));
  EXPECT_THAT(BuildFeatureMap(points, {1.0}, Range(0, 1, 0, 1, 0, 2)).status().message(),
              HasSubstr("nx = 0"));
}

}  // namespace
}  // namespace latentspace
