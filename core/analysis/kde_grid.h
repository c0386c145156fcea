// Evaluating a GaussianKde on a Grid: exactly (every point's kernel at every node, multithreaded
// over rows) or fast, and choosing a grid that covers several models' points. The fast evaluation
// has two methods, picked by cost unless forced:
//  - kTruncatedSum: each point's kernel added to the nodes inside its 6-sigma ellipse, the
//    Gaussian along a row by an exact multiplicative recurrence (one exp per row per point);
//    equals the exact sum up to the truncation (relative to the peak, < 1.6e-8).
//  - kBinnedFft: the points' weights linearly binned onto the grid nodes, then convolved with the
//    kernel sampled on the nodes by zero-padded FFT; its error is the binning's, of order
//    (cell / kernel sigma)^2 / 8 of a single kernel, far less for smooth data. Used only when the
//    kernel spans at least `min_cells_per_sigma` cells along each axis.
#ifndef LATENTSPACE_CORE_ANALYSIS_KDE_GRID_H_
#define LATENTSPACE_CORE_ANALYSIS_KDE_GRID_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "core/analysis/grid.h"
#include "core/analysis/kde.h"

namespace latentspace {

// Fills grid->values with kde.Density at every node, brute force. `threads` <= 0: one per core.
absl::Status EvaluateOnGridExact(const GaussianKde& kde, Grid* grid, int threads = 0);

enum class FastGridMethod { kAuto, kTruncatedSum, kBinnedFft };

struct FastGridOptions {
  FastGridMethod method = FastGridMethod::kAuto;
  double truncate_sigmas = 6.0;      // kernel support radius, in Mahalanobis units; >= 3
  double min_cells_per_sigma = 2.0;  // kAuto uses kBinnedFft only above this resolution
};

struct FastGridReport {
  FastGridMethod method = FastGridMethod::kAuto;  // the method used
  int fft_nx = 0;                                 // FFT sizes (kBinnedFft only)
  int fft_ny = 0;
  // Kernel resolution: min over axes of (conditional kernel sigma along the axis) / spacing.
  double cells_per_sigma = 0;
  int64_t points_outside = 0;  // points farther than the support from every node (ignored)
};

// Fills grid->values with a fast approximation of kde.Density at every node (see above).
absl::StatusOr<FastGridReport> EvaluateOnGridFast(const GaussianKde& kde, Grid* grid,
                                                  const FastGridOptions& options = {});

// An nx x ny grid covering every model's points with a margin of `margin_sigmas` of that model's
// kernel sigma along each axis (3-4 keeps more than 99.9% of each kernel's mass on the grid).
absl::StatusOr<Grid> CoveringGrid(absl::Span<const GaussianKde> kdes, int nx, int ny,
                                  double margin_sigmas = 3.5);

const char* FastGridMethodName(FastGridMethod method);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_ANALYSIS_KDE_GRID_H_
