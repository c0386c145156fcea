// Tests of theory-parameter inference: held-out models on a line and on a 2-D grid of models
// recovered within their uncertainty, models lacking parameters, and refusals.
#include "core/analysis/parameter_inference.h"

#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/core/analysis/synthetic_blobs.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;

// Models on the line (1, 2) + t (0.8, 0.6) with blobs of sets around each position.
LatentPoint OnLine(double t) { return {1 + 0.8 * t, 2 + 0.6 * t}; }

std::vector<LatentPoint> Sets(LatentPoint centre, int n, uint64_t seed) {
  return testing::GaussianBlob({centre.x, centre.y, 0.3, 0.25, 0.2}, n, seed);
}

TEST(ParameterInferenceTest, HeldOutModelOnALineIsRecoveredWithinItsUncertainty) {
  // mgluino = 1500 + 100 t for all 7 models; mneutralino = 600 + 50 t for 4 of them only.
  std::vector<std::vector<LatentPoint>> points;
  std::vector<TheoryParameters> parameters;
  for (int i = 0; i < 7; ++i) {
    const double t = i - 3;
    points.push_back(Sets(OnLine(t), 200, 10 + i));
    TheoryParameters p = {{"mgluino", 1500 + 100 * t}};
    if (i % 2 == 0) p["mneutralino"] = 600 + 50 * t;
    parameters.push_back(p);
  }
  const double t_true = 0.6;  // between known models
  const std::vector<LatentPoint> sample = Sets(OnLine(t_true), 100, 99);
  absl::StatusOr<std::vector<ParameterEstimate>> estimates =
      InferParameters(points, parameters, sample);
  ASSERT_TRUE(estimates.ok()) << estimates.status();
  ASSERT_EQ(estimates->size(), 2u);
  const ParameterEstimate& gluino = (*estimates)[0];
  const ParameterEstimate& neutralino = (*estimates)[1];
  EXPECT_EQ(gluino.name, "mgluino");
  EXPECT_EQ(neutralino.name, "mneutralino");
  for (const ParameterEstimate& e : *estimates) {
    ASSERT_TRUE(e.status.ok()) << e.status;
    std::printf(
        "%s: %.1f +- %.1f (statistical %.1f, calibration %.1f; %d models, degree %d, "
        "%d-D) %s\n",
        e.name.c_str(), e.value, e.uncertainty, e.statistical, e.calibration, e.models, e.degree,
        e.dimensions, e.note.c_str());
    EXPECT_NEAR(e.uncertainty, std::hypot(e.statistical, e.calibration), 1e-9);
    EXPECT_GT(e.uncertainty, 0);
  }
  EXPECT_EQ(gluino.models, 7);
  EXPECT_EQ(neutralino.models, 4);
  EXPECT_EQ(gluino.degree, 1);  // 7 models < 8 needed for a 2-D quadratic
  EXPECT_EQ(gluino.dimensions, 2);
  const double gluino_true = 1500 + 100 * t_true;
  const double neutralino_true = 600 + 50 * t_true;
  EXPECT_LE(std::abs(gluino.value - gluino_true), gluino.uncertainty);
  EXPECT_LE(std::abs(neutralino.value - neutralino_true), neutralino.uncertainty);
  // And informative: the sets' scatter along the line (~0.3 / sqrt(100) in t) dominates.
  EXPECT_LT(gluino.uncertainty, 15);
  EXPECT_LT(neutralino.uncertainty, 10);
}

TEST(ParameterInferenceTest, ExactlyCollinearCentroidsUseOneDirection) {
  // Sets placed symmetrically so every centroid lies exactly on the line.
  std::vector<std::vector<LatentPoint>> points;
  std::vector<TheoryParameters> parameters;
  for (int i = 0; i < 5; ++i) {
    const LatentPoint c = OnLine(i);
    points.push_back({{c.x - 0.1, c.y}, {c.x + 0.1, c.y}, {c.x, c.y - 0.2}, {c.x, c.y + 0.2}});
    parameters.push_back({{"m", 100.0 * i}});
  }
  absl::StatusOr<std::vector<ParameterEstimate>> estimates =
      InferParameters(points, parameters, std::vector<LatentPoint>{OnLine(2.5)});
  ASSERT_TRUE(estimates.ok()) << estimates.status();
  const ParameterEstimate& m = estimates->front();
  ASSERT_TRUE(m.status.ok()) << m.status;
  EXPECT_EQ(m.dimensions, 1);
  EXPECT_NEAR(m.value, 250, 1e-9);
  EXPECT_NEAR(m.calibration, 0, 1e-9);  // exactly linear: leave-one-out is exact too
  EXPECT_EQ(m.statistical, 0);
  EXPECT_THAT(m.note, HasSubstr("single set"));
  // Beyond the last model: extrapolated, and said so.
  estimates = InferParameters(points, parameters, std::vector<LatentPoint>{OnLine(6)});
  EXPECT_NEAR(estimates->front().value, 600, 1e-9);
  EXPECT_THAT(estimates->front().note, HasSubstr("extrapolated"));
}

TEST(ParameterInferenceTest, GridOfModelsWithCurvedParameterUsesAQuadratic) {
  // 3 x 3 models; the parameter m = 1000 + 200 x + 50 y + 30 x^2 at each model's position.
  auto truth = [](LatentPoint p) { return 1000 + 200 * p.x + 50 * p.y + 30 * p.x * p.x; };
  std::vector<std::vector<LatentPoint>> points;
  std::vector<TheoryParameters> parameters;
  int seed = 1;
  for (int ix = -1; ix <= 1; ++ix) {
    for (int iy = -1; iy <= 1; ++iy) {
      const LatentPoint c{2.0 * ix, 2.0 * iy};
      points.push_back(Sets(c, 300, seed++));
      parameters.push_back({{"m", truth(c)}});
    }
  }
  const LatentPoint held_out{0.9, -1.1};
  absl::StatusOr<std::vector<ParameterEstimate>> estimates =
      InferParameters(points, parameters, Sets(held_out, 150, 1234));
  ASSERT_TRUE(estimates.ok()) << estimates.status();
  const ParameterEstimate& m = estimates->front();
  ASSERT_TRUE(m.status.ok()) << m.status;
  EXPECT_EQ(m.degree, 2);
  EXPECT_EQ(m.dimensions, 2);
  EXPECT_LE(std::abs(m.value - truth(held_out)), m.uncertainty)
      << m.value << " +- " << m.uncertainty << " vs " << truth(held_out);
  EXPECT_LT(m.uncertainty, 40);
}

TEST(ParameterInferenceTest, ParametersKnownForTooFewModelsGetAStatusNotAFailure) {
  const std::vector<std::vector<LatentPoint>> points = {{{0, 0}}, {{1, 0}}, {{2, 1}}};
  const std::vector<TheoryParameters> parameters = {
      {{"a", 1}, {"b", 5}}, {{"a", 2}}, {{"a", 3}, {"c", 7}}};
  absl::StatusOr<std::vector<ParameterEstimate>> estimates =
      InferParameters(points, parameters, std::vector<LatentPoint>{{1, 0.5}, {1.2, 0.4}});
  ASSERT_TRUE(estimates.ok()) << estimates.status();
  ASSERT_EQ(estimates->size(), 3u);
  EXPECT_TRUE((*estimates)[0].status.ok());
  EXPECT_TRUE(std::isfinite((*estimates)[0].value));
  EXPECT_TRUE(std::isfinite((*estimates)[0].uncertainty));
  EXPECT_EQ((*estimates)[1].name, "b");
  EXPECT_THAT((*estimates)[1].status.message(), HasSubstr("'b' is known for 1 model"));
  EXPECT_TRUE(std::isnan((*estimates)[1].value));
  // Coinciding centroids cannot be regressed on.
  const std::vector<std::vector<LatentPoint>> same = {{{1, 1}}, {{1, 1}}};
  estimates = InferParameters(same, {{{"a", 1}}, {{"a", 2}}}, std::vector<LatentPoint>{{1, 1}});
  ASSERT_TRUE(estimates.ok());
  EXPECT_THAT(estimates->front().status.message(), HasSubstr("coincide"));
}

TEST(ParameterInferenceTest, RefusesBadInput) {
  const std::vector<std::vector<LatentPoint>> points = {{{0, 0}}, {{1, 0}}};
  const std::vector<TheoryParameters> parameters = {{{"a", 1}}, {{"a", 2}}};
  const std::vector<LatentPoint> sample = {{0.5, 0}};
  EXPECT_THAT(InferParameters(points, {{{"a", 1}}}, sample).status().message(),
              HasSubstr("1 parameter sets"));
  EXPECT_THAT(InferParameters(points, parameters, {}).status().message(), HasSubstr("no points"));
  EXPECT_THAT(
      InferParameters(points, {{{"a", 1}}, {{"a", std::nan("")}}}, sample).status().message(),
      HasSubstr("model 1 parameter 'a' = nan"));
  EXPECT_THAT(InferParameters({{{0, 0}}, {}}, parameters, sample).status().message(),
              HasSubstr("model 1 has no points"));
  EXPECT_THAT(InferParameters(points, parameters, std::vector<LatentPoint>{{std::nan(""), 0}})
                  .status()
                  .message(),
              HasSubstr("sample points[0].x = nan"));
}

}  // namespace
}  // namespace latentspace
