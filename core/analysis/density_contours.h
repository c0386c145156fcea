// Iso-proportion contours of several latent densities on one grid that covers them all: the known
// models' contours (KnownModelSpace::Contours) and the templates of a selection's interpretation.
#ifndef LATENTSPACE_CORE_ANALYSIS_DENSITY_CONTOURS_H_
#define LATENTSPACE_CORE_ANALYSIS_DENSITY_CONTOURS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "core/analysis/contours.h"
#include "core/analysis/kde.h"
#include "core/analysis/latent_point.h"

namespace latentspace {

struct ModelContour {
  int model = 0;  // index into the densities (the known models)
  double mass = 0;
  double level = 0;  // density level enclosing `mass`
  std::vector<Polyline> polylines;
  std::string note;      // how a degenerate model was regularised, or ""
  LatentPoint centroid;  // the density's mean
};

struct ContourSet {
  std::vector<ModelContour> contours;  // models in order, masses in request order within each
  double x_min = 0, x_max = 0, y_min = 0, y_max = 0;  // the grid's extent
};

// Each density's contours at each mass in (0, 1], on a grid_size x grid_size grid (16..1024)
// covering every density, evaluated with the fast KDE grid. Contours of fewer than 3 vertices (a
// peak node exactly at the level) are dropped when the density has others. INVALID_ARGUMENT for a
// mass or grid size out of range.
absl::StatusOr<ContourSet> DensityContours(absl::Span<const GaussianKde> kdes,
                                           absl::Span<const double> masses, int grid_size);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_ANALYSIS_DENSITY_CONTOURS_H_
