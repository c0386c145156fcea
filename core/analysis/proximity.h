// Nearest known models for an uploaded sample (science.md, "Identification / nearest models"):
// each known model scored by the summed log-likelihood of the sample's latent points (one per
// set) under its KDE, with the centroid distance and the share of sets it wins; best first.
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
  double score = 0;                // sum over the sample's sets of log p_model(point)
  double mean_log_likelihood = 0;  // score / number of sets
  double centroid_distance = 0;    // |sample centroid - model centroid (its KDE's mean)|
  double win_share = 0;            // share of sets for which this model's density is the highest
};

// Ranks the known models (KDEs with parallel names) for the sample's points, highest score first
// (ties: lower index first). The sample must be non-empty and finite.
absl::StatusOr<std::vector<ModelProximity>> RankNearestModels(absl::Span<const GaussianKde> kdes,
                                                              absl::Span<const std::string> names,
                                                              absl::Span<const LatentPoint> sample);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_ANALYSIS_PROXIMITY_H_
