// Tests of theory-parameter inference on synthetic families whose latent positions are known
// functions of the parameters: off-grid points recovered, 68% intervals that cover the truth in
// 60-76% of off-grid points (and that intervals ten times too wide or narrow would fail that),
// the lack-of-fit term widening the interval where the quadratic cannot follow the map,
// extrapolation flagged, parameters that cannot be inferred given a status, and refusals.
#include "core/analysis/parameter_inference.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/core/analysis/synthetic_blobs.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;

constexpr double kSetSigmaX = 0.3;  // scatter of one set's latent point
constexpr double kSetSigmaY = 0.2;

// A curved map from (mgluino, mneutralino) to the latent plane.
LatentPoint TrueCentroid(double mgluino, double mneutralino) {
  const double a = (mgluino - 1600) / 500, b = (mneutralino - 500) / 400;
  return {a + 0.2 * a * a, b + 0.3 * a * b - 0.1 * b * b};
}

std::vector<LatentPoint> Sets(double mgluino, double mneutralino, int n, uint64_t seed) {
  const LatentPoint c = TrueCentroid(mgluino, mneutralino);
  return testing::GaussianBlob({c.x, c.y, kSetSigmaX, kSetSigmaY, 0.2}, n, seed);
}

// The 3 x 3 grid of the gluino study: 1.1/1.6/2.1 x 0.1/0.5/0.9 TeV, 2000 sets each; `draw`
// seeds the sets.
struct Family {
  std::vector<std::vector<LatentPoint>> points;
  std::vector<TheoryParameters> parameters;
};
Family Grid(uint64_t draw = 0) {
  Family family;
  uint64_t seed = 1 + 100 * draw;
  for (double mgluino : {1100.0, 1600.0, 2100.0}) {
    for (double mneutralino : {100.0, 500.0, 900.0}) {
      family.points.push_back(Sets(mgluino, mneutralino, 2000, seed++));
      family.parameters.push_back({{"mgluino", mgluino}, {"mneutralino", mneutralino}});
    }
  }
  return family;
}

TEST(ParameterInferenceTest, OffGridPointIsRecoveredWithinItsUncertainty) {
  const Family grid = Grid();
  const std::vector<ParameterEstimate> estimates =
      *InferParameters(grid.points, grid.parameters, Sets(1350, 300, 100, 77));
  ASSERT_EQ(estimates.size(), 2u);
  const ParameterEstimate& gluino = estimates[0];
  const ParameterEstimate& neutralino = estimates[1];
  ASSERT_TRUE(gluino.status.ok()) << gluino.status;
  EXPECT_EQ(gluino.name, "mgluino");
  EXPECT_EQ(neutralino.name, "mneutralino");
  EXPECT_EQ(gluino.models, 9);
  EXPECT_EQ(gluino.degree, 2);
  EXPECT_FALSE(gluino.extrapolated);
  // The sets' mean scatters by 0.3 / 10 in x: about 15 GeV of mgluino here; 3 sigma and a fixed
  // bound on sigma itself.
  EXPECT_NEAR(gluino.value, 1350, 3 * gluino.uncertainty);
  EXPECT_NEAR(neutralino.value, 300, 3 * neutralino.uncertainty);
  EXPECT_GT(gluino.uncertainty, 3);
  EXPECT_LT(gluino.uncertainty, 60);
  EXPECT_LT(neutralino.uncertainty, 60);
  EXPECT_LE(gluino.statistical, gluino.uncertainty);
  EXPECT_NEAR(gluino.uncertainty * gluino.uncertainty,
              gluino.statistical * gluino.statistical + gluino.interpolation * gluino.interpolation,
              1e-6 * gluino.uncertainty * gluino.uncertainty);
}

// Share of off-grid truths inside the grid whose |error| is within `width` x the quoted
// uncertainty, per parameter: 30 draws of the grid (the forward model's noise is one draw per
// grid, shared by all its queries), 20 truths each on a seeded pattern, samples of `sets` sets.
std::vector<double> Coverage(int sets, double width) {
  std::vector<double> covered(2, 0);
  testing::NormalSource random(2024);
  constexpr int kGrids = 30, kTruths = 20;
  for (int g = 0; g < kGrids; ++g) {
    const Family grid = Grid(g);
    for (int i = 0; i < kTruths; ++i) {
      const double mgluino = 1150 + 900 * random.Uniform();
      const double mneutralino = 150 + 700 * random.Uniform();
      const std::vector<ParameterEstimate> estimates = *InferParameters(
          grid.points, grid.parameters, Sets(mgluino, mneutralino, sets, 9000 + kTruths * g + i));
      const double truth[] = {mgluino, mneutralino};
      for (int k = 0; k < 2; ++k) {
        covered[k] += std::abs(estimates[k].value - truth[k]) <= width * estimates[k].uncertainty;
      }
    }
  }
  for (double& share : covered) share /= kGrids * kTruths;
  return covered;
}

TEST(ParameterInferenceTest, IntervalsCoverOffGridTruthsAsOftenAsTheyClaim) {
  for (int sets : {10, 100, 1000, 10000}) {
    const std::vector<double> coverage = Coverage(sets, 1.0);
    for (int k = 0; k < 2; ++k) {
      EXPECT_GE(coverage[k], 0.60) << sets << " sets, parameter " << k;
      EXPECT_LE(coverage[k], 0.76) << sets << " sets, parameter " << k;
    }
  }
}

// The same check fails for intervals ten times too wide or ten times too narrow.
TEST(ParameterInferenceTest, WrongWidthsWouldFailTheCoverageCheck) {
  const std::vector<double> wide = Coverage(100, 10.0), narrow = Coverage(100, 0.1);
  for (int k = 0; k < 2; ++k) {
    EXPECT_GT(wide[k], 0.76);
    EXPECT_LT(narrow[k], 0.60);
  }
}

// Four models of one parameter, mzp = 1000-1600, at latent x = mzp / 1000, 1000 sets each.
Family LineOfFour() {
  Family family;
  for (int m = 0; m < 4; ++m) {
    const double mass = 1000 + 200 * m;
    family.points.push_back(testing::GaussianBlob({mass / 1000, 0, 0.2, 0.2, 0}, 1000, 30 + m));
    family.parameters.push_back({{"mzp", mass}});
  }
  return family;
}

TEST(ParameterInferenceTest, OneParameterFamilyFlagsExtrapolationAndTheSearchEdge) {
  const auto [points, parameters] = LineOfFour();
  const ParameterEstimate inside = (*InferParameters(
      points, parameters, testing::GaussianBlob({1.3, 0, 0.2, 0.2, 0}, 50, 5)))[0];
  EXPECT_EQ(inside.degree, 1);  // 4 models < 5 for a quadratic in one parameter
  EXPECT_NEAR(inside.value, 1300, 3 * inside.uncertainty);
  EXPECT_FALSE(inside.extrapolated);
  EXPECT_EQ(inside.note, "");
  const ParameterEstimate beyond = (*InferParameters(
      points, parameters, testing::GaussianBlob({1.8, 0, 0.2, 0.2, 0}, 50, 6)))[0];
  EXPECT_TRUE(beyond.extrapolated);
  EXPECT_THAT(beyond.note, HasSubstr("extrapolated"));
  EXPECT_NEAR(beyond.value, 1800, 3 * beyond.uncertainty);
  // Far beyond the models: held at the edge of the search range, and said so.
  const ParameterEstimate far =
      (*InferParameters(points, parameters, std::vector<LatentPoint>{{9, 0}, {9.1, 0}}))[0];
  EXPECT_THAT(far.note, HasSubstr("edge of the search range"));
  EXPECT_LE(far.value, 1600 + 0.5 * 600 + 1e-6);
}

// The misspecification comes from the residuals of all the models: a bend the quadratic cannot
// follow (x += 0.3 a^2 b, visible at the grid's corners) widens the interval through its
// interpolation part and keeps it covering; an exact quadratic leaves only the centroids' noise;
// a family with as many models as the fit has terms says that it is not estimated.
TEST(ParameterInferenceTest, LackOfFitWidensTheIntervalAndIsSaidWhenUnestimated) {
  constexpr double kBend = 0.3;
  const auto grid = [](double bend) {
    Family family;
    uint64_t seed = 500;
    for (double mgluino : {1100.0, 1600.0, 2100.0}) {
      for (double mneutralino : {100.0, 500.0, 900.0}) {
        const double a = (mgluino - 1600) / 500, b = (mneutralino - 500) / 400;
        const LatentPoint c = TrueCentroid(mgluino, mneutralino);
        family.points.push_back(testing::GaussianBlob(
            {c.x + bend * a * a * b, c.y, kSetSigmaX, kSetSigmaY, 0.2}, 2000, seed++));
        family.parameters.push_back({{"mgluino", mgluino}, {"mneutralino", mneutralino}});
      }
    }
    return family;
  };
  const Family exact = grid(0), bent = grid(kBend);
  // The query at a grid model's parameters, where both families' centroids are known exactly.
  const LatentPoint at = TrueCentroid(1600, 500);
  const std::vector<LatentPoint> sample =
      testing::GaussianBlob({at.x, at.y, kSetSigmaX, kSetSigmaY, 0.2}, 10000, 77);
  const ParameterEstimate exact_gluino =
      (*InferParameters(exact.points, exact.parameters, sample))[0];
  const ParameterEstimate bent_gluino = (*InferParameters(bent.points, bent.parameters, sample))[0];
  EXPECT_LT(exact_gluino.interpolation, 10);  // GeV: the centroids' noise only
  EXPECT_GT(bent_gluino.interpolation, 3 * exact_gluino.interpolation);
  EXPECT_NEAR(bent_gluino.value, 1600, 2 * bent_gluino.uncertainty);
  EXPECT_EQ(bent_gluino.note, "");

  // Three models, two parameters: a linear fit with no residual degree of freedom.
  const std::vector<ParameterEstimate> triangle = *InferParameters(
      absl::MakeSpan(exact.points).subspan(0, 3),
      {{{"a", 0}, {"b", 0}}, {{"a", 1}, {"b", 0}}, {{"a", 0}, {"b", 1}}}, exact.points[0]);
  ASSERT_TRUE(triangle[0].status.ok()) << triangle[0].status;
  EXPECT_EQ(triangle[0].degree, 1);
  EXPECT_THAT(triangle[0].note, HasSubstr("its error between the models is not estimated"));
}

// Delta chi2 of `map` (one parameter) at `value`, linear between its nodes.
double DeltaChi2At(const ParameterLikelihoodMap& map, double value) {
  const double position = (value - map.low[0]) / (map.high[0] - map.low[0]) * (map.nodes - 1);
  const int i = std::clamp(static_cast<int>(position), 0, map.nodes - 2);
  const double t = position - i;
  return (1 - t) * map.delta_chi2[i] + t * map.delta_chi2[i + 1];
}

TEST(ParameterInferenceTest, LikelihoodMapAgreesWithTheEstimateAndItsUncertainty) {
  const auto [points, parameters] = LineOfFour();
  ParameterInferenceOptions options;
  options.map_nodes = 301;
  ParameterLikelihoodMap map;
  const ParameterEstimate estimate = (*InferParameters(
      points, parameters, testing::GaussianBlob({1.3, 0, 0.2, 0.2, 0}, 50, 5), options, &map))[0];
  ASSERT_EQ(map.names, std::vector<std::string>{"mzp"});
  EXPECT_DOUBLE_EQ(map.low[0], 1000 - 300);
  EXPECT_DOUBLE_EQ(map.high[0], 1600 + 300);
  ASSERT_EQ(map.delta_chi2.size(), 301u);
  const auto minimum = std::min_element(map.delta_chi2.begin(), map.delta_chi2.end());
  EXPECT_GE(*minimum, 0);
  EXPECT_LT(*minimum, 0.01) << "relative to chi2 at the estimate, between two nodes";
  const double spacing = 1200.0 / 300;
  EXPECT_NEAR(map.low[0] + spacing * (minimum - map.delta_chi2.begin()), estimate.value, spacing);
  // The uncertainty is the curvature's: Delta chi2 = 1 one sigma away (the forward model's error
  // changes a little along the way).
  for (double side : {-1.0, 1.0}) {
    EXPECT_NEAR(DeltaChi2At(map, estimate.value + side * estimate.uncertainty), 1, 0.2) << side;
  }

  // Two parameters: nodes^2 values, the smallest at the estimate.
  const Family grid = Grid();
  options.map_nodes = 41;
  const std::vector<ParameterEstimate> both =
      *InferParameters(grid.points, grid.parameters, Sets(1350, 300, 100, 77), options, &map);
  EXPECT_EQ(map.names, (std::vector<std::string>{"mgluino", "mneutralino"}));
  ASSERT_EQ(map.delta_chi2.size(), 41u * 41u);
  const int at = static_cast<int>(std::min_element(map.delta_chi2.begin(), map.delta_chi2.end()) -
                                  map.delta_chi2.begin());
  EXPECT_NEAR(map.low[0] + (map.high[0] - map.low[0]) * (at % 41) / 40, both[0].value, 2000.0 / 40);
  EXPECT_NEAR(map.low[1] + (map.high[1] - map.low[1]) * (at / 41) / 40, both[1].value, 1600.0 / 40);
}

TEST(ParameterInferenceTest, LikelihoodMapOnlyWhenAskedAndInferred) {
  const Family grid = Grid();
  const std::vector<LatentPoint> sample = Sets(1350, 300, 100, 77);
  ParameterLikelihoodMap map;
  ASSERT_TRUE(InferParameters(grid.points, grid.parameters, sample, {}, &map).ok());
  EXPECT_TRUE(map.names.empty()) << "map_nodes 0: no map";
  ParameterInferenceOptions options;
  for (int nodes : {-1, 1, kMaxParameterMapNodes + 1}) {
    options.map_nodes = nodes;
    const absl::Status status =
        InferParameters(grid.points, grid.parameters, sample, options, &map).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << nodes;
    EXPECT_THAT(status.message(), HasSubstr(absl::StrCat(nodes, " likelihood-map nodes")));
  }
  EXPECT_TRUE(CheckMapNodes(0).ok());
  EXPECT_TRUE(CheckMapNodes(2).ok());
  EXPECT_TRUE(CheckMapNodes(kMaxParameterMapNodes).ok());
  // Nothing varies: nothing inferred, no map.
  options.map_nodes = 10;
  std::vector<TheoryParameters> constant(grid.parameters.size(), {{"width", 5}});
  ASSERT_TRUE(InferParameters(grid.points, constant, sample, options, &map).ok());
  EXPECT_TRUE(map.names.empty());
}

TEST(ParameterInferenceTest, ParametersThatCannotBeInferredGetAStatusNotAFailure) {
  const std::vector<LatentPoint> sample = {{0, 0}, {0.1, 0.1}};
  // One value in every model.
  std::vector<std::vector<LatentPoint>> points = {
      {{0, 0}, {1, 0}}, {{2, 0}, {3, 0}}, {{4, 0}, {5, 1}}};
  std::vector<TheoryParameters> parameters = {
      {{"m", 1}, {"width", 5}}, {{"m", 2}, {"width", 5}}, {{"m", 3}, {"width", 5}}};
  std::vector<ParameterEstimate> estimates = *InferParameters(points, parameters, sample);
  EXPECT_TRUE(estimates[0].status.ok()) << estimates[0].status;
  EXPECT_THAT(estimates[1].status.message(), HasSubstr("'width' is 5 in every model"));
  EXPECT_TRUE(std::isnan(estimates[1].value));
  // Two models for two varying parameters.
  estimates = *InferParameters(absl::MakeSpan(points).subspan(0, 2),
                               {{{"a", 1}, {"b", 1}}, {{"a", 2}, {"b", 3}}}, sample);
  EXPECT_THAT(estimates[0].status.message(), HasSubstr("2 models for 2 varying parameters"));
  // Three varying parameters.
  estimates = *InferParameters(points,
                               {{{"a", 1}, {"b", 1}, {"c", 1}},
                                {{"a", 2}, {"b", 3}, {"c", 2}},
                                {{"a", 3}, {"b", 2}, {"c", 5}}},
                               sample);
  EXPECT_THAT(estimates[2].status.message(), HasSubstr("determines at most 2"));
}

TEST(ParameterInferenceTest, RefusesBadInput) {
  const std::vector<std::vector<LatentPoint>> points = {{{0, 0}}, {{1, 1}}};
  const std::vector<LatentPoint> sample = {{0, 0}};
  EXPECT_THAT(InferParameters(points, {{{"m", 1}}, {{"n", 2}}}, sample).status().message(),
              HasSubstr("not one family"));
  EXPECT_THAT(InferParameters(points, {{{"m", 1}}}, sample).status().message(),
              HasSubstr("2 models' points but 1 parameter sets"));
  EXPECT_THAT(InferParameters(points, {{{"m", 1}}, {{"m", NAN}}}, sample).status().message(),
              HasSubstr("'m' = nan is not finite"));
  EXPECT_THAT(InferParameters(points, {{{"m", 1}}, {{"m", 2}}}, {}).status().message(),
              HasSubstr("no points"));
  EXPECT_THAT(InferParameters({{}, {{1, 1}}}, {{{"m", 1}}, {{"m", 2}}}, sample).status().message(),
              HasSubstr("model 0 has no points"));
}

}  // namespace
}  // namespace latentspace
