// Iso-proportion contours (science.md, "Contours at probability mass p"; seaborn's method): the
// density level whose super-level set holds mass p on the grid, marching-squares polylines at a
// level, and the mass a level encloses.
#ifndef LATENTSPACE_CORE_ANALYSIS_CONTOURS_H_
#define LATENTSPACE_CORE_ANALYSIS_CONTOURS_H_

#include <vector>

#include "absl/status/statusor.h"
#include "core/analysis/grid.h"
#include "core/analysis/latent_point.h"

namespace latentspace {

// The level L such that the nodes with density >= L hold a share p of the grid's total: sort the
// values in descending order, accumulate, normalise by the total and take the value at the first
// index where the cumulative share reaches p. p in (0, 1]; values finite and >= 0, total > 0.
absl::StatusOr<double> IsoProportionLevel(const Grid& density, double p);

// The share of the grid's total held by nodes with density >= level (the p that `level` encloses;
// with the exact density on a grid that covers the model, its probability mass).
absl::StatusOr<double> EnclosedMass(const Grid& density, double level);

struct Polyline {
  // Vertices in order. A closed polyline does not repeat its first vertex at the end.
  std::vector<LatentPoint> points;
  bool closed = false;
  bool touches_border = false;  // runs along (closed) or ends on (open) the grid's border
};

struct ContourOptions {
  // true: a region that reaches the border is closed along the border (through the border nodes
  // at or above the level), so every polyline is closed and encloses the region. false: such
  // contours end on the border and are returned open.
  bool close_at_border = true;
};

// The iso-line field == level by marching squares: nodes >= level are inside; crossings linearly
// interpolated along cell edges; a saddle cell (diagonal corners inside) is resolved by the mean
// of its corners. Values must be finite. Polylines come out in a deterministic order.
absl::StatusOr<std::vector<Polyline>> MarchingSquares(const Grid& field, double level,
                                                      const ContourOptions& options = {});

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_ANALYSIS_CONTOURS_H_
