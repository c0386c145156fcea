// Benchmark: 50% iso-proportion contours of 9 models x 5,000 latent points (deterministic Gaussian
// blobs with varied covariances) on a 256 x 256 grid with our fast KDE grid evaluation, against
// the exact evaluation with scipy.stats.gaussian_kde on the same grid and points, in the same run
// (Python through popen, points handed over in a temporary file). Also checks the accuracy that
// matters: the exact KDE mass enclosed by our fast 50% level (goal |mass - 0.5| <= 0.005), and
// scipy's grid against our exact grid. Prints measured numbers only.
//   contour_bench [--python /usr/bin/python3] [--repeat N] [--points N] [--grid N]
//                 [--method auto|sum|fft] [--no-reference]
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "core/analysis/contours.h"
#include "core/analysis/kde.h"
#include "core/analysis/kde_grid.h"
#include "core/status_macros.h"
#include "tests/core/analysis/synthetic_blobs.h"
#include "tests/testing/run_command.h"

namespace latentspace {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Nine overlapping blobs on a rough 3 x 3 layout, each with its own covariance.
const testing::Blob kBlobs[] = {
    {0.0, 0.0, 1.0, 0.6, 0.3}, {3.0, 0.5, 0.5, 1.2, -0.5}, {6.0, 0.0, 0.8, 0.8, 0.0},
    {0.0, 3.5, 1.5, 0.4, 0.7}, {3.0, 3.0, 0.6, 0.6, 0.2},  {6.5, 3.0, 1.0, 1.5, -0.2},
    {0.5, 6.5, 0.4, 0.9, 0.0}, {3.5, 6.0, 1.2, 0.7, 0.6},  {6.0, 6.5, 0.7, 0.3, -0.8},
};
constexpr int kModels = 9;

struct ModelResult {
  double seconds = 0;  // fit + fast grid + level + contour, best of the repeats
  FastGridMethod method = FastGridMethod::kAuto;
  double level = 0;
  size_t polylines = 0;
  size_t vertices = 0;
  double exact_seconds = 0;
  double exact_mass = 0;      // exact KDE mass (on the grid) above our fast 50% level
  double fast_max_error = 0;  // max |fast - exact| / max exact over the grid
  double scipy_seconds = 0;
  double scipy_difference = 0;  // max |scipy - our exact| / max exact over the grid
};

// Our pipeline for one model; returns the level and fills the contour counts.
absl::StatusOr<double> OurContour(const std::vector<LatentPoint>& points, const Grid& shape,
                                  const FastGridOptions& options, Grid* density,
                                  ModelResult* result) {
  LATENT_ASSIGN_OR_RETURN(GaussianKde kde, GaussianKde::Fit(points));
  *density = shape;
  LATENT_ASSIGN_OR_RETURN(FastGridReport report, EvaluateOnGridFast(kde, density, options));
  LATENT_ASSIGN_OR_RETURN(double level, IsoProportionLevel(*density, 0.5));
  LATENT_ASSIGN_OR_RETURN(std::vector<Polyline> lines, MarchingSquares(*density, level));
  result->method = report.method;
  result->polylines = lines.size();
  result->vertices = 0;
  for (const Polyline& line : lines) result->vertices += line.points.size();
  return level;
}

// Times scipy's exact evaluation of every model's KDE on the grid; returns per-model seconds and
// leaves the densities (models x ny x nx float64) in `densities_path`.
absl::StatusOr<std::vector<double>> TimeScipy(const std::string& python,
                                              const std::string& points_path,
                                              const std::string& densities_path, int points,
                                              const Grid& grid) {
  const std::string script =
      "import sys, time\n"
      "import numpy as np\n"
      "from scipy.stats import gaussian_kde\n"
      "src, dst, m, n, x0, y0, dx, dy, nx, ny = sys.argv[1:11]\n"
      "m, n, nx, ny = int(m), int(n), int(nx), int(ny)\n"
      "x0, y0, dx, dy = float(x0), float(y0), float(dx), float(dy)\n"
      "pts = np.fromfile(src, dtype=np.float64).reshape(m, n, 2)\n"
      "X, Y = np.meshgrid(x0 + dx * np.arange(nx), y0 + dy * np.arange(ny))\n"
      "grid = np.vstack([X.ravel(), Y.ravel()])\n"
      "times, out = [], []\n"
      "for i in range(m):\n"
      "    t = time.perf_counter()\n"
      "    values = gaussian_kde(pts[i].T)(grid)\n"
      "    times.append(time.perf_counter() - t)\n"
      "    out.append(values)\n"
      "np.array(out, dtype=np.float64).tofile(dst)\n"
      "print(' '.join(repr(t) for t in times))\n";
  const std::string command =
      absl::StrCat("OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 ", python, " -c \"", script, "\" ",
                   points_path, " ", densities_path, " ", kModels, " ", points, " ",
                   absl::StrFormat("%.17g %.17g %.17g %.17g", grid.x0, grid.y0, grid.dx, grid.dy),
                   " ", grid.nx, " ", grid.ny, " 2>&1");
  const testing::CommandResult run = testing::RunCommand(command);
  const std::string& output = run.output;
  if (run.exit_code != 0) {
    return absl::UnavailableError(
        absl::StrCat("the scipy reference failed (needs Debian's python3-scipy): ", output));
  }
  std::vector<double> seconds;
  for (absl::string_view field : absl::StrSplit(output, ' ', absl::SkipWhitespace())) {
    seconds.push_back(std::strtod(std::string(field).c_str(), nullptr));
  }
  if (seconds.size() != kModels) {
    return absl::InternalError("unreadable scipy reference output: " + output);
  }
  return seconds;
}

int Main(int argc, char** argv) {
  std::string python = "/usr/bin/python3";
  int repeat = 5;
  int points = 5000;
  int size = 256;
  bool reference = true;
  FastGridOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--python" && i + 1 < argc) {
      python = argv[++i];
    } else if (arg == "--repeat" && i + 1 < argc) {
      repeat = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "--points" && i + 1 < argc) {
      points = std::max(2, std::atoi(argv[++i]));
    } else if (arg == "--grid" && i + 1 < argc) {
      size = std::max(8, std::atoi(argv[++i]));
    } else if (arg == "--method" && i + 1 < argc) {
      const std::string method = argv[++i];
      options.method = method == "sum"   ? FastGridMethod::kTruncatedSum
                       : method == "fft" ? FastGridMethod::kBinnedFft
                                         : FastGridMethod::kAuto;
    } else if (arg == "--no-reference") {
      reference = false;
    } else {
      std::fprintf(stderr,
                   "usage: contour_bench [--python PY] [--repeat N] [--points N] [--grid N] "
                   "[--method auto|sum|fft] [--no-reference]\n");
      return 2;
    }
  }
  std::vector<std::vector<LatentPoint>> models;
  std::vector<GaussianKde> kdes;
  for (int m = 0; m < kModels; ++m) {
    models.push_back(testing::GaussianBlob(kBlobs[m], points, 1000 + m));
    kdes.push_back(*GaussianKde::Fit(models.back()));
  }
  absl::StatusOr<Grid> shape = CoveringGrid(kdes, size, size, 3.5);
  if (!shape.ok()) {
    std::fprintf(stderr, "%s\n", std::string(shape.status().message()).c_str());
    return 1;
  }

  // Ours: everything from the points to the polylines, one thread, best of `repeat`.
  std::vector<ModelResult> results(kModels);
  std::vector<Grid> fast(kModels);
  for (int m = 0; m < kModels; ++m) {
    double best = 1e300;
    for (int r = 0; r <= repeat; ++r) {  // r = 0 warms up
      const Clock::time_point start = Clock::now();
      absl::StatusOr<double> level = OurContour(models[m], *shape, options, &fast[m], &results[m]);
      const double seconds = Seconds(start);
      if (!level.ok()) {
        std::fprintf(stderr, "model %d: %s\n", m, std::string(level.status().message()).c_str());
        return 1;
      }
      results[m].level = *level;
      if (r > 0) best = std::min(best, seconds);
    }
    results[m].seconds = best;
  }

  // The check: the exact KDE on the grid, the mass above our level, the fast method's error.
  const int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<Grid> exact(kModels, *shape);
  for (int m = 0; m < kModels; ++m) {
    const Clock::time_point start = Clock::now();
    if (absl::Status status = EvaluateOnGridExact(kdes[m], &exact[m], threads); !status.ok()) {
      std::fprintf(stderr, "%s\n", std::string(status.message()).c_str());
      return 1;
    }
    results[m].exact_seconds = Seconds(start);
    results[m].exact_mass = *EnclosedMass(exact[m], results[m].level);
    const double peak = *std::max_element(exact[m].values.begin(), exact[m].values.end());
    for (size_t i = 0; i < exact[m].size(); ++i) {
      results[m].fast_max_error = std::max(results[m].fast_max_error,
                                           std::abs(fast[m].values[i] - exact[m].values[i]) / peak);
    }
  }

  if (reference) {
    const std::string directory = std::filesystem::temp_directory_path().string();
    const std::string points_path =
        absl::StrCat(directory, "/contour_bench_points_", getpid(), ".f64");
    const std::string densities_path =
        absl::StrCat(directory, "/contour_bench_scipy_", getpid(), ".f64");
    {
      std::ofstream out(points_path, std::ios::binary);
      for (const std::vector<LatentPoint>& model : models) {
        out.write(reinterpret_cast<const char*>(model.data()),
                  static_cast<std::streamsize>(model.size() * sizeof(LatentPoint)));
      }
    }
    absl::StatusOr<std::vector<double>> seconds =
        TimeScipy(python, points_path, densities_path, points, *shape);
    std::vector<double> scipy(static_cast<size_t>(kModels) * shape->size());
    if (seconds.ok()) {
      std::ifstream in(densities_path, std::ios::binary);
      in.read(reinterpret_cast<char*>(scipy.data()),
              static_cast<std::streamsize>(scipy.size() * sizeof(double)));
      if (!in) seconds = absl::InternalError("short scipy densities file " + densities_path);
    }
    std::remove(points_path.c_str());
    std::remove(densities_path.c_str());
    if (!seconds.ok()) {
      std::fprintf(stderr, "%s\n", std::string(seconds.status().message()).c_str());
      return 1;
    }
    for (int m = 0; m < kModels; ++m) {
      results[m].scipy_seconds = (*seconds)[m];
      const double peak = *std::max_element(exact[m].values.begin(), exact[m].values.end());
      for (size_t i = 0; i < shape->size(); ++i) {
        results[m].scipy_difference =
            std::max(results[m].scipy_difference,
                     std::abs(scipy[m * shape->size() + i] - exact[m].values[i]) / peak);
      }
    }
  }

  std::printf(
      "50%% contours: %d models x %d points, %d x %d grid over [%.2f, %.2f] x [%.2f, "
      "%.2f]; ours: one thread, best of %d; exact: %d threads\n",
      kModels, points, shape->nx, shape->ny, shape->x0, shape->x_max(), shape->y0, shape->y_max(),
      repeat, threads);
  std::printf("%-5s %-13s %9s %10s %8s %10s %9s %9s %9s %9s %10s\n", "model", "fast method",
              "ours ms", "scipy ms", "ratio", "our exact", "|fast-ex|", "|scipy-ex|", "level",
              "mass", "|mass-.5|");
  double total_ours = 0, total_scipy = 0, worst_mass = 0;
  for (int m = 0; m < kModels; ++m) {
    const ModelResult& r = results[m];
    total_ours += r.seconds;
    total_scipy += r.scipy_seconds;
    worst_mass = std::max(worst_mass, std::abs(r.exact_mass - 0.5));
    std::printf("%-5d %-13s %9.2f %10s %8s %8.0fms %9.1e %9s %9.4f %9.5f %10.5f\n", m,
                FastGridMethodName(r.method), r.seconds * 1e3,
                reference ? absl::StrFormat("%.1f", r.scipy_seconds * 1e3).c_str() : "-",
                reference ? absl::StrFormat("%.0fx", r.scipy_seconds / r.seconds).c_str() : "-",
                r.exact_seconds * 1e3, r.fast_max_error,
                reference ? absl::StrFormat("%.1e", r.scipy_difference).c_str() : "-", r.level,
                r.exact_mass, std::abs(r.exact_mass - 0.5));
  }
  std::printf("%-5s %-13s %9.2f %10s %8s\n", "TOTAL", "", total_ours * 1e3,
              reference ? absl::StrFormat("%.1f", total_scipy * 1e3).c_str() : "-",
              reference ? absl::StrFormat("%.0fx", total_scipy / total_ours).c_str() : "-");
  std::printf("worst |mass - 0.5| = %.5f (goal <= 0.005: %s)", worst_mass,
              worst_mass <= 0.005 ? "met" : "NOT met");
  if (reference) {
    std::printf("; speed-up %.0fx (goal >= 50x: %s)", total_scipy / total_ours,
                total_scipy / total_ours >= 50 ? "met" : "NOT met");
  }
  std::printf("\n");
  return 0;
}

}  // namespace
}  // namespace latentspace

int main(int argc, char** argv) { return latentspace::Main(argc, argv); }
