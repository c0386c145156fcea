// The known models of an encoder as the analysis sees them: one Gaussian KDE per model, fitted
// once, and the questions users ask of the latent space: which known models is a sample closest to
// (with its inferred theory parameters), the models' iso-proportion contours, a feature map, and
// the distances between models. Immutable after Build, so one instance serves many threads.
#ifndef LATENTSPACE_CORE_ANALYSIS_KNOWN_MODEL_SPACE_H_
#define LATENTSPACE_CORE_ANALYSIS_KNOWN_MODEL_SPACE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "core/analysis/contours.h"
#include "core/analysis/feature_map.h"
#include "core/analysis/kde.h"
#include "core/analysis/model_distance.h"
#include "core/analysis/model_points.h"
#include "core/analysis/parameter_inference.h"
#include "core/analysis/proximity.h"

namespace latentspace {

struct NearestModels {
  std::vector<ModelProximity> ranking;      // best first
  std::vector<ParameterEstimate> inferred;  // the sample's theory parameters, by name
};

struct ModelContour {
  int model = 0;  // index into the known models
  double mass = 0;
  double level = 0;  // density level enclosing `mass`
  std::vector<Polyline> polylines;
  std::string note;  // how a degenerate model was regularised, or ""
};

struct ContourSet {
  std::vector<ModelContour> contours;  // models in order, masses in request order within each
  double x_min = 0, x_max = 0, y_min = 0, y_max = 0;  // the grid's extent
};

class KnownModelSpace {
 public:
  // At least one model, each with at least one finite point; `feature_names` are the columns of
  // the models' feature means (may be empty when no feature maps are wanted).
  static absl::StatusOr<KnownModelSpace> Build(std::vector<ModelPoints> models,
                                               std::vector<std::string> feature_names,
                                               const KdeOptions& kde = {});

  const std::vector<ModelPoints>& models() const { return models_; }
  const std::vector<GaussianKde>& kdes() const { return kdes_; }
  const std::vector<std::string>& names() const { return names_; }

  // Ranks the models for a sample's points (one per set) and infers its theory parameters.
  absl::StatusOr<NearestModels> Nearest(absl::Span<const LatentPoint> sample) const;

  // Each model's contours at each mass in (0, 1], on a grid_size x grid_size grid (16..1024)
  // covering every model, evaluated with the fast KDE grid. Contours of fewer than 3 vertices (a
  // peak node exactly at the level) are dropped when the model has others.
  absl::StatusOr<ContourSet> Contours(absl::Span<const double> masses, int grid_size) const;

  // Binned mean of a feature (each set's mean over its events) over all models' points, on a
  // bins x bins grid (1..512) over the points' extent. INVALID_ARGUMENT for an unknown feature
  // (listing the known ones) or models stored without feature means.
  absl::StatusOr<FeatureMap> MapFeature(absl::string_view feature, int bins) const;

  // Centroid and sliced Wasserstein distances between every pair of models.
  absl::StatusOr<ModelDistances> Distances() const;

 private:
  KnownModelSpace() = default;

  std::vector<ModelPoints> models_;
  std::vector<std::string> names_;
  std::vector<std::string> feature_names_;
  std::vector<GaussianKde> kdes_;
};

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_ANALYSIS_KNOWN_MODEL_SPACE_H_
