// The known models of an encoder as the analysis sees them.
#include "core/analysis/known_model_space.h"

#include <algorithm>
#include <limits>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/analysis/kde_grid.h"
#include "core/status_macros.h"

namespace latentspace {
namespace {}  // namespace

absl::StatusOr<KnownModelSpace> KnownModelSpace::Build(std::vector<ModelPoints> models,
                                                       std::vector<std::string> feature_names,
                                                       const KdeOptions& kde) {
  if (models.empty()) return absl::InvalidArgumentError("no known models");
  KnownModelSpace space;
  for (const ModelPoints& model : models) {
    absl::StatusOr<GaussianKde> fitted = GaussianKde::Fit(model.points, kde);
    if (!fitted.ok()) {
      return absl::Status(fitted.status().code(),
                          absl::StrCat("model '", model.name, "': ", fitted.status().message()));
    }
    space.test_log_densities_.push_back(ReferenceLogDensities(*fitted, model.test_points));
    space.kdes_.push_back(*std::move(fitted));
    space.names_.push_back(model.name);
  }
  space.models_ = std::move(models);
  space.feature_names_ = std::move(feature_names);
  return space;
}

absl::StatusOr<NearestModels> KnownModelSpace::Nearest(
    absl::Span<const LatentPoint> sample, absl::Span<const double> prior,
    const ParameterInferenceOptions& inference) const {
  NearestModels result;
  LATENT_ASSIGN_OR_RETURN(std::vector<ModelProximity> ranking,
                          RankNearestModels(kdes_, names_, sample, prior));
  result.ranking = std::move(ranking);
  const int best = result.ranking.front().model;
  const ModelPoints& model = models_[best];
  if (model.test_points.empty()) {
    result.fit_note = absl::StrCat("no goodness-of-fit test: model '", model.name,
                                   "' has no held-out test sets (encoder trained before they "
                                   "were kept)");
  } else {
    LATENT_ASSIGN_OR_RETURN(FitTest fit, TestFit(kdes_[best], test_log_densities_[best], sample));
    result.fit = fit;
  }
  const std::vector<int> family = FamilyOf(best, &result.inference_note);
  if (family.empty()) return result;
  std::vector<std::vector<LatentPoint>> points;
  std::vector<TheoryParameters> parameters;
  for (int m : family) {
    points.push_back(models_[m].points);
    parameters.push_back(models_[m].parameters);
    result.family_models.push_back(models_[m].name);
  }
  LATENT_ASSIGN_OR_RETURN(
      std::vector<ParameterEstimate> inferred,
      InferParameters(points, parameters, sample, inference, &result.likelihood_map));
  result.inferred = std::move(inferred);
  return result;
}

std::vector<int> KnownModelSpace::FamilyOf(int model, std::string* note) const {
  const ModelPoints& best = models_[model];
  if (best.parameters.empty()) {
    *note = absl::StrCat("no parameters inferred: model '", best.name, "' has none");
    return {};
  }
  if (best.family.empty()) {
    *note = absl::StrCat("no parameters inferred: model '", best.name,
                         "' has no family label, and parameters are inferred only among models of "
                         "one family");
    return {};
  }
  const auto same_names = [&best](const ModelPoints& other) {
    return std::equal(best.parameters.begin(), best.parameters.end(), other.parameters.begin(),
                      other.parameters.end(),
                      [](const auto& a, const auto& b) { return a.first == b.first; });
  };
  std::vector<int> family;
  for (size_t m = 0; m < models_.size(); ++m) {
    if (models_[m].family == best.family && same_names(models_[m])) {
      family.push_back(static_cast<int>(m));
    }
  }
  // An affine map of P parameters needs P + 1 models that span them.
  const size_t needed = best.parameters.size() + 1;
  if (family.size() < needed) {
    *note = absl::StrCat("no parameters inferred: family '", best.family, "' has ", family.size(),
                         " model", family.size() == 1 ? "" : "s", " for ", best.parameters.size(),
                         " parameter", best.parameters.size() == 1 ? "" : "s", ", fewer than the ",
                         needed, " that span them");
    return {};
  }
  *note =
      absl::StrCat("inferred among the ", family.size(), " models of family '", best.family, "'");
  return family;
}

absl::StatusOr<ContourSet> KnownModelSpace::Contours(absl::Span<const double> masses,
                                                     int grid_size) const {
  return DensityContours(kdes_, masses, grid_size);
}

absl::StatusOr<FeatureMap> KnownModelSpace::MapFeature(absl::string_view feature, int bins) const {
  const auto column = std::find(feature_names_.begin(), feature_names_.end(), feature);
  if (column == feature_names_.end()) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown feature '", absl::CHexEscape(feature),
                     "' (known: ", absl::StrJoin(feature_names_, ", "), ")"));
  }
  if (bins < 1 || bins > 512) {
    return absl::InvalidArgumentError(absl::StrCat("bins = ", bins, " must be in 1..512"));
  }
  const size_t c = column - feature_names_.begin();
  const size_t width = feature_names_.size();
  std::vector<LatentPoint> points;
  std::vector<double> values;
  BinRange range{std::numeric_limits<double>::infinity(),
                 -std::numeric_limits<double>::infinity(),
                 std::numeric_limits<double>::infinity(),
                 -std::numeric_limits<double>::infinity(),
                 bins,
                 bins};
  for (const ModelPoints& model : models_) {
    if (model.feature_means.size() != model.points.size() * width) {
      return absl::FailedPreconditionError(
          absl::StrCat("model '", model.name, "' was stored without feature means"));
    }
    for (size_t i = 0; i < model.points.size(); ++i) {
      const LatentPoint& p = model.points[i];
      points.push_back(p);
      values.push_back(model.feature_means[i * width + c]);
      range.x_min = std::min(range.x_min, p.x);
      range.x_max = std::max(range.x_max, p.x);
      range.y_min = std::min(range.y_min, p.y);
      range.y_max = std::max(range.y_max, p.y);
    }
  }
  // A degenerate extent (all points on a line) still gets a bin of width 1.
  if (!(range.x_max > range.x_min)) range.x_max = range.x_min + 1;
  if (!(range.y_max > range.y_min)) range.y_max = range.y_min + 1;
  return BuildFeatureMap(points, values, range);
}

absl::StatusOr<ModelDistances> KnownModelSpace::Distances() const {
  std::vector<std::vector<LatentPoint>> points;
  for (const ModelPoints& model : models_) points.push_back(model.points);
  return ComputeModelDistances(points, names_);
}

}  // namespace latentspace
