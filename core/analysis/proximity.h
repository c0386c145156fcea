// Nearest known models for an uploaded sample (science.md, "Identification / nearest models"):
// each known model's log-likelihood of the sample's latent points (one per set, independent) under
// its KDE, the posterior probability of each model given a prior over the known models, the
// centroid distance and the share of sets it wins; most probable first.
#ifndef LATENTSPACE_CORE_ANALYSIS_PROXIMITY_H_
#define LATENTSPACE_CORE_ANALYSIS_PROXIMITY_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "core/analysis/kde.h"
#include "core/analysis/latent_point.h"

namespace latentspace {

struct ModelProximity {
  int model = 0;  // index into the known models
  std::string name;
  // Sum over the sample's sets of log p_model(point), p the model's KDE over the uniform floor
  // shared by every model (density_floor.h), so that no single far set decides the ranking.
  double log_likelihood = 0;
  double mean_log_likelihood = 0;  // log_likelihood / number of sets
  // P(model | sample) = prior x likelihood / sum over models of the same; the models' sum is 1.
  double posterior = 0;
  double centroid_distance = 0;  // |sample centroid - model centroid (its KDE's mean)|
  double win_share = 0;          // share of sets for which this model's density is the highest
};

// Ranks the known models (KDEs with parallel names) for the sample's points, highest posterior
// first (ties: more sets won, then the nearer centroid, then the lower index). `prior`: empty for a
// uniform prior, else one weight per model, finite, >= 0 and not all 0 (normalised here; a model of
// weight 0 has posterior 0). The sample must be non-empty and finite.
absl::StatusOr<std::vector<ModelProximity>> RankNearestModels(absl::Span<const GaussianKde> kdes,
                                                              absl::Span<const std::string> names,
                                                              absl::Span<const LatentPoint> sample,
                                                              absl::Span<const double> prior = {});

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_ANALYSIS_PROXIMITY_H_
