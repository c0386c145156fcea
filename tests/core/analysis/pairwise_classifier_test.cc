// Tests of the pairwise k-NN classifiers: chance for identical models, accuracy rising with
// separation (and its rank correlation with distance), determinism, and refusals.
#include "core/analysis/pairwise_classifier.h"

#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/core/analysis/synthetic_blobs.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;

// Events with 3 standard-normal features, the first shifted by `shift`.
FeatureMatrix Model(double shift, int events, uint64_t seed) {
  FeatureMatrix matrix{{"f0", "f1", "f2"}, {}};
  testing::NormalSource source(seed);
  for (int i = 0; i < events; ++i) {
    matrix.values.push_back(static_cast<float>(shift + source.Normal()));
    matrix.values.push_back(static_cast<float>(source.Normal()));
    matrix.values.push_back(static_cast<float>(source.Normal()));
  }
  return matrix;
}

const double kShifts[] = {0, 0.5, 1.5, 3.5};  // pairwise distances all different

std::vector<FeatureMatrix> Models() {
  std::vector<FeatureMatrix> models;
  for (int m = 0; m < 4; ++m) models.push_back(Model(kShifts[m], 1200, 100 + m));
  return models;
}

TEST(PairwiseClassifierTest, AccuracyRisesWithSeparationAndTracksDistance) {
  PairwiseClassifierOptions options;
  options.max_events_per_model = 1000;
  absl::StatusOr<PairwiseAccuracy> result = PairwiseKnnAccuracy(Models(), options);
  ASSERT_TRUE(result.ok()) << result.status();
  const auto& accuracy = result->accuracy;
  for (int a = 0; a < 4; ++a) {
    EXPECT_EQ(accuracy[a][a], 0.5);
    for (int b = 0; b < 4; ++b) EXPECT_EQ(accuracy[a][b], accuracy[b][a]);
  }
  // Bayes accuracy for two unit Gaussians d apart is Phi(d / 2): 0.60, 0.77, 0.96 for
  // d = 0.5, 1.5, 3.5; k-NN in 3-D gets somewhat less.
  EXPECT_NEAR(accuracy[0][1], 0.57, 0.06);
  EXPECT_GT(accuracy[0][2], 0.68);
  EXPECT_GT(accuracy[0][3], 0.93);
  EXPECT_GT(accuracy[0][3], accuracy[0][2]);
  EXPECT_GT(accuracy[0][2], accuracy[0][1]);
  std::vector<std::vector<double>> distance(4, std::vector<double>(4));
  for (int a = 0; a < 4; ++a) {
    for (int b = 0; b < 4; ++b) distance[a][b] = std::abs(kShifts[a] - kShifts[b]);
  }
  absl::StatusOr<double> correlation = UpperTriangleSpearman(accuracy, distance);
  ASSERT_TRUE(correlation.ok()) << correlation.status();
  EXPECT_GT(*correlation, 0.9);
}

TEST(PairwiseClassifierTest, IdenticalModelsAreAtChance) {
  const std::vector<FeatureMatrix> models = {Model(0, 1000, 1), Model(0, 1000, 2)};
  absl::StatusOr<PairwiseAccuracy> result = PairwiseKnnAccuracy(models);
  ASSERT_TRUE(result.ok());
  EXPECT_NEAR(result->accuracy[0][1], 0.5, 0.05);  // 1000 test events: sigma 0.016
}

TEST(PairwiseClassifierTest, DeterministicForASeedWhateverTheThreads) {
  PairwiseClassifierOptions options;
  options.max_events_per_model = 300;
  options.seed = 42;
  options.threads = 1;
  const std::vector<FeatureMatrix> models = Models();
  const PairwiseAccuracy one = *PairwiseKnnAccuracy(models, options);
  options.threads = 3;
  EXPECT_EQ(PairwiseKnnAccuracy(models, options)->accuracy, one.accuracy);
  EXPECT_EQ(one.seed, 42u);
  EXPECT_EQ(one.k, 15);
  options.seed = 43;
  EXPECT_NE(PairwiseKnnAccuracy(models, options)->accuracy, one.accuracy);
}

TEST(PairwiseClassifierTest, RefusesBadInput) {
  std::vector<FeatureMatrix> models = {Model(0, 100, 1), Model(1, 10, 2)};
  EXPECT_THAT(PairwiseKnnAccuracy(models).status().message(),
              HasSubstr("model 1 has 10 events; k = 15 needs at least 16"));
  models[1] = Model(1, 100, 2);
  models[1].names[2] = "other";
  EXPECT_THAT(PairwiseKnnAccuracy(models).status().message(), HasSubstr("model 1 has features"));
  models[1] = Model(1, 100, 2);
  models[1].values[7] = std::nanf("");
  EXPECT_THAT(PairwiseKnnAccuracy(models).status().message(),
              HasSubstr("model 1 row 2 feature 'f1' = nan"));
  EXPECT_THAT(PairwiseKnnAccuracy({models[0]}).status().message(), HasSubstr("at least 2"));
  EXPECT_THAT(UpperTriangleSpearman({{0, 1}, {1, 0}}, {{0, 1}, {1, 0}}).status().message(),
              HasSubstr(">= 3"));
}

}  // namespace
}  // namespace latentspace
