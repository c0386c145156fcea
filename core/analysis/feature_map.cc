// Binned latent-plane means of one feature.
#include "core/analysis/feature_map.h"

#include <algorithm>
#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace latentspace {

absl::StatusOr<FeatureMap> BuildFeatureMap(absl::Span<const LatentPoint> points,
                                           absl::Span<const double> values, const BinRange& range) {
  if (points.size() != values.size()) {
    return absl::InvalidArgumentError(absl::StrCat("feature map: points.size() = ", points.size(),
                                                   " != values.size() = ", values.size()));
  }
  if (!std::isfinite(range.x_min) || !std::isfinite(range.x_max) || !(range.x_max > range.x_min)) {
    return absl::InvalidArgumentError(absl::StrCat("feature map x range [", range.x_min, ", ",
                                                   range.x_max, "] is empty or not finite"));
  }
  if (!std::isfinite(range.y_min) || !std::isfinite(range.y_max) || !(range.y_max > range.y_min)) {
    return absl::InvalidArgumentError(absl::StrCat("feature map y range [", range.y_min, ", ",
                                                   range.y_max, "] is empty or not finite"));
  }
  constexpr int kMaxBins = 4096;
  if (range.nx < 1 || range.nx > kMaxBins || range.ny < 1 || range.ny > kMaxBins) {
    return absl::InvalidArgumentError(absl::StrCat("feature map nx = ", range.nx,
                                                   ", ny = ", range.ny, ": each must be in [1, ",
                                                   kMaxBins, "]"));
  }
  FeatureMap map;
  map.range = range;
  const size_t bins = static_cast<size_t>(range.nx) * range.ny;
  std::vector<double> sum(bins, 0.0);
  map.count.assign(bins, 0);
  for (size_t i = 0; i < points.size(); ++i) {
    const LatentPoint p = points[i];
    if (!std::isfinite(p.x) || !std::isfinite(p.y) || !std::isfinite(values[i])) {
      ++map.skipped;
      continue;
    }
    if (p.x < range.x_min || p.x > range.x_max || p.y < range.y_min || p.y > range.y_max) {
      ++map.outside;
      continue;
    }
    const int ix = std::min(range.nx - 1, static_cast<int>((p.x - range.x_min) /
                                                           (range.x_max - range.x_min) * range.nx));
    const int iy = std::min(range.ny - 1, static_cast<int>((p.y - range.y_min) /
                                                           (range.y_max - range.y_min) * range.ny));
    const size_t bin = static_cast<size_t>(iy) * range.nx + ix;
    sum[bin] += values[i];
    ++map.count[bin];
  }
  map.mean.resize(bins);
  for (size_t b = 0; b < bins; ++b) {
    map.mean[b] = map.count[b] > 0 ? sum[b] / map.count[b] : std::nan("");
  }
  return map;
}

}  // namespace latentspace
