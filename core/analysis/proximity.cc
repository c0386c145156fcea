// Ranking of known models by the likelihood of a sample's latent points.
#include "core/analysis/proximity.h"

#include <algorithm>
#include <limits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace latentspace {

absl::StatusOr<std::vector<ModelProximity>> RankNearestModels(
    absl::Span<const GaussianKde> kdes, absl::Span<const std::string> names,
    absl::Span<const LatentPoint> sample) {
  if (kdes.empty()) return absl::InvalidArgumentError("proximity: no known models");
  if (kdes.size() != names.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("proximity: ", kdes.size(), " models but ", names.size(), " names"));
  }
  if (sample.empty()) return absl::InvalidArgumentError("proximity: the sample has no points");
  if (absl::Status status = CheckFinite(sample, "sample"); !status.ok()) return status;
  const LatentPoint centroid = Centroid(sample);
  std::vector<ModelProximity> ranking(kdes.size());
  std::vector<int64_t> wins(kdes.size(), 0);
  std::vector<double> log_likelihood(kdes.size());
  for (const LatentPoint& point : sample) {
    size_t best = 0;
    for (size_t m = 0; m < kdes.size(); ++m) {
      log_likelihood[m] = kdes[m].LogDensity(point);
      ranking[m].score += log_likelihood[m];
      if (log_likelihood[m] > log_likelihood[best]) best = m;
    }
    ++wins[best];
  }
  for (size_t m = 0; m < kdes.size(); ++m) {
    ModelProximity& entry = ranking[m];
    entry.model = static_cast<int>(m);
    entry.name = names[m];
    entry.mean_log_likelihood = entry.score / sample.size();
    entry.centroid_distance = Distance(centroid, kdes[m].mean());
    entry.win_share = static_cast<double>(wins[m]) / sample.size();
  }
  std::stable_sort(
      ranking.begin(), ranking.end(),
      [](const ModelProximity& a, const ModelProximity& b) { return a.score > b.score; });
  return ranking;
}

}  // namespace latentspace
