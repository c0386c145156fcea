// Tests of what ProximityService answers from an encoder's known-model space
// (server/handlers/encoder_queries.h), without gRPC and without an encoder: three Gaussian blobs of
// one family whose answers are known. The request's prior and map nodes are checked and named; the
// ranking's posteriors sum to 1 with the true model first and carry each model's parameters and
// family; contours, feature maps and distances take the documented defaults and shapes.
#include "server/handlers/encoder_queries.h"

#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/core/analysis/synthetic_blobs.h"

namespace latentspace::server::handlers {
namespace {

using ::testing::HasSubstr;

// Models m0, m1, m2 of family "line" at x = 0, 3, 8 (mass 1000, 2000, 3000; unequal spacing, so
// that the distances rank strictly), each with one feature equal to 100 x and 200 held-out sets.
constexpr double kX[] = {0, 3, 8};

KnownModelSpace ThreeModels() {
  std::vector<ModelPoints> models;
  for (int m = 0; m < 3; ++m) {
    ModelPoints model{"m" + std::to_string(m), {{"mass", 1000.0 * (m + 1)}}, {}, {}, "line", {}};
    const latentspace::testing::Blob blob{kX[m], 0, 0.5, 0.5, 0};
    model.points = latentspace::testing::GaussianBlob(blob, 600, 11 + m);
    model.test_points = latentspace::testing::GaussianBlob(blob, 200, 31 + m);
    for (const LatentPoint& p : model.points) model.feature_means.push_back(100 * p.x);
    models.push_back(std::move(model));
  }
  absl::StatusOr<KnownModelSpace> space = KnownModelSpace::Build(std::move(models), {"x100"});
  EXPECT_TRUE(space.ok()) << space.status();
  return *std::move(space);
}

TEST(EncoderQueriesTest, ThePriorAndTheMapNodesAreCheckedAndNamed) {
  const KnownModelSpace space = ThreeModels();
  v1::QueryNearestRequest request;
  absl::StatusOr<NearestQuery> query = ReadNearestQuery(space, request);
  ASSERT_TRUE(query.ok()) << query.status();
  EXPECT_TRUE(query->prior.empty());  // uniform
  (*request.mutable_prior())["m2"] = 3;
  query = ReadNearestQuery(space, request);
  ASSERT_TRUE(query.ok()) << query.status();
  EXPECT_EQ(query->prior, (std::vector<double>{1, 1, 3}));
  (*request.mutable_prior())["gluino"] = 1;
  query = ReadNearestQuery(space, request);
  EXPECT_EQ(query.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(query.status().message(), HasSubstr("field 'prior' names 'gluino'"));
  request.mutable_prior()->erase("gluino");
  request.set_parameter_likelihood_nodes(1);
  query = ReadNearestQuery(space, request);
  EXPECT_EQ(query.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(query.status().message(), HasSubstr("parameter_likelihood_nodes"));
  request.set_parameter_likelihood_nodes(5);
  query = ReadNearestQuery(space, request);
  ASSERT_TRUE(query.ok()) << query.status();
  EXPECT_EQ(query->inference.map_nodes, 5);
}

TEST(EncoderQueriesTest, TheNearestAnswerRanksTheTrueModelFirstWithPosteriorsThatSumToOne) {
  const KnownModelSpace space = ThreeModels();
  const std::vector<LatentPoint> sample =
      latentspace::testing::GaussianBlob({3, 0, 0.5, 0.5, 0}, 20, 77);  // m1's
  v1::QueryNearestRequest request;
  request.set_parameter_likelihood_nodes(4);
  v1::QueryNearestResponse response;
  ASSERT_TRUE(AnswerNearest(space, sample, *ReadNearestQuery(space, request), &response).ok());
  ASSERT_EQ(response.ranking_size(), 3);
  EXPECT_EQ(response.ranking(0).model(), "m1");
  double total = 0;
  for (const v1::ModelMatch& match : response.ranking()) {
    total += match.posterior();
    EXPECT_EQ(match.family(), "line");
    EXPECT_EQ(match.parameters().size(), 1u);
  }
  EXPECT_NEAR(total, 1, 1e-12);
  EXPECT_EQ(response.ranking(0).parameters().at("mass"), 2000);
  EXPECT_EQ(response.fit().model(), "m1");
  EXPECT_EQ(response.fit().reference_sets(), 200);
  ASSERT_EQ(response.inferred_size(), 1);
  EXPECT_EQ(response.inferred(0).name(), "mass");
  EXPECT_GT(response.inferred(0).uncertainty(), 0);
  EXPECT_EQ(response.family_models_size(), 3);
  EXPECT_EQ(response.parameter_likelihood().nodes(), 4);
  EXPECT_EQ(response.parameter_likelihood().delta_chi2_size(), 4);
  EXPECT_EQ(response.sets(), 20);
  ASSERT_EQ(response.points_size(), 20);
  EXPECT_EQ(response.points(7).x(), sample[7].x);
}

TEST(EncoderQueriesTest, ContoursTakeTheDefaultMassAndGridAndNameEachModel) {
  const KnownModelSpace space = ThreeModels();
  v1::GetContoursRequest request;
  v1::GetContoursResponse response;
  ASSERT_TRUE(AnswerContours(space, request, &response).ok());
  ASSERT_EQ(response.contours_size(), 3);
  for (int m = 0; m < 3; ++m) {
    EXPECT_EQ(response.contours(m).model(), "m" + std::to_string(m));
    EXPECT_EQ(response.contours(m).mass(), 0.5);
    EXPECT_GT(response.contours(m).polylines_size(), 0);
    EXPECT_NEAR(response.contours(m).centroid().x(), kX[m], 0.1);
  }
  EXPECT_LT(response.x_min(), -1);
  EXPECT_GT(response.x_max(), 9);
  request.add_masses(1.5);
  v1::GetContoursResponse refused;
  EXPECT_EQ(AnswerContours(space, request, &refused).code(), absl::StatusCode::kInvalidArgument);
}

TEST(EncoderQueriesTest, AFeatureMapTakesTheDefaultBinsAndRisesAlongItsFeature) {
  const KnownModelSpace space = ThreeModels();
  v1::GetFeatureMapRequest request;
  request.set_feature("x100");
  v1::GetFeatureMapResponse response;
  ASSERT_TRUE(AnswerFeatureMap(space, request, &response).ok());
  EXPECT_EQ(response.feature(), "x100");
  ASSERT_EQ(response.nx(), 32);
  ASSERT_EQ(response.ny(), 32);
  ASSERT_EQ(response.mean_size(), 32 * 32);
  EXPECT_EQ(std::accumulate(response.count().begin(), response.count().end(), int64_t{0}), 1800);
  // The mean feature of the first and last occupied columns (bin (ix, iy) at iy * nx + ix).
  double first = NAN;
  double last = NAN;
  for (int iy = 0; iy < 32; ++iy) {
    if (response.count(iy * 32) > 0) first = response.mean(iy * 32);
    if (response.count(iy * 32 + 31) > 0) last = response.mean(iy * 32 + 31);
  }
  EXPECT_LT(first, 0);
  EXPECT_GT(last, 700);
  request.set_feature("met");
  v1::GetFeatureMapResponse refused;
  const absl::Status status = AnswerFeatureMap(space, request, &refused);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("met"));
}

TEST(EncoderQueriesTest, DistancesAreSymmetricAndCarryTheRecordedSeparation) {
  const KnownModelSpace space = ThreeModels();
  ModelSeparation separation;
  v1::GetDistanceMatrixResponse response;
  ASSERT_TRUE(AnswerDistances(space, separation, &response).ok());
  ASSERT_EQ(response.models_size(), 3);
  ASSERT_EQ(response.centroid_size(), 9);
  for (int a = 0; a < 3; ++a) {
    EXPECT_EQ(response.centroid(a * 3 + a), 0);
    for (int b = 0; b < 3; ++b)
      EXPECT_EQ(response.centroid(a * 3 + b), response.centroid(b * 3 + a));
  }
  EXPECT_NEAR(response.centroid(0 * 3 + 2), 8, 0.1);
  EXPECT_TRUE(std::isnan(response.classifier_centroid_spearman()));  // no classifier matrix
  EXPECT_EQ(response.test_confusion_size(), 0);
  // A classifier that separates the farther pairs better (m0-m1 at distance 3, m1-m2 at 5, m0-m2
  // at 8) ranks the pairs as the centroid distances do.
  separation.test_confusion = {{9, 1, 0}, {1, 8, 1}, {0, 2, 8}};
  separation.classifier_accuracy = {{0.5, 0.8, 0.99}, {0.8, 0.5, 0.9}, {0.99, 0.9, 0.5}};
  separation.classifier_k = 10;
  v1::GetDistanceMatrixResponse with_classifier;
  ASSERT_TRUE(AnswerDistances(space, separation, &with_classifier).ok());
  EXPECT_EQ(with_classifier.test_confusion_size(), 9);
  EXPECT_EQ(with_classifier.test_confusion(8), 8);
  EXPECT_EQ(with_classifier.classifier_k(), 10);
  EXPECT_NEAR(with_classifier.classifier_centroid_spearman(), 1, 1e-12);
}

}  // namespace
}  // namespace latentspace::server::handlers
