// Contours of several densities on one covering grid.
#include "core/analysis/density_contours.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/analysis/grid.h"
#include "core/analysis/kde_grid.h"
#include "core/status_macros.h"

namespace latentspace {
namespace {

// Margin of the contour grid around every model, in kernel sigmas.
constexpr double kContourMarginSigmas = 3.5;
// Below this kernel resolution (kernel sigma / grid spacing) the grid cannot sample the kernel.
constexpr double kMinCellsPerSigma = 0.5;

// The limit of a kernel much narrower than the grid spacing: each point's weight shared among the
// four nodes around it (linear binning), which conserves the mass the contours enclose.
void BinOntoGrid(const GaussianKde& kde, Grid* grid) {
  std::fill(grid->values.begin(), grid->values.end(), 0.0);
  for (size_t i = 0; i < kde.points().size(); ++i) {
    const double fx = std::clamp((kde.points()[i].x - grid->x0) / grid->dx, 0.0, grid->nx - 1.0);
    const double fy = std::clamp((kde.points()[i].y - grid->y0) / grid->dy, 0.0, grid->ny - 1.0);
    const int ix = std::min(static_cast<int>(fx), grid->nx - 2);
    const int iy = std::min(static_cast<int>(fy), grid->ny - 2);
    const double tx = fx - ix, ty = fy - iy, w = kde.weights()[i];
    grid->at(ix, iy) += w * (1 - tx) * (1 - ty);
    grid->at(ix + 1, iy) += w * tx * (1 - ty);
    grid->at(ix, iy + 1) += w * (1 - tx) * ty;
    grid->at(ix + 1, iy + 1) += w * tx * ty;
  }
}

// A region whose peak node lies exactly at the level gives a contour of one or two vertices (the
// crossings coincide with the node): nothing to draw. Dropped unless nothing else is left.
void DropDegenerate(std::vector<Polyline>* lines) {
  std::vector<Polyline> kept;
  for (Polyline& line : *lines) {
    if (line.points.size() >= 3) kept.push_back(std::move(line));
  }
  if (!kept.empty()) *lines = std::move(kept);
}

}  // namespace

absl::StatusOr<ContourSet> DensityContours(absl::Span<const GaussianKde> kdes,
                                           absl::Span<const double> masses, int grid_size) {
  if (grid_size < 16 || grid_size > 1024) {
    return absl::InvalidArgumentError(
        absl::StrCat("grid size ", grid_size, " must be in 16..1024"));
  }
  for (double mass : masses) {
    if (!(mass > 0 && mass <= 1)) {
      return absl::InvalidArgumentError(
          absl::StrCat("probability mass ", mass, " must be in (0, 1]"));
    }
  }
  LATENT_ASSIGN_OR_RETURN(Grid shape,
                          CoveringGrid(kdes, grid_size, grid_size, kContourMarginSigmas));
  ContourSet result;
  result.x_min = shape.x0;
  result.x_max = shape.x_max();
  result.y_min = shape.y0;
  result.y_max = shape.y_max();
  for (size_t m = 0; m < kdes.size(); ++m) {
    Grid density = shape;
    LATENT_ASSIGN_OR_RETURN(FastGridReport report, EvaluateOnGridFast(kdes[m], &density));
    std::string note;
    if (report.cells_per_sigma < kMinCellsPerSigma) {
      BinOntoGrid(kdes[m], &density);
      note = "kernel narrower than the grid spacing: the points were binned onto the grid";
    }
    for (double mass : masses) {
      LATENT_ASSIGN_OR_RETURN(double level, IsoProportionLevel(density, mass));
      LATENT_ASSIGN_OR_RETURN(std::vector<Polyline> lines, MarchingSquares(density, level));
      DropDegenerate(&lines);
      result.contours.push_back(
          {static_cast<int>(m), mass, level, std::move(lines), note, kdes[m].mean()});
    }
  }
  return result;
}

}  // namespace latentspace
