// Feature maps (science.md, "Feature maps"): the latent plane cut into nx x ny bins, each bin
// holding the mean of one input feature over the latent points that fall in it (each point's
// value is the feature's mean over its set's events).
#ifndef LATENTSPACE_CORE_ANALYSIS_FEATURE_MAP_H_
#define LATENTSPACE_CORE_ANALYSIS_FEATURE_MAP_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "core/analysis/latent_point.h"

namespace latentspace {

// The binned region: [x_min, x_max] x [y_min, y_max] in nx x ny equal bins; a bin holds its lower
// edges, the last bin of each axis also its upper edge.
struct BinRange {
  double x_min = 0;
  double x_max = 1;
  double y_min = 0;
  double y_max = 1;
  int nx = 1;
  int ny = 1;
};

struct FeatureMap {
  BinRange range;
  // Row-major (bin (ix, iy) at iy * nx + ix): the mean value, NaN for an empty bin, and the count.
  std::vector<double> mean;
  std::vector<int64_t> count;
  int64_t outside = 0;  // points outside the range (not binned)
  int64_t skipped = 0;  // points with a non-finite coordinate or value (not binned)

  double bin_width_x() const { return (range.x_max - range.x_min) / range.nx; }
  double bin_width_y() const { return (range.y_max - range.y_min) / range.ny; }
  // Centre of bin (ix, iy).
  LatentPoint BinCentre(int ix, int iy) const {
    return {range.x_min + (ix + 0.5) * bin_width_x(), range.y_min + (iy + 0.5) * bin_width_y()};
  }
  bool empty(int ix, int iy) const { return count[static_cast<size_t>(iy) * range.nx + ix] == 0; }
};

// Bins the points (one value each) over `range` (finite, x_max > x_min, y_max > y_min,
// 1 <= nx, ny <= 4096). Points or values that are not finite are skipped and counted, not errors.
absl::StatusOr<FeatureMap> BuildFeatureMap(absl::Span<const LatentPoint> points,
                                           absl::Span<const double> values, const BinRange& range);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_ANALYSIS_FEATURE_MAP_H_
