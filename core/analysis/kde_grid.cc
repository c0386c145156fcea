// Exact and fast evaluation of a Gaussian KDE on a grid; covering grids for several models.
#include "core/analysis/kde_grid.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <limits>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/analysis/fft.h"
#include "core/status_macros.h"

namespace latentspace {
namespace {

constexpr int64_t kMaxFftCells = int64_t{1} << 24;

// The kernel's Mahalanobis form q(u, v) = a u^2 + 2 b u v + c v^2 = |L^-1 (u, v)|^2.
struct QuadraticForm {
  double a = 0;
  double b = 0;
  double c = 0;
  double operator()(double u, double v) const { return a * u * u + 2 * b * u * v + c * v * v; }
  // Conditional sigmas: the kernel's width along x at fixed y and along y at fixed x.
  double sigma_x_given_y() const { return 1.0 / std::sqrt(a); }
  double sigma_y_given_x() const { return 1.0 / std::sqrt(c); }
  // Marginal sigmas: half the ellipse q <= 1's extent along each axis.
  double sigma_x() const { return std::sqrt(c / (a * c - b * b)); }
  double sigma_y() const { return std::sqrt(a / (a * c - b * b)); }
};

QuadraticForm KernelForm(const GaussianKde& kde) {
  const GaussianKde::Cholesky& l = kde.cholesky();
  // z0 = u / l00, z1 = (v - l10 u / l00) / l11.
  const double inv00 = 1.0 / l.l00;
  const double inv11 = 1.0 / l.l11;
  const double m = l.l10 * inv00 * inv11;  // coefficient of u in z1
  return {inv00 * inv00 + m * m, -m * inv11, inv11 * inv11};
}

// floor / ceil of a node coordinate, clamped to [lo, hi] before the cast (no int overflow for
// kernels far wider than the grid).
int FloorIndex(double value, int lo, int hi) {
  return static_cast<int>(
      std::clamp(std::floor(value), static_cast<double>(lo), static_cast<double>(hi)));
}
int CeilIndex(double value, int lo, int hi) {
  return static_cast<int>(
      std::clamp(std::ceil(value), static_cast<double>(lo), static_cast<double>(hi)));
}

// Adds weight w x exp(-q/2) of a kernel at p to every node within q <= t2, row by row.
void ScatterPoint(const QuadraticForm& form, double t2, LatentPoint p, double w, Grid* grid) {
  const double reduced_c = form.c - form.b * form.b / form.a;  // q at the row's minimum / v^2
  const double v_max = std::sqrt(t2 / reduced_c);
  const int iy_lo = CeilIndex((p.y - v_max - grid->y0) / grid->dy, 0, grid->ny);
  const int iy_hi = FloorIndex((p.y + v_max - grid->y0) / grid->dy, -1, grid->ny - 1);
  const double dx = grid->dx;
  const double growth = std::exp(-form.a * dx * dx);
  for (int iy = iy_lo; iy <= iy_hi; ++iy) {
    const double v = grid->y(iy) - p.y;
    const double q_min = reduced_c * v * v;
    if (q_min > t2) continue;
    const double u_centre = -form.b * v / form.a;
    const double half_width = std::sqrt((t2 - q_min) / form.a);
    const int ix_lo = CeilIndex((p.x + u_centre - half_width - grid->x0) / dx, 0, grid->nx);
    const int ix_hi = FloorIndex((p.x + u_centre + half_width - grid->x0) / dx, -1, grid->nx - 1);
    if (ix_lo > ix_hi) continue;
    // exp(-q/2) along the row: q(u + dx) - q(u) grows by 2 a dx^2 per step, so the ratio of
    // neighbours is multiplied by exp(-a dx^2) per step. All values stay >= exp(-t2 / 2).
    const double u0 = grid->x(ix_lo) - p.x;
    double value = w * std::exp(-0.5 * form(u0, v));
    double ratio = std::exp(-0.5 * (form.a * (2 * u0 * dx + dx * dx) + 2 * form.b * v * dx));
    double* row = grid->values.data() + static_cast<size_t>(iy) * grid->nx;
    for (int ix = ix_lo; ix <= ix_hi; ++ix) {
      row[ix] += value;
      value *= ratio;
      ratio *= growth;
    }
  }
}

int64_t TruncatedSum(const GaussianKde& kde, const QuadraticForm& form, double t2, Grid* grid) {
  std::fill(grid->values.begin(), grid->values.end(), 0.0);
  const double reach_x = std::sqrt(t2) * form.sigma_x();
  const double reach_y = std::sqrt(t2) * form.sigma_y();
  int64_t outside = 0;
  for (size_t i = 0; i < kde.points().size(); ++i) {
    const LatentPoint p = kde.points()[i];
    if (p.x < grid->x0 - reach_x || p.x > grid->x_max() + reach_x || p.y < grid->y0 - reach_y ||
        p.y > grid->y_max() + reach_y) {
      ++outside;
      continue;
    }
    if (kde.weights()[i] > 0) ScatterPoint(form, t2, p, kde.weights()[i], grid);
  }
  const double norm = std::exp(kde.log_normalisation());
  for (double& value : grid->values) value *= norm;
  return outside;
}

// Linear binning + FFT convolution. Bins cover the grid's nodes plus `pad` nodes on each side
// where points lie outside the grid (at most the kernel's reach); the kernel is sampled at node
// offsets within its support. Returns the points outside the bins, or an error when the FFT would
// be too large.
absl::StatusOr<int64_t> BinnedFft(const GaussianKde& kde, const QuadraticForm& form, double t2,
                                  Grid* grid, FastGridReport* report) {
  const double t = std::sqrt(t2);
  constexpr int kMaxReach = 1 << 20;  // cells; far beyond any FFT we accept
  const int reach_x = CeilIndex(t * form.sigma_x() / grid->dx, 1, kMaxReach);
  const int reach_y = CeilIndex(t * form.sigma_y() / grid->dy, 1, kMaxReach);
  double min_fx = 0, max_fx = grid->nx - 1, min_fy = 0, max_fy = grid->ny - 1;
  for (const LatentPoint& p : kde.points()) {
    min_fx = std::min(min_fx, (p.x - grid->x0) / grid->dx);
    max_fx = std::max(max_fx, (p.x - grid->x0) / grid->dx);
    min_fy = std::min(min_fy, (p.y - grid->y0) / grid->dy);
    max_fy = std::max(max_fy, (p.y - grid->y0) / grid->dy);
  }
  auto pad = [](double cells, int reach) {
    return static_cast<int>(std::min<double>(reach, std::ceil(std::max(0.0, cells))));
  };
  const int pad_left = pad(-min_fx, reach_x);
  const int pad_right = pad(max_fx - (grid->nx - 1), reach_x);
  const int pad_bottom = pad(-min_fy, reach_y);
  const int pad_top = pad(max_fy - (grid->ny - 1), reach_y);
  const int bins_x = grid->nx + pad_left + pad_right;
  const int bins_y = grid->ny + pad_bottom + pad_top;
  const int kernel_x = std::min(reach_x, bins_x - 1);
  const int kernel_y = std::min(reach_y, bins_y - 1);
  const int nx = NextPowerOfTwo(bins_x + kernel_x);
  const int ny = NextPowerOfTwo(bins_y + kernel_y);
  if (int64_t{nx} * ny > kMaxFftCells) {
    return absl::ResourceExhaustedError(
        absl::StrCat("binned FFT of ", nx, " x ", ny, " cells exceeds ", kMaxFftCells));
  }
  report->fft_nx = nx;
  report->fft_ny = ny;

  // Real part: binned weights; imaginary part: the kernel (offsets wrap around).
  std::vector<std::complex<double>> data(static_cast<size_t>(nx) * ny);
  auto cell = [&](int ix, int iy) -> std::complex<double>& {
    return data[static_cast<size_t>(iy) * nx + ix];
  };
  int64_t outside = 0;
  for (size_t i = 0; i < kde.points().size(); ++i) {
    const double fx = (kde.points()[i].x - grid->x0) / grid->dx + pad_left;
    const double fy = (kde.points()[i].y - grid->y0) / grid->dy + pad_bottom;
    if (fx < 0 || fy < 0 || fx > bins_x - 1 || fy > bins_y - 1) {
      ++outside;
      continue;
    }
    const int ix = std::min(static_cast<int>(fx), bins_x - 2);
    const int iy = std::min(static_cast<int>(fy), bins_y - 2);
    const double tx = fx - ix;
    const double ty = fy - iy;
    const double w = kde.weights()[i];
    cell(ix, iy) += (1 - tx) * (1 - ty) * w;
    cell(ix + 1, iy) += tx * (1 - ty) * w;
    cell(ix, iy + 1) += (1 - tx) * ty * w;
    cell(ix + 1, iy + 1) += tx * ty * w;
  }
  const std::complex<double> i_unit(0, 1);
  // Linear binning spreads a point over its cell's corners, adding on average dx^2/6 (dy^2/6) of
  // variance along each axis; the sampled kernel has that much less, so the result keeps the
  // KDE's second moments (this cuts the binning error several-fold).
  const Covariance2& k = kde.kernel_covariance();
  Covariance2 reduced{k.xx - grid->dx * grid->dx / 6, k.xy, k.yy - grid->dy * grid->dy / 6};
  double reduced_det = reduced.xx * reduced.yy - reduced.xy * reduced.xy;
  if (!(reduced.xx > 0 && reduced_det > 0)) {
    reduced = k;
    reduced_det = k.xx * k.yy - k.xy * k.xy;
  }
  const QuadraticForm sampled{reduced.yy / reduced_det, -reduced.xy / reduced_det,
                              reduced.xx / reduced_det};
  const double norm = 1.0 / (2 * M_PI * std::sqrt(reduced_det));
  for (int j = -kernel_y; j <= kernel_y; ++j) {
    for (int i = -kernel_x; i <= kernel_x; ++i) {
      const double q = sampled(i * grid->dx, j * grid->dy);
      if (q <= t2) cell((i + nx) % nx, (j + ny) % ny) += i_unit * std::exp(-0.5 * q);
    }
  }
  LATENT_RETURN_IF_ERROR(Fft2d(data, nx, ny, /*inverse=*/false));
  // Z = B + i K with B, K the transforms of the real bins and kernel:
  // B[k] = (Z[k] + conj Z[-k]) / 2, K[k] = (Z[k] - conj Z[-k]) / 2i.
  std::vector<std::complex<double>> product(data.size());
  for (int ky = 0; ky < ny; ++ky) {
    for (int kx = 0; kx < nx; ++kx) {
      const std::complex<double> z = data[static_cast<size_t>(ky) * nx + kx];
      const std::complex<double> mirror =
          std::conj(data[static_cast<size_t>((ny - ky) % ny) * nx + (nx - kx) % nx]);
      product[static_cast<size_t>(ky) * nx + kx] =
          0.5 * (z + mirror) * (z - mirror) / (2.0 * i_unit);
    }
  }
  LATENT_RETURN_IF_ERROR(Fft2d(product, nx, ny, /*inverse=*/true));
  for (int iy = 0; iy < grid->ny; ++iy) {
    for (int ix = 0; ix < grid->nx; ++ix) {
      const double value =
          product[static_cast<size_t>(iy + pad_bottom) * nx + ix + pad_left].real() * norm;
      grid->at(ix, iy) = std::max(0.0, value);  // round-off can leave tiny negatives
    }
  }
  return outside;
}

}  // namespace

const char* FastGridMethodName(FastGridMethod method) {
  switch (method) {
    case FastGridMethod::kAuto:
      return "auto";
    case FastGridMethod::kTruncatedSum:
      return "truncated-sum";
    case FastGridMethod::kBinnedFft:
      return "binned-fft";
  }
  return "?";
}

absl::Status EvaluateOnGridExact(const GaussianKde& kde, Grid* grid, int threads) {
  LATENT_RETURN_IF_ERROR(CheckGrid(*grid, false));
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  threads = std::min(threads, grid->ny);
  auto work = [&kde, grid, threads](int first) {
    for (int iy = first; iy < grid->ny; iy += threads) {
      for (int ix = 0; ix < grid->nx; ++ix) {
        grid->at(ix, iy) = kde.Density({grid->x(ix), grid->y(iy)});
      }
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (std::thread& thread : pool) thread.join();
  return absl::OkStatus();
}

absl::StatusOr<FastGridReport> EvaluateOnGridFast(const GaussianKde& kde, Grid* grid,
                                                  const FastGridOptions& options) {
  LATENT_RETURN_IF_ERROR(CheckGrid(*grid, false));
  if (!(options.truncate_sigmas >= 3 && options.truncate_sigmas <= 40)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "fast grid truncate_sigmas = ", options.truncate_sigmas, " must be in [3, 40]"));
  }
  if (!(options.min_cells_per_sigma >= 0)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "fast grid min_cells_per_sigma = ", options.min_cells_per_sigma, " must be >= 0"));
  }
  const QuadraticForm form = KernelForm(kde);
  const double t2 = options.truncate_sigmas * options.truncate_sigmas;
  FastGridReport report;
  report.cells_per_sigma =
      std::min(form.sigma_x_given_y() / grid->dx, form.sigma_y_given_x() / grid->dy);
  report.method = options.method;
  if (report.method == FastGridMethod::kAuto) {
    // Rough operation counts: per-cell multiply-adds for the sum, butterflies for the FFT.
    const double n = static_cast<double>(kde.points().size());
    const double ellipse_cells =
        std::min(M_PI * t2 * form.sigma_x() * form.sigma_y() / (grid->dx * grid->dy),
                 static_cast<double>(grid->size()));
    const double sum_cost = n * ellipse_cells;
    const double fft_cells = 4.0 * static_cast<double>(grid->size());  // typical padding
    const double fft_cost = 5.0 * fft_cells * std::log2(fft_cells) + 4.0 * n;
    report.method = report.cells_per_sigma >= options.min_cells_per_sigma && fft_cost < sum_cost
                        ? FastGridMethod::kBinnedFft
                        : FastGridMethod::kTruncatedSum;
  }
  if (report.method == FastGridMethod::kBinnedFft) {
    absl::StatusOr<int64_t> outside = BinnedFft(kde, form, t2, grid, &report);
    if (outside.ok()) {
      report.points_outside = *outside;
      return report;
    }
    if (options.method == FastGridMethod::kBinnedFft) return outside.status();
    report.method = FastGridMethod::kTruncatedSum;  // the FFT would be too large
    report.fft_nx = report.fft_ny = 0;
  }
  report.points_outside = TruncatedSum(kde, form, t2, grid);
  return report;
}

absl::StatusOr<Grid> CoveringGrid(absl::Span<const GaussianKde> kdes, int nx, int ny,
                                  double margin_sigmas) {
  if (kdes.empty()) return absl::InvalidArgumentError("covering grid: no models");
  if (!(std::isfinite(margin_sigmas) && margin_sigmas >= 0)) {
    return absl::InvalidArgumentError(
        absl::StrCat("covering grid margin_sigmas = ", margin_sigmas, " must be finite and >= 0"));
  }
  double x_min = std::numeric_limits<double>::infinity(), x_max = -x_min;
  double y_min = x_min, y_max = -x_min;
  for (const GaussianKde& kde : kdes) {
    const double mx = margin_sigmas * std::sqrt(kde.kernel_covariance().xx);
    const double my = margin_sigmas * std::sqrt(kde.kernel_covariance().yy);
    for (const LatentPoint& p : kde.points()) {
      x_min = std::min(x_min, p.x - mx);
      x_max = std::max(x_max, p.x + mx);
      y_min = std::min(y_min, p.y - my);
      y_max = std::max(y_max, p.y + my);
    }
  }
  return Grid::FromRange(x_min, x_max, y_min, y_max, nx, ny);
}

}  // namespace latentspace
