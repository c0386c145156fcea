// Tests of the known-model space: nearest models with inferred parameters, contours, feature maps
// and distances, on Gaussian blobs whose answers are known.
#include "core/analysis/known_model_space.h"

#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/core/analysis/synthetic_blobs.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;

// Three models of family "line", x = mass / 250, with one feature equal to the point's x
// coordinate times 100 (so feature maps must increase along x), and 200 held-out sets each.
std::vector<ModelPoints> ThreeModels() {
  std::vector<ModelPoints> models;
  for (int m = 0; m < 3; ++m) {
    const double mass = 1000.0 * (m + 1);
    ModelPoints model{"model" + std::to_string(m), {{"mass", mass}}, {}, {}, "line", {}};
    model.points = testing::GaussianBlob({mass / 1000.0 * 4, 0, 0.5, 0.5, 0}, 800, 7 + m);
    model.test_points = testing::GaussianBlob({mass / 1000.0 * 4, 0, 0.5, 0.5, 0}, 200, 70 + m);
    for (const LatentPoint& p : model.points) model.feature_means.push_back(100 * p.x);
    models.push_back(std::move(model));
  }
  return models;
}

TEST(KnownModelSpaceTest, NearestRanksTheTrueModelFirstAndInfersItsParameter) {
  absl::StatusOr<KnownModelSpace> space = KnownModelSpace::Build(ThreeModels(), {"x100"});
  ASSERT_TRUE(space.ok()) << space.status();
  // A sample of the middle model (mass 2000).
  const std::vector<LatentPoint> sample = testing::GaussianBlob({8, 0, 0.5, 0.5, 0}, 20, 99);
  absl::StatusOr<NearestModels> nearest = space->Nearest(sample);
  ASSERT_TRUE(nearest.ok()) << nearest.status();
  ASSERT_EQ(nearest->ranking.size(), 3u);
  EXPECT_EQ(nearest->ranking[0].name, "model1");
  EXPECT_GT(nearest->ranking[0].win_share, 0.9);
  ASSERT_EQ(nearest->inferred.size(), 1u);
  EXPECT_EQ(nearest->inferred[0].name, "mass");
  // The sample's mean x scatters by 0.5 / sqrt(20) = 0.11 around 8, i.e. 28 in mass (x = mass /
  // 250): a fixed tolerance of 100, not one scaled by the estimator's own uncertainty, which must
  // itself be positive and below the grid's spacing.
  EXPECT_NEAR(nearest->inferred[0].value, 2000, 100);
  EXPECT_GT(nearest->inferred[0].uncertainty, 0);
  EXPECT_LT(nearest->inferred[0].uncertainty, 1000);
  EXPECT_THAT(nearest->inference_note, HasSubstr("among the 3 models of family 'line'"));
  EXPECT_EQ(nearest->family_models, (std::vector<std::string>{"model0", "model1", "model2"}));
  // A sample of the model itself fits it.
  ASSERT_TRUE(nearest->fit.has_value());
  EXPECT_GT(nearest->fit->p_value, 0.01);
  EXPECT_EQ(nearest->fit->sets, 20);
  EXPECT_EQ(nearest->fit->reference_sets, 200);
}

TEST(KnownModelSpaceTest, ASampleBetweenTheModelsFitsNoneOfThem) {
  const KnownModelSpace space = *KnownModelSpace::Build(ThreeModels(), {});
  // Half-way between model1 (x = 8) and model2 (x = 12), 4 of their standard deviations from each.
  const NearestModels nearest = *space.Nearest(testing::GaussianBlob({10, 0, 0.5, 0.5, 0}, 20, 5));
  ASSERT_TRUE(nearest.fit.has_value());
  EXPECT_LT(nearest.fit->p_value, 0.001);
  EXPECT_LT(nearest.fit->statistic, nearest.fit->reference_statistic);
}

TEST(KnownModelSpaceTest, ParametersAreInferredOnlyWithinTheBestModelsFamily) {
  std::vector<ModelPoints> models = ThreeModels();
  // A fourth model with a mass of another meaning, next to model2: never mixed with the line.
  ModelPoints other{"other", {{"mass", 9000}}, {}, {}, "other", {}};
  other.points = testing::GaussianBlob({16, 0, 0.5, 0.5, 0}, 800, 40);
  models.push_back(other);
  // One without a family and one with other parameter names in family "line".
  ModelPoints unlabelled{"unlabelled", {{"mass", 500}}, {}, {}, "", {}};
  unlabelled.points = testing::GaussianBlob({-10, 0, 0.5, 0.5, 0}, 800, 41);
  models.push_back(unlabelled);
  ModelPoints renamed{"renamed", {{"mstop", 500}}, {}, {}, "line", {}};
  renamed.points = testing::GaussianBlob({0, 10, 0.5, 0.5, 0}, 800, 42);
  models.push_back(renamed);
  const KnownModelSpace space = *KnownModelSpace::Build(models, {});

  const NearestModels line = *space.Nearest(testing::GaussianBlob({12, 0, 0.5, 0.5, 0}, 20, 6));
  EXPECT_EQ(line.ranking[0].name, "model2");
  EXPECT_EQ(line.family_models, (std::vector<std::string>{"model0", "model1", "model2"}));
  ASSERT_EQ(line.inferred.size(), 1u);
  EXPECT_NEAR(line.inferred[0].value, 3000, 150);

  const NearestModels alone = *space.Nearest(testing::GaussianBlob({16, 0, 0.5, 0.5, 0}, 20, 7));
  EXPECT_EQ(alone.ranking[0].name, "other");
  EXPECT_TRUE(alone.inferred.empty());
  EXPECT_THAT(alone.inference_note,
              HasSubstr("family 'other' has 1 model for 1 parameter, fewer than the 2"));
  // Nor is its fit tested: it has no held-out sets.
  EXPECT_FALSE(alone.fit.has_value());
  EXPECT_THAT(alone.fit_note, HasSubstr("'other' has no held-out test sets"));

  const NearestModels none = *space.Nearest(testing::GaussianBlob({-10, 0, 0.5, 0.5, 0}, 20, 8));
  EXPECT_TRUE(none.inferred.empty());
  EXPECT_THAT(none.inference_note, HasSubstr("'unlabelled' has no family label"));

  const NearestModels renamed_best =
      *space.Nearest(testing::GaussianBlob({0, 10, 0.5, 0.5, 0}, 20, 9));
  EXPECT_EQ(renamed_best.ranking[0].name, "renamed");
  EXPECT_TRUE(renamed_best.inferred.empty());
  EXPECT_THAT(renamed_best.inference_note, HasSubstr("family 'line' has 1 model"));
}

TEST(KnownModelSpaceTest, ContoursAreClosedAndNestedByMass) {
  absl::StatusOr<KnownModelSpace> space = KnownModelSpace::Build(ThreeModels(), {});
  ASSERT_TRUE(space.ok());
  const std::vector<double> masses = {0.5, 0.9};
  absl::StatusOr<ContourSet> contours = space->Contours(masses, 128);
  ASSERT_TRUE(contours.ok()) << contours.status();
  ASSERT_EQ(contours->contours.size(), 6u);
  for (const ModelContour& contour : contours->contours) {
    ASSERT_FALSE(contour.polylines.empty());
    for (const Polyline& line : contour.polylines) EXPECT_TRUE(line.closed);
  }
  // The 90% region of a model lies outside its 50% region: a lower density level.
  EXPECT_LT(contours->contours[1].level, contours->contours[0].level);
  EXPECT_LT(contours->x_min, 4 - 1.5);
  EXPECT_GT(contours->x_max, 12 + 1.5);
  EXPECT_EQ(space->Contours(std::vector<double>{1.5}, 128).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(space->Contours(masses, 8).status().message(), HasSubstr("grid size 8"));
}

TEST(KnownModelSpaceTest, FeatureMapFollowsTheFeature) {
  absl::StatusOr<KnownModelSpace> space = KnownModelSpace::Build(ThreeModels(), {"x100"});
  ASSERT_TRUE(space.ok());
  absl::StatusOr<FeatureMap> map = space->MapFeature("x100", 16);
  ASSERT_TRUE(map.ok()) << map.status();
  // In every non-empty bin the mean lies within the bin's x range (times 100).
  int checked = 0;
  for (int iy = 0; iy < 16; ++iy) {
    for (int ix = 0; ix < 16; ++ix) {
      if (map->empty(ix, iy)) continue;
      const double centre = map->BinCentre(ix, iy).x * 100;
      EXPECT_NEAR(map->mean[iy * 16 + ix], centre, 100 * map->bin_width_x() / 2 + 1e-9);
      ++checked;
    }
  }
  EXPECT_GT(checked, 20);
  EXPECT_THAT(space->MapFeature("met", 16).status().message(),
              HasSubstr("unknown feature 'met' (known: x100)"));
  // A client's bytes come back escaped, never raw (a terminal escape, a line break).
  EXPECT_THAT(space->MapFeature("m\x1b[2J\n", 16).status().message(),
              HasSubstr("unknown feature 'm\\x1b[2J\\n'"));
  absl::StatusOr<KnownModelSpace> without = KnownModelSpace::Build(
      {{"a", {}, {{0, 0}, {1, 1}}, {}, "", {}}, {"b", {}, {{2, 0}, {3, 1}}, {}, "", {}}}, {"x100"});
  ASSERT_TRUE(without.ok());
  EXPECT_EQ(without->MapFeature("x100", 4).status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(KnownModelSpaceTest, DistancesGrowWithSeparation) {
  absl::StatusOr<KnownModelSpace> space = KnownModelSpace::Build(ThreeModels(), {});
  ASSERT_TRUE(space.ok());
  absl::StatusOr<ModelDistances> distances = space->Distances();
  ASSERT_TRUE(distances.ok());
  EXPECT_NEAR(distances->centroid[0][2], 8, 0.2);
  EXPECT_LT(distances->sliced_wasserstein[0][1], distances->sliced_wasserstein[0][2]);
  EXPECT_EQ(distances->centroid[1][0], distances->centroid[0][1]);
}

TEST(KnownModelSpaceTest, DegenerateModelsAreRegularisedNotFatal) {
  // A model whose points all coincide: the KDE regularises, the questions still get answers.
  absl::StatusOr<KnownModelSpace> space = KnownModelSpace::Build(
      {{"point", {}, std::vector<LatentPoint>(50, {1, 1}), {}, "", {}},
       {"blob", {}, testing::GaussianBlob({5, 5, 1, 1, 0}, 200, 3), {}, "", {}}},
      {});
  ASSERT_TRUE(space.ok()) << space.status();
  EXPECT_TRUE(space->kdes()[0].regularised());
  absl::StatusOr<ContourSet> contours = space->Contours(std::vector<double>{0.5}, 64);
  ASSERT_TRUE(contours.ok()) << contours.status();
  EXPECT_THAT(contours->contours[0].note, HasSubstr("binned onto the grid"));
  EXPECT_FALSE(contours->contours[0].polylines.empty());
  EXPECT_EQ(contours->contours[1].note, "");
  absl::StatusOr<NearestModels> nearest = space->Nearest(std::vector<LatentPoint>{{1, 1}});
  ASSERT_TRUE(nearest.ok());
  EXPECT_EQ(nearest->ranking[0].name, "point");
  EXPECT_EQ(KnownModelSpace::Build({}, {}).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace latentspace
