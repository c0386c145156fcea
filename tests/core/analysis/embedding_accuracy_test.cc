// Tests of embedding accuracy: assignment to the most likely model and exact confusion counts.
#include "core/analysis/embedding_accuracy.h"

#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/core/analysis/synthetic_blobs.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;

// Three well-separated models at (0, 0), (10, 0) and (0, 10).
std::vector<GaussianKde> ThreeModels() {
  std::vector<GaussianKde> kdes;
  kdes.push_back(*GaussianKde::Fit(testing::GaussianBlob({0, 0, 1, 1, 0}, 300, 1)));
  kdes.push_back(*GaussianKde::Fit(testing::GaussianBlob({10, 0, 1, 1, 0}, 300, 2)));
  kdes.push_back(*GaussianKde::Fit(testing::GaussianBlob({0, 10, 1, 1, 0}, 300, 3)));
  return kdes;
}

TEST(EmbeddingAccuracyTest, ConfusionMatrixCountsTrueAgainstPredicted) {
  const std::vector<GaussianKde> kdes = ThreeModels();
  const LatentPoint at0{0.2, -0.1}, at1{9.8, 0.3}, at2{-0.3, 10.2};
  // True model 0: 4 points near model 0, 1 near model 2. True model 1: 2 near 1, 3 near 0.
  // True model 2: 1 near 2.
  const std::vector<LatentPoint> points = {at0, at0, at0, at0, at2, at1, at1, at0, at0, at0, at2};
  const std::vector<int> labels = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2};
  absl::StatusOr<EmbeddingAccuracy> result = ComputeEmbeddingAccuracy(kdes, points, labels);
  ASSERT_TRUE(result.ok()) << result.status();
  const std::vector<std::vector<int64_t>> expected = {{4, 0, 1}, {3, 2, 0}, {0, 0, 1}};
  EXPECT_EQ(result->confusion, expected);
  EXPECT_EQ(result->correct, 7);
  EXPECT_EQ(result->total, 11);
  EXPECT_DOUBLE_EQ(result->accuracy, 7.0 / 11);
  EXPECT_DOUBLE_EQ(result->recall[0], 0.8);
  EXPECT_DOUBLE_EQ(result->recall[1], 0.4);
  EXPECT_DOUBLE_EQ(result->recall[2], 1.0);
}

TEST(EmbeddingAccuracyTest, HeldOutSetsOfSeparatedModelsAreAllRecognised) {
  const std::vector<GaussianKde> kdes = ThreeModels();
  std::vector<LatentPoint> points;
  std::vector<int> labels;
  const LatentPoint centres[] = {{0, 0}, {10, 0}, {0, 10}};
  for (int m = 0; m < 3; ++m) {
    for (const LatentPoint& p :
         testing::GaussianBlob({centres[m].x, centres[m].y, 1, 1, 0}, 100, 50 + m)) {
      points.push_back(p);
      labels.push_back(m);
    }
  }
  absl::StatusOr<EmbeddingAccuracy> result = ComputeEmbeddingAccuracy(kdes, points, labels);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->accuracy, 1.0);
  // Far from every model the log-densities still compare (no underflow to equal zeros).
  EXPECT_EQ((*AssignToModels(kdes, std::vector<LatentPoint>{{200, 1}}))[0], 1);
  EXPECT_EQ((*AssignToModels(kdes, std::vector<LatentPoint>{{1, 300}}))[0], 2);
}

TEST(EmbeddingAccuracyTest, RefusesBadInput) {
  const std::vector<GaussianKde> kdes = ThreeModels();
  const std::vector<LatentPoint> points = {{0, 0}, {1, std::nan("")}};
  EXPECT_THAT(ComputeEmbeddingAccuracy(kdes, points, {0}).status().message(),
              HasSubstr("labels.size() = 1"));
  EXPECT_THAT(ComputeEmbeddingAccuracy(kdes, points, {0, 3}).status().message(),
              HasSubstr("labels[1] = 3"));
  EXPECT_THAT(ComputeEmbeddingAccuracy(kdes, points, {0, 1}).status().message(),
              HasSubstr("points[1].y = nan"));
  EXPECT_THAT(ComputeEmbeddingAccuracy(kdes, {}, {}).status().message(), HasSubstr("no points"));
  EXPECT_THAT(AssignToModels({}, points).status().message(), HasSubstr("no models"));
}

}  // namespace
}  // namespace latentspace
