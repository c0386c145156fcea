// The likelihood over the inferred parameters, drawn with latent_plot.
#include "client/cli/parameter_picture.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/cli/physics_labels.h"
#include "client/cli/picture_output.h"
#include "client/plot/palette.h"

namespace latentspace::cli {
namespace {

const plot::Rgb kModelColour = plot::kWhite;
const plot::Rgb kEstimateColour = plot::CategoricalColour(3);  // red
const plot::Rgb kTruthColour = plot::CategoricalColour(6);     // pink
// The top of the one-parameter picture's y axis (L / L_max), and of its vertical lines.
constexpr double kCurveTop = 1.05;

// The estimate of `name` with its one-sigma uncertainty, when it was inferred.
std::optional<std::pair<double, double>> Estimate(const v1::QueryNearestResponse& response,
                                                  const std::string& name) {
  for (const v1::InferredParameter& parameter : response.inferred()) {
    if (parameter.name() == name && std::isfinite(parameter.value()) &&
        std::isfinite(parameter.uncertainty())) {
      return std::make_pair(parameter.value(), parameter.uncertainty());
    }
  }
  return std::nullopt;
}

// The family's models at their values of `names` (the ranking's entries of family_models).
std::vector<plot::Point> ModelPoints(const v1::QueryNearestResponse& response,
                                     const std::vector<std::string>& names) {
  std::vector<plot::Point> points;
  for (const v1::ModelMatch& match : response.ranking()) {
    const auto& family = response.family_models();
    if (std::find(family.begin(), family.end(), match.model()) == family.end()) continue;
    const auto& parameters = match.parameters();
    if (!parameters.contains(names[0]) || (names.size() == 2 && !parameters.contains(names[1]))) {
      continue;
    }
    points.push_back({parameters.at(names[0]), names.size() == 2 ? parameters.at(names[1]) : 0});
  }
  return points;
}

// The node value of axis `a` at index i.
double Node(const v1::ParameterLikelihood& map, int a, int i) {
  return map.low(a) + (map.high(a) - map.low(a)) * i / (map.nodes() - 1);
}

void DrawPlane(const v1::QueryNearestResponse& response, const std::vector<std::string>& names,
               const std::map<std::string, double>& truth, plot::Figure* figure) {
  const v1::ParameterLikelihood& map = response.parameter_likelihood();
  const int n = map.nodes();
  // Nodes are the cells' centres.
  const double hx = (map.high(0) - map.low(0)) / (n - 1), hy = (map.high(1) - map.low(1)) / (n - 1);
  plot::HeatMap heat;
  heat.nx = heat.ny = n;
  heat.extent = {map.low(0) - hx / 2, map.high(0) + hx / 2, map.low(1) - hy / 2,
                 map.high(1) + hy / 2};
  for (double delta : map.delta_chi2()) heat.values.push_back(std::exp(-delta / 2));
  heat.label = "<i>L</i> / <i>L</i><sub>max</sub>";
  figure->SetHeatMap(std::move(heat));
  figure->AddMarkers(ModelPoints(response, names), kModelColour, plot::MarkerShape::kSquare, 10,
                     plot::kBlack);
  figure->AddLegendMarker("known models of the family", kModelColour, plot::MarkerShape::kSquare,
                          plot::kBlack);
  const auto x = Estimate(response, names[0]), y = Estimate(response, names[1]);
  if (x && y) {
    figure->AddPolyline({{x->first - x->second, y->first}, {x->first + x->second, y->first}}, false,
                        kEstimateColour);
    figure->AddPolyline({{x->first, y->first - y->second}, {x->first, y->first + y->second}}, false,
                        kEstimateColour);
    figure->AddMarkers({{x->first, y->first}}, kEstimateColour, plot::MarkerShape::kCircle, 9);
    figure->AddLegendMarker("estimate ± 1σ", kEstimateColour, plot::MarkerShape::kCircle);
  }
  if (!truth.empty()) {
    figure->AddMarkers({{truth.at(names[0]), truth.at(names[1])}}, kTruthColour,
                       plot::MarkerShape::kDiamond, 12);
    figure->AddLegendMarker("truth (given)", kTruthColour, plot::MarkerShape::kDiamond);
  }
}

void DrawLine(const v1::QueryNearestResponse& response, const std::vector<std::string>& names,
              const std::map<std::string, double>& truth, plot::Figure* figure) {
  const v1::ParameterLikelihood& map = response.parameter_likelihood();
  std::vector<plot::Point> curve;
  curve.reserve(map.nodes());
  for (int i = 0; i < map.nodes(); ++i) {
    curve.push_back({Node(map, 0, i), std::exp(-map.delta_chi2(i) / 2)});
  }
  figure->SetDataRange({map.low(0), map.high(0), 0, kCurveTop});
  figure->AddPolyline(std::move(curve), false, plot::kBlack);
  figure->AddLegendLine("likelihood", plot::kBlack);
  figure->AddMarkers(ModelPoints(response, names), plot::kDarkGrey, plot::MarkerShape::kSquare, 9);
  figure->AddLegendMarker("known models of the family", plot::kDarkGrey,
                          plot::MarkerShape::kSquare);
  if (const auto x = Estimate(response, names[0])) {
    figure->AddPolyline({{x->first, 0}, {x->first, kCurveTop}}, false, kEstimateColour);
    for (double edge : {x->first - x->second, x->first + x->second}) {
      figure->AddPolyline({{edge, 0}, {edge, kCurveTop}}, false, kEstimateColour,
                          plot::LineStyle::kDashed);
    }
    figure->AddLegendLine("estimate", kEstimateColour);
    figure->AddLegendLine("± 1σ", kEstimateColour, plot::LineStyle::kDashed);
  }
  if (!truth.empty()) {
    figure->AddPolyline({{truth.at(names[0]), 0}, {truth.at(names[0]), kCurveTop}}, false,
                        kTruthColour, plot::LineStyle::kDotted);
    figure->AddLegendLine("truth (given)", kTruthColour, plot::LineStyle::kDotted);
  }
}

}  // namespace

absl::StatusOr<plot::Figure> ParameterLikelihoodFigure(const v1::QueryNearestResponse& response,
                                                       const std::map<std::string, double>& truth) {
  if (!response.has_parameter_likelihood()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "no parameter picture: no parameter was inferred (", response.inference_note(), ")"));
  }
  const v1::ParameterLikelihood& map = response.parameter_likelihood();
  const std::vector<std::string> names(map.parameters().begin(), map.parameters().end());
  const int axes = map.parameters_size();
  const int64_t values = axes == 2 ? int64_t{map.nodes()} * map.nodes() : map.nodes();
  if (axes < 1 || axes > 2 || map.nodes() < 2 || map.low_size() != axes ||
      map.high_size() != axes || map.delta_chi2_size() != values) {
    return absl::InvalidArgumentError(
        absl::StrCat("malformed parameter_likelihood from the server: ", axes, " parameters, ",
                     map.nodes(), " nodes, ", map.delta_chi2_size(), " values"));
  }
  for (const auto& [name, value] : truth) {
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--truth ", name, ": not an inferred parameter (", absl::StrJoin(names, ", "), ")"));
    }
  }
  if (!truth.empty() && truth.size() != names.size()) {
    return absl::InvalidArgumentError(absl::StrCat("--truth gives ", truth.size(), " of the ",
                                                   names.size(), " inferred parameters (",
                                                   absl::StrJoin(names, ", "), ")"));
  }
  plot::Figure figure;
  const std::string family = response.ranking().empty() ? "" : response.ranking(0).family();
  figure.SetTitle(absl::StrCat("Likelihood of the sample over family ", family, "'s parameters (",
                               EncoderTitle(response.encoder(), response.encoder_version()), ")"));
  if (names.size() == 2) {
    figure.SetAxisLabels(ParameterLabel(names[0]), ParameterLabel(names[1]));
    DrawPlane(response, names, truth, &figure);
  } else {
    figure.SetAxisLabels(ParameterLabel(names[0]), "<i>L</i> / <i>L</i><sub>max</sub>");
    DrawLine(response, names, truth, &figure);
  }
  return figure;
}

}  // namespace latentspace::cli
