// A regular 2-D grid of values over the latent plane (densities, fields to contour): node (ix, iy)
// sits at (x0 + ix dx, y0 + iy dy); values are stored row by row (one row per y).
#ifndef LATENTSPACE_CORE_ANALYSIS_GRID_H_
#define LATENTSPACE_CORE_ANALYSIS_GRID_H_

#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace latentspace {

struct Grid {
  double x0 = 0;  // position of node (0, 0)
  double y0 = 0;
  double dx = 1;  // node spacing
  double dy = 1;
  int nx = 0;                  // nodes per row
  int ny = 0;                  // rows
  std::vector<double> values;  // ny x nx, row-major: values[iy * nx + ix]; zeros when created

  // Validates: finite origin, finite positive spacing, nx, ny >= 2, nx * ny <= 2^26 nodes.
  static absl::StatusOr<Grid> Create(double x0, double y0, double dx, double dy, int nx, int ny);
  // nx x ny nodes from (x_min, y_min) to (x_max, y_max), both ends included.
  static absl::StatusOr<Grid> FromRange(double x_min, double x_max, double y_min, double y_max,
                                        int nx, int ny);

  double x(int ix) const { return x0 + ix * dx; }
  double y(int iy) const { return y0 + iy * dy; }
  double x_max() const { return x(nx - 1); }
  double y_max() const { return y(ny - 1); }
  double& at(int ix, int iy) { return values[static_cast<size_t>(iy) * nx + ix]; }
  double at(int ix, int iy) const { return values[static_cast<size_t>(iy) * nx + ix]; }
  size_t size() const { return static_cast<size_t>(nx) * ny; }
};

// OK when the grid's shape is consistent (values.size() == nx * ny, nx, ny >= 2, dx, dy > 0) and,
// with `check_values`, every value is finite; otherwise InvalidArgument naming the field.
absl::Status CheckGrid(const Grid& grid, bool check_values);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_ANALYSIS_GRID_H_
