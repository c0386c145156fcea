// Ranking of known models by the likelihood of a sample's latent points.
#include "core/analysis/proximity.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/analysis/density_floor.h"
#include "core/analysis/kde_grid.h"
#include "core/status_macros.h"

namespace latentspace {

absl::StatusOr<std::vector<ModelProximity>> RankNearestModels(absl::Span<const GaussianKde> kdes,
                                                              absl::Span<const std::string> names,
                                                              absl::Span<const LatentPoint> sample,
                                                              absl::Span<const double> prior) {
  if (kdes.empty()) return absl::InvalidArgumentError("proximity: no known models");
  if (kdes.size() != names.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("proximity: ", kdes.size(), " models but ", names.size(), " names"));
  }
  if (sample.empty()) return absl::InvalidArgumentError("proximity: the sample has no points");
  if (!prior.empty() && prior.size() != kdes.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("proximity: ", kdes.size(), " models but ", prior.size(), " prior weights"));
  }
  double prior_sum = 0;
  for (size_t m = 0; m < prior.size(); ++m) {
    if (!(std::isfinite(prior[m]) && prior[m] >= 0)) {
      return absl::InvalidArgumentError(absl::StrCat("proximity: prior weight of model '", names[m],
                                                     "' = ", prior[m], " must be finite and >= 0"));
    }
    prior_sum += prior[m];
  }
  if (!prior.empty() && !(prior_sum > 0)) {
    return absl::InvalidArgumentError("proximity: every prior weight is 0");
  }
  LATENT_RETURN_IF_ERROR(CheckFinite(sample, "sample"));
  // One floor under every model, over the plane that covers them all (density_floor.h): a set far
  // from every model weighs the same under each instead of deciding the posterior.
  LATENT_ASSIGN_OR_RETURN(const Grid plane, CoveringGrid(kdes, 2, 2));
  const DensityFloor floor(plane);
  const LatentPoint centroid = Centroid(sample);
  std::vector<ModelProximity> ranking(kdes.size());
  std::vector<int64_t> wins(kdes.size(), 0);
  std::vector<double> log_density(kdes.size());
  for (const LatentPoint& point : sample) {
    size_t best = 0;
    for (size_t m = 0; m < kdes.size(); ++m) {
      log_density[m] = kdes[m].LogDensity(point);
      ranking[m].log_likelihood += floor.Apply(log_density[m]);
      if (log_density[m] > log_density[best]) best = m;  // the densest KDE, floor aside
    }
    ++wins[best];
  }
  // log(prior x likelihood), normalised with log-sum-exp so that no model's term underflows.
  std::vector<double> log_joint(kdes.size());
  double max_log_joint = -std::numeric_limits<double>::infinity();
  for (size_t m = 0; m < kdes.size(); ++m) {
    const double log_prior = prior.empty() ? 0.0 : std::log(prior[m] / prior_sum);
    log_joint[m] = ranking[m].log_likelihood + log_prior;
    max_log_joint = std::max(max_log_joint, log_joint[m]);
  }
  double evidence = 0;
  for (double value : log_joint) evidence += std::exp(value - max_log_joint);
  for (size_t m = 0; m < kdes.size(); ++m) {
    ModelProximity& entry = ranking[m];
    entry.model = static_cast<int>(m);
    entry.name = names[m];
    entry.mean_log_likelihood = entry.log_likelihood / sample.size();
    entry.posterior = std::exp(log_joint[m] - max_log_joint) / evidence;
    entry.centroid_distance = Distance(centroid, kdes[m].mean());
    entry.win_share = static_cast<double>(wins[m]) / sample.size();
  }
  // Equal posteriors (a sample far from every model lies on the floor of each) are ordered by the
  // share of sets won, then by centroid distance: the nearest model first.
  std::stable_sort(ranking.begin(), ranking.end(),
                   [&log_joint](const ModelProximity& a, const ModelProximity& b) {
                     if (log_joint[a.model] != log_joint[b.model]) {
                       return log_joint[a.model] > log_joint[b.model];
                     }
                     if (a.win_share != b.win_share) return a.win_share > b.win_share;
                     return a.centroid_distance < b.centroid_distance;
                   });
  return ranking;
}

}  // namespace latentspace
