// Grid construction and validation.
#include "core/analysis/grid.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"

namespace latentspace {
namespace {

constexpr int64_t kMaxNodes = int64_t{1} << 26;

absl::Status CheckShape(double x0, double y0, double dx, double dy, int nx, int ny) {
  if (!std::isfinite(x0) || !std::isfinite(y0)) {
    return absl::InvalidArgumentError(
        absl::StrCat("grid origin (x0, y0) = (", x0, ", ", y0, ") is not finite"));
  }
  if (!(std::isfinite(dx) && dx > 0)) {
    return absl::InvalidArgumentError(absl::StrCat("grid dx = ", dx, " must be finite and > 0"));
  }
  if (!(std::isfinite(dy) && dy > 0)) {
    return absl::InvalidArgumentError(absl::StrCat("grid dy = ", dy, " must be finite and > 0"));
  }
  if (nx < 2 || ny < 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("grid nx = ", nx, ", ny = ", ny, ": both must be >= 2"));
  }
  if (int64_t{nx} * ny > kMaxNodes) {
    return absl::InvalidArgumentError(
        absl::StrCat("grid nx * ny = ", int64_t{nx} * ny, " exceeds ", kMaxNodes, " nodes"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Grid> Grid::Create(double x0, double y0, double dx, double dy, int nx, int ny) {
  LATENT_RETURN_IF_ERROR(CheckShape(x0, y0, dx, dy, nx, ny));
  Grid grid;
  grid.x0 = x0;
  grid.y0 = y0;
  grid.dx = dx;
  grid.dy = dy;
  grid.nx = nx;
  grid.ny = ny;
  grid.values.assign(static_cast<size_t>(nx) * ny, 0.0);
  return grid;
}

absl::StatusOr<Grid> Grid::FromRange(double x_min, double x_max, double y_min, double y_max, int nx,
                                     int ny) {
  if (!(x_max > x_min) || !(y_max > y_min)) {
    return absl::InvalidArgumentError(absl::StrCat("grid range x [", x_min, ", ", x_max, "], y [",
                                                   y_min, ", ", y_max, "] is empty or not finite"));
  }
  if (nx < 2 || ny < 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("grid nx = ", nx, ", ny = ", ny, ": both must be >= 2"));
  }
  return Create(x_min, y_min, (x_max - x_min) / (nx - 1), (y_max - y_min) / (ny - 1), nx, ny);
}

absl::Status CheckGrid(const Grid& grid, bool check_values) {
  LATENT_RETURN_IF_ERROR(CheckShape(grid.x0, grid.y0, grid.dx, grid.dy, grid.nx, grid.ny));
  if (grid.values.size() != grid.size()) {
    return absl::InvalidArgumentError(absl::StrCat("grid values.size() = ", grid.values.size(),
                                                   ", expected nx * ny = ", grid.size()));
  }
  if (check_values) {
    for (size_t i = 0; i < grid.values.size(); ++i) {
      if (!std::isfinite(grid.values[i])) {
        return absl::InvalidArgumentError(absl::StrCat("grid values[", i, "] (ix ", i % grid.nx,
                                                       ", iy ", i / grid.nx, ") = ", grid.values[i],
                                                       " is not finite"));
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace latentspace
