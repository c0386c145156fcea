// The known models of an encoder as the analysis sees them: one Gaussian KDE per model, fitted
// once, and the questions users ask of the latent space: which known models is a sample closest to
// (with how well it fits the best and its theory parameters inferred within that model's family),
// the models' iso-proportion contours, a feature map, and
// the distances between models. Immutable after Build, so one instance serves many threads.
#ifndef LATENTSPACE_CORE_ANALYSIS_KNOWN_MODEL_SPACE_H_
#define LATENTSPACE_CORE_ANALYSIS_KNOWN_MODEL_SPACE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "core/analysis/density_contours.h"
#include "core/analysis/feature_map.h"
#include "core/analysis/goodness_of_fit.h"
#include "core/analysis/kde.h"
#include "core/analysis/model_distance.h"
#include "core/analysis/model_points.h"
#include "core/analysis/parameter_inference.h"
#include "core/analysis/proximity.h"

namespace latentspace {

struct NearestModels {
  std::vector<ModelProximity> ranking;  // most probable first
  // The goodness-of-fit test against the most probable model's held-out sets; absent when that
  // model has none (an encoder trained before test splits were kept), and fit_note says so.
  std::optional<FitTest> fit;
  std::string fit_note;
  // The sample's theory parameters, by name, inferred among the most probable model's family
  // only; empty when that family cannot give them, and inference_note says why.
  std::vector<ParameterEstimate> inferred;
  std::string inference_note;
  std::vector<std::string> family_models;  // the models the parameters were inferred from
  // The likelihood over the family's parameters; names empty unless asked for and inferred.
  ParameterLikelihoodMap likelihood_map;
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

  // Ranks the models for a sample's points (one per set), tests its fit to the most probable one
  // and infers its theory parameters within that model's family (with the likelihood map when
  // inference.map_nodes > 0). `prior`: empty (uniform) or one weight per model
  // (RankNearestModels).
  absl::StatusOr<NearestModels> Nearest(absl::Span<const LatentPoint> sample,
                                        absl::Span<const double> prior = {},
                                        const ParameterInferenceOptions& inference = {}) const;

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

  // The models of `model`'s family (same non-empty family label, same parameter names), or none
  // when they cannot give its parameters; `note` says which, or why not.
  std::vector<int> FamilyOf(int model, std::string* note) const;

  std::vector<ModelPoints> models_;
  std::vector<std::string> names_;
  std::vector<std::string> feature_names_;
  std::vector<GaussianKde> kdes_;
  // Per model: its held-out test sets' log-densities under its KDE (the fit test's reference).
  std::vector<std::vector<double>> test_log_densities_;
};

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_ANALYSIS_KNOWN_MODEL_SPACE_H_
