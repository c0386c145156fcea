// A point of the 2-D latent space: the encoder's output for one set of events.
#ifndef LATENTSPACE_CORE_ANALYSIS_LATENT_POINT_H_
#define LATENTSPACE_CORE_ANALYSIS_LATENT_POINT_H_

#include <cmath>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace latentspace {

struct LatentPoint {
  double x = 0;
  double y = 0;
};

// OK when every coordinate is finite; otherwise an InvalidArgument error naming the first
// offending point, e.g. "sample points[3].y = nan is not finite".
inline absl::Status CheckFinite(absl::Span<const LatentPoint> points, absl::string_view what) {
  for (size_t i = 0; i < points.size(); ++i) {
    if (!std::isfinite(points[i].x) || !std::isfinite(points[i].y)) {
      const bool bad_x = !std::isfinite(points[i].x);
      return absl::InvalidArgumentError(absl::StrCat(what, " points[", i, "].", bad_x ? "x" : "y",
                                                     " = ", bad_x ? points[i].x : points[i].y,
                                                     " is not finite"));
    }
  }
  return absl::OkStatus();
}

// Arithmetic mean of the points (NaN coordinates for an empty span).
inline LatentPoint Centroid(absl::Span<const LatentPoint> points) {
  if (points.empty()) return {std::nan(""), std::nan("")};
  double x = 0, y = 0;
  for (const LatentPoint& p : points) {
    x += p.x;
    y += p.y;
  }
  return {x / points.size(), y / points.size()};
}

inline double Distance(LatentPoint a, LatentPoint b) { return std::hypot(a.x - b.x, a.y - b.y); }

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_ANALYSIS_LATENT_POINT_H_
