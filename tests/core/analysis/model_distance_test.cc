// Tests of model distances: exact 1-D Wasserstein values (scipy's), the sliced distance of
// shifted copies, centroid distances, KDE overlap, and refusals.
#include "core/analysis/model_distance.h"

#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/core/analysis/synthetic_blobs.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;

// Expected values: scipy.stats.wasserstein_distance([0,1,3],[5,6]) = 4.166666666666666 and
// wasserstein_distance([0.5,2,2,7],[1,3,4,4,10]) = 1.8250000000000002 (scipy 1.10.1).
TEST(ModelDistanceTest, Wasserstein1DMatchesScipy) {
  EXPECT_NEAR(*Wasserstein1D({0, 1, 3}, {5, 6}), 4.166666666666666, 1e-14);
  EXPECT_NEAR(*Wasserstein1D({0.5, 2, 2, 7}, {1, 3, 4, 4, 10}), 1.8250000000000002, 1e-14);
  EXPECT_EQ(*Wasserstein1D({3, 1, 2}, {2, 3, 1}), 0.0);
  EXPECT_DOUBLE_EQ(*Wasserstein1D({0}, {0, 1}), 0.5);
}

TEST(ModelDistanceTest, SlicedWassersteinOfShiftedCopiesIsTheShift) {
  const std::vector<LatentPoint> a = testing::GaussianBlob({1, 2, 1.5, 0.4, 0.6}, 500, 9);
  for (const LatentPoint shift : {LatentPoint{3, 0}, LatentPoint{-1.2, 2.5}, LatentPoint{0, 0.1}}) {
    std::vector<LatentPoint> b = a;
    for (LatentPoint& p : b) p = {p.x + shift.x, p.y + shift.y};
    const double length = std::hypot(shift.x, shift.y);
    absl::StatusOr<double> distance = SlicedWasserstein(a, b);
    ASSERT_TRUE(distance.ok()) << distance.status();
    EXPECT_NEAR(*distance, length, 1e-3 * length);
  }
  EXPECT_NEAR(*SlicedWasserstein(a, a), 0.0, 1e-12);
}

TEST(ModelDistanceTest, MatricesAreSymmetricAndOrdered) {
  const std::vector<std::vector<LatentPoint>> models = {
      testing::GaussianBlob({0, 0, 1, 1, 0}, 400, 1),
      testing::GaussianBlob({2, 0, 1, 1, 0}, 300, 2),
      testing::GaussianBlob({8, 0, 1, 1, 0}, 350, 3),
      testing::GaussianBlob({0, 0, 3, 0.3, 0}, 400, 4)};  // same centre as 0, other shape
  const std::vector<std::string> names = {"a", "b", "c", "d"};
  ModelDistanceOptions options;
  options.kde_overlap = true;
  absl::StatusOr<ModelDistances> result = ComputeModelDistances(models, names, options);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->names, names);
  EXPECT_EQ(result->projections, 64);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(result->centroid[i][i], 0);
    EXPECT_EQ(result->sliced_wasserstein[i][i], 0);
    EXPECT_EQ(result->kde_overlap[i][i], 1);
    for (int j = 0; j < 4; ++j) {
      EXPECT_EQ(result->sliced_wasserstein[i][j], result->sliced_wasserstein[j][i]);
      EXPECT_EQ(result->kde_overlap[i][j], result->kde_overlap[j][i]);
    }
  }
  EXPECT_NEAR(result->centroid[0][2], 8, 0.2);
  EXPECT_NEAR(result->sliced_wasserstein[0][1], 2, 0.2);
  EXPECT_NEAR(result->sliced_wasserstein[0][2], 8, 0.2);
  // Centroids cannot tell a from d, the sliced distance can.
  EXPECT_LT(result->centroid[0][3], 0.2);
  EXPECT_GT(result->sliced_wasserstein[0][3], 0.5);
  // Overlap falls with distance: two unit Gaussians 2 apart, widened by the kernels to
  // sigma = sqrt(1 + 400^(-1/3)) = 1.066, overlap 2 Phi(-1 / 1.066) = 0.348; 8 apart, nothing.
  EXPECT_NEAR(result->kde_overlap[0][1], 0.348, 0.03);
  EXPECT_LT(result->kde_overlap[0][2], 1e-3);
}

TEST(ModelDistanceTest, SinglePointModelsWork) {
  const std::vector<std::vector<LatentPoint>> models = {{{0, 0}}, {{3, 4}}};
  ModelDistanceOptions options;
  options.kde_overlap = true;
  absl::StatusOr<ModelDistances> result = ComputeModelDistances(models, {"p", "q"}, options);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_NEAR(result->centroid[0][1], 5, 1e-12);
  EXPECT_NEAR(result->sliced_wasserstein[0][1], 5, 5e-3);
  EXPECT_LT(result->kde_overlap[0][1], 1e-6);
}

TEST(ModelDistanceTest, RefusesBadInput) {
  EXPECT_THAT(Wasserstein1D({}, {1}).status().message(), HasSubstr("sample a is empty"));
  EXPECT_THAT(Wasserstein1D({1}, {std::nan("")}).status().message(), HasSubstr("b[0] = nan"));
  const std::vector<LatentPoint> a = {{0, 0}};
  EXPECT_THAT(SlicedWasserstein(a, a, 0).status().message(), HasSubstr("projections = 0"));
  EXPECT_THAT(SlicedWasserstein(a, {}).status().message(), HasSubstr("must be non-zero"));
  const std::vector<std::vector<LatentPoint>> models = {{{0, 0}}, {}};
  EXPECT_THAT(ComputeModelDistances(models, {"a", "b"}).status().message(),
              HasSubstr("model 1 (b) has no points"));
  EXPECT_THAT(ComputeModelDistances(models, {"a"}).status().message(), HasSubstr("1 names"));
  const std::vector<std::vector<LatentPoint>> bad = {{{0, 0}}, {{std::nan(""), 1}}};
  EXPECT_THAT(ComputeModelDistances(bad, {"a", "b"}).status().message(),
              HasSubstr("model b points[0].x = nan"));
}

}  // namespace
}  // namespace latentspace
