// The known models of an encoder as the analysis sees them.
#include "core/analysis/known_model_space.h"

#include <algorithm>
#include <limits>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/analysis/kde_grid.h"

namespace latentspace {
namespace {

// Margin of the contour grid around every model, in kernel sigmas.
constexpr double kContourMarginSigmas = 3.5;
// Below this kernel resolution (kernel sigma / grid spacing) the grid cannot sample the kernel.
constexpr double kMinCellsPerSigma = 0.5;

// The limit of a kernel much narrower than the grid spacing: each point's weight shared among the
// four nodes around it (linear binning), which conserves the mass the contours enclose.
void BinOntoGrid(const GaussianKde& kde, Grid* grid) {
  std::fill(grid->values.begin(), grid->values.end(), 0.0);
  for (size_t i = 0; i < kde.points().size(); ++i) {
    const double fx = std::clamp((kde.points()[i].x - grid->x0) / grid->dx, 0.0, grid->nx - 1.0);
    const double fy = std::clamp((kde.points()[i].y - grid->y0) / grid->dy, 0.0, grid->ny - 1.0);
    const int ix = std::min(static_cast<int>(fx), grid->nx - 2);
    const int iy = std::min(static_cast<int>(fy), grid->ny - 2);
    const double tx = fx - ix, ty = fy - iy, w = kde.weights()[i];
    grid->at(ix, iy) += w * (1 - tx) * (1 - ty);
    grid->at(ix + 1, iy) += w * tx * (1 - ty);
    grid->at(ix, iy + 1) += w * (1 - tx) * ty;
    grid->at(ix + 1, iy + 1) += w * tx * ty;
  }
}

// A region whose peak node lies exactly at the level gives a contour of one or two vertices (the
// crossings coincide with the node): nothing to draw. Dropped unless nothing else is left.
void DropDegenerate(std::vector<Polyline>* lines) {
  std::vector<Polyline> kept;
  for (Polyline& line : *lines) {
    if (line.points.size() >= 3) kept.push_back(std::move(line));
  }
  if (!kept.empty()) *lines = std::move(kept);
}

}  // namespace

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

absl::StatusOr<NearestModels> KnownModelSpace::Nearest(absl::Span<const LatentPoint> sample,
                                                       absl::Span<const double> prior) const {
  NearestModels result;
  absl::StatusOr<std::vector<ModelProximity>> ranking =
      RankNearestModels(kdes_, names_, sample, prior);
  if (!ranking.ok()) return ranking.status();
  result.ranking = *std::move(ranking);
  const int best = result.ranking.front().model;
  const ModelPoints& model = models_[best];
  if (model.test_points.empty()) {
    result.fit_note = absl::StrCat("no goodness-of-fit test: model '", model.name,
                                   "' has no held-out test sets (encoder trained before they "
                                   "were kept)");
  } else {
    absl::StatusOr<FitTest> fit = TestFit(kdes_[best], test_log_densities_[best], sample);
    if (!fit.ok()) return fit.status();
    result.fit = *fit;
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
  absl::StatusOr<std::vector<ParameterEstimate>> inferred =
      InferParameters(points, parameters, sample);
  if (!inferred.ok()) return inferred.status();
  result.inferred = *std::move(inferred);
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
  if (grid_size < 16 || grid_size > 1024) {
    return absl::InvalidArgumentError(
        absl::StrCat("grid size ", grid_size, " must be in 16..1024"));
  }
  for (double mass : masses) {
    if (!(mass > 0 && mass <= 1)) {
      return absl::InvalidArgumentError(
          absl::StrCat("probability mass ", mass, " must be in (0, 1]"));
    }
  }
  absl::StatusOr<Grid> shape = CoveringGrid(kdes_, grid_size, grid_size, kContourMarginSigmas);
  if (!shape.ok()) return shape.status();
  ContourSet result;
  result.x_min = shape->x0;
  result.x_max = shape->x_max();
  result.y_min = shape->y0;
  result.y_max = shape->y_max();
  for (size_t m = 0; m < kdes_.size(); ++m) {
    Grid density = *shape;
    absl::StatusOr<FastGridReport> report = EvaluateOnGridFast(kdes_[m], &density);
    if (!report.ok()) return report.status();
    std::string note;
    if (report->cells_per_sigma < kMinCellsPerSigma) {
      BinOntoGrid(kdes_[m], &density);
      note = "kernel narrower than the grid spacing: the points were binned onto the grid";
    }
    for (double mass : masses) {
      absl::StatusOr<double> level = IsoProportionLevel(density, mass);
      if (!level.ok()) return level.status();
      absl::StatusOr<std::vector<Polyline>> lines = MarchingSquares(density, *level);
      if (!lines.ok()) return lines.status();
      DropDegenerate(&*lines);
      result.contours.push_back({static_cast<int>(m), mass, *level, *std::move(lines), note});
    }
  }
  return result;
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
