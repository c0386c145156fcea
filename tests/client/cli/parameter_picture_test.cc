// Tests of the picture `nearest --out` draws from a QueryNearestResponse: over two parameters the
// likelihood as a heat map (its brightest cell at the minimum of Delta chi2), the family's models,
// the estimate and the given truth each in their colour, the parameters' physics labels; over one
// parameter a curve; and the refusals (no map, a malformed map, a truth the map does not have).
#include "client/cli/parameter_picture.h"

#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "client/cli/physics_labels.h"
#include "client/plot/colour_map.h"
#include "client/plot/palette.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/paths.h"
#include "tests/testing/png_inspection.h"

namespace latentspace::cli {
namespace {

using ::testing::HasSubstr;

// A gluino-like family of four models at the corners of [1100, 2100] x [100, 900], the estimate
// (1600 +- 100, 500 +- 80), and Delta chi2 the Gaussian of that estimate on `nodes` nodes over the
// search box (the corners' range widened by half of it on each side).
v1::QueryNearestResponse TwoParameterResponse(int nodes) {
  v1::QueryNearestResponse response;
  response.set_encoder("grid");
  response.set_encoder_version(2);
  for (double mg : {1100, 2100}) {
    for (double mn : {100, 900}) {
      v1::ModelMatch* match = response.add_ranking();
      match->set_model(absl::StrCat("gluino_", mg, "_", mn));
      match->set_family("gluino");
      (*match->mutable_parameters())["mgluino"] = mg;
      (*match->mutable_parameters())["mneutralino"] = mn;
      response.add_family_models(match->model());
    }
  }
  for (const auto& [name, value, sigma] :
       {std::tuple<const char*, double, double>{"mgluino", 1600, 100}, {"mneutralino", 500, 80}}) {
    v1::InferredParameter* parameter = response.add_inferred();
    parameter->set_name(name);
    parameter->set_value(value);
    parameter->set_uncertainty(sigma);
  }
  v1::ParameterLikelihood* map = response.mutable_parameter_likelihood();
  map->add_parameters("mgluino");
  map->add_parameters("mneutralino");
  map->add_low(600);
  map->add_high(2600);
  map->add_low(-300);
  map->add_high(1300);
  map->set_nodes(nodes);
  for (int iy = 0; iy < nodes; ++iy) {
    for (int ix = 0; ix < nodes; ++ix) {
      const double mg = 600 + 2000.0 * ix / (nodes - 1), mn = -300 + 1600.0 * iy / (nodes - 1);
      map->add_delta_chi2(std::pow((mg - 1600) / 100, 2) + std::pow((mn - 500) / 80, 2));
    }
  }
  return response;
}

// The picture of `response` with `truth`, written as a PNG and read back; nullopt (and a failure)
// when it cannot be drawn.
std::optional<testing::PngImage> Render(const v1::QueryNearestResponse& response,
                                        const std::map<std::string, double>& truth) {
  absl::StatusOr<plot::Figure> figure = ParameterLikelihoodFigure(response, truth);
  EXPECT_TRUE(figure.ok()) << figure.status();
  if (!figure.ok()) return std::nullopt;
  const std::string path = testing::ScratchDir() + "/likelihood.png";
  const absl::Status written = figure->Write(path);
  EXPECT_TRUE(written.ok()) << written;
  return testing::ReadPng(path);
}

TEST(ParameterPictureTest, TwoParametersAsAHeatMapWithModelsEstimateAndTruth) {
  const v1::QueryNearestResponse response = TwoParameterResponse(64);
  const std::map<std::string, double> truth = {{"mgluino", 1650}, {"mneutralino", 450}};
  const std::optional<testing::PngImage> image = Render(response, truth);
  ASSERT_TRUE(image.has_value());
  EXPECT_GT(image->CountNear(testing::ToPixel(plot::Viridis(1.0))), 10) << "the maximum";
  EXPECT_GT(image->CountNear(testing::ToPixel(plot::Viridis(0.0))), 10000) << "far from it";
  EXPECT_GT(image->CountNear(testing::ToPixel(plot::CategoricalColour(3))), 40) << "estimate";
  EXPECT_GT(image->CountNear(testing::ToPixel(plot::CategoricalColour(6))), 40) << "truth";
  // The four models are white squares edged in black on the map: a response without them has fewer
  // white pixels (at least 40 each).
  v1::QueryNearestResponse without = response;
  without.clear_family_models();
  const std::optional<testing::PngImage> bare = Render(without, truth);
  ASSERT_TRUE(bare.has_value());
  EXPECT_GT(image->CountNear(testing::ToPixel(plot::kWhite)),
            bare->CountNear(testing::ToPixel(plot::kWhite)) + 160)
      << "four models";
}

TEST(ParameterPictureTest, OneParameterAsACurve) {
  v1::QueryNearestResponse response = TwoParameterResponse(2);
  v1::ParameterLikelihood* map = response.mutable_parameter_likelihood();
  map->clear_delta_chi2();
  map->mutable_parameters()->RemoveLast();
  map->mutable_low()->RemoveLast();
  map->mutable_high()->RemoveLast();
  map->set_nodes(50);
  for (int i = 0; i < 50; ++i) {
    map->add_delta_chi2(std::pow((600 + 2000.0 * i / 49 - 1600) / 100, 2));
  }
  const std::optional<testing::PngImage> image = Render(response, {{"mgluino", 1500}});
  ASSERT_TRUE(image.has_value());
  EXPECT_GT(image->CountNear(testing::ToPixel(plot::CategoricalColour(3))), 100) << "estimate";
  EXPECT_GT(image->CountNear(testing::ToPixel(plot::CategoricalColour(6))), 50) << "truth";
}

TEST(ParameterPictureTest, Refusals) {
  v1::QueryNearestResponse response = TwoParameterResponse(8);
  absl::StatusOr<plot::Figure> figure = ParameterLikelihoodFigure(response, {{"mstop", 1}});
  EXPECT_EQ(figure.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(figure.status().message(), HasSubstr("--truth mstop: not an inferred parameter"));
  figure = ParameterLikelihoodFigure(response, {{"mgluino", 1}});
  EXPECT_THAT(figure.status().message(), HasSubstr("--truth gives 1 of the 2"));
  response.mutable_parameter_likelihood()->mutable_delta_chi2()->RemoveLast();
  figure = ParameterLikelihoodFigure(response, {});
  EXPECT_THAT(figure.status().message(), HasSubstr("malformed parameter_likelihood"));
  response.clear_parameter_likelihood();
  response.set_inference_note("no parameters inferred: model 'x' has no family label");
  figure = ParameterLikelihoodFigure(response, {});
  EXPECT_EQ(figure.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(figure.status().message(), HasSubstr("has no family label"));
}

TEST(PhysicsLabelsTest, FeaturesAndParametersInMarkupWithUnits) {
  EXPECT_EQ(FeatureLabel("met"), "<i>E</i><sub>T</sub><sup>miss</sup> [GeV]");
  EXPECT_EQ(FeatureLabel("jet2_pt"), "<i>p</i><sub>T</sub>(jet 2) [GeV]");
  EXPECT_EQ(FeatureLabel("jet1_dphi"),
            "Δ<i>φ</i>(jet 1, <i>E</i><sub>T</sub><sup>miss</sup>) [rad]");
  EXPECT_EQ(FeatureLabel("m2_jet1_jet3"), "<i>m</i><sup>2</sup>(jet 1, jet 3) [GeV<sup>2</sup>]");
  EXPECT_EQ(FeatureLabel("jet0_pt"), "jet0_pt");
  EXPECT_EQ(FeatureLabel("a<b"), "a&lt;b");
  EXPECT_EQ(ParameterLabel("mgluino"), "<i>m</i><sub>gluino</sub> [GeV]");
  EXPECT_EQ(ParameterLabel("mzprime"), "<i>m</i><sub>Z′</sub> [GeV]");
  EXPECT_EQ(ParameterLabel("coupling"), "coupling");
}

}  // namespace
}  // namespace latentspace::cli
