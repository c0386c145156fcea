// Centroid, sliced Wasserstein-1 and KDE-overlap distances between models.
#include "core/analysis/model_distance.h"

#include <algorithm>
#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/analysis/kde_grid.h"
#include "core/status_macros.h"

namespace latentspace {
namespace {

// W1 of two sorted samples: walk the merged values; between consecutive values t_k < t_k+1 the
// CDFs are constant, contributing |F_a - F_b| (t_k+1 - t_k).
double SortedWasserstein1D(const std::vector<double>& a, const std::vector<double>& b) {
  const double na = static_cast<double>(a.size());
  const double nb = static_cast<double>(b.size());
  size_t i = 0, j = 0;
  double distance = 0;
  double previous = std::min(a.front(), b.front());
  while (i < a.size() || j < b.size()) {
    const double next = j == b.size() || (i < a.size() && a[i] <= b[j]) ? a[i] : b[j];
    distance += std::abs(i / na - j / nb) * (next - previous);
    previous = next;
    while (i < a.size() && a[i] == next) ++i;
    while (j < b.size() && b[j] == next) ++j;
  }
  return distance;
}

absl::Status CheckValues(const std::vector<double>& values, const char* name) {
  if (values.empty())
    return absl::InvalidArgumentError(absl::StrCat("W1: sample ", name, " is empty"));
  for (size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      return absl::InvalidArgumentError(
          absl::StrCat("W1: ", name, "[", i, "] = ", values[i], " is not finite"));
    }
  }
  return absl::OkStatus();
}

std::vector<double> Project(absl::Span<const LatentPoint> points, double c, double s) {
  std::vector<double> projected(points.size());
  for (size_t i = 0; i < points.size(); ++i) projected[i] = c * points[i].x + s * points[i].y;
  std::sort(projected.begin(), projected.end());
  return projected;
}

// Sliced W1 of already validated samples.
double Sliced(absl::Span<const LatentPoint> a, absl::Span<const LatentPoint> b, int projections) {
  double sum = 0;
  for (int k = 0; k < projections; ++k) {
    const double angle = M_PI * k / projections;
    const double c = std::cos(angle), s = std::sin(angle);
    sum += SortedWasserstein1D(Project(a, c, s), Project(b, c, s));
  }
  return sum / projections * (M_PI / 2);
}

}  // namespace

absl::StatusOr<double> Wasserstein1D(std::vector<double> a, std::vector<double> b) {
  LATENT_RETURN_IF_ERROR(CheckValues(a, "a"));
  LATENT_RETURN_IF_ERROR(CheckValues(b, "b"));
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return SortedWasserstein1D(a, b);
}

absl::StatusOr<double> SlicedWasserstein(absl::Span<const LatentPoint> a,
                                         absl::Span<const LatentPoint> b, int projections) {
  if (projections < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("sliced Wasserstein projections = ", projections, " must be >= 1"));
  }
  if (a.empty() || b.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("sliced Wasserstein: sample sizes ", a.size(),
                                                   " and ", b.size(), " must be non-zero"));
  }
  LATENT_RETURN_IF_ERROR(CheckFinite(a, "sliced Wasserstein a"));
  LATENT_RETURN_IF_ERROR(CheckFinite(b, "sliced Wasserstein b"));
  return Sliced(a, b, projections);
}

absl::StatusOr<ModelDistances> ComputeModelDistances(
    absl::Span<const std::vector<LatentPoint>> models, absl::Span<const std::string> names,
    const ModelDistanceOptions& options) {
  if (models.size() != names.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("model distances: ", models.size(), " models but ", names.size(), " names"));
  }
  if (models.empty()) return absl::InvalidArgumentError("model distances: no models");
  if (options.projections < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("model distances: projections = ", options.projections, " must be >= 1"));
  }
  for (size_t m = 0; m < models.size(); ++m) {
    if (models[m].empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("model distances: model ", m, " (", names[m], ") has no points"));
    }
    LATENT_RETURN_IF_ERROR(CheckFinite(models[m], absl::StrCat("model ", names[m])));
  }
  const size_t n = models.size();
  ModelDistances result;
  result.names.assign(names.begin(), names.end());
  result.projections = options.projections;
  result.centroid.assign(n, std::vector<double>(n, 0.0));
  result.sliced_wasserstein.assign(n, std::vector<double>(n, 0.0));
  std::vector<LatentPoint> centroids;
  for (const std::vector<LatentPoint>& points : models) centroids.push_back(Centroid(points));
  for (size_t a = 0; a < n; ++a) {
    for (size_t b = a + 1; b < n; ++b) {
      result.centroid[a][b] = result.centroid[b][a] = Distance(centroids[a], centroids[b]);
      result.sliced_wasserstein[a][b] = result.sliced_wasserstein[b][a] =
          Sliced(models[a], models[b], options.projections);
    }
  }
  if (options.kde_overlap) {
    std::vector<GaussianKde> kdes;
    for (const std::vector<LatentPoint>& points : models) {
      LATENT_ASSIGN_OR_RETURN(GaussianKde kde, GaussianKde::Fit(points, options.kde));
      kdes.push_back(std::move(kde));
    }
    LATENT_ASSIGN_OR_RETURN(Grid grid,
                            CoveringGrid(kdes, options.overlap_grid, options.overlap_grid));
    std::vector<std::vector<double>> densities;
    for (const GaussianKde& kde : kdes) {
      if (absl::StatusOr<FastGridReport> report = EvaluateOnGridFast(kde, &grid); !report.ok()) {
        return report.status();
      }
      densities.push_back(grid.values);
    }
    const double cell = grid.dx * grid.dy;
    result.kde_overlap.assign(n, std::vector<double>(n, 1.0));
    for (size_t a = 0; a < n; ++a) {
      for (size_t b = a + 1; b < n; ++b) {
        double sum = 0;
        for (size_t i = 0; i < grid.size(); ++i) {
          sum += std::min(densities[a][i], densities[b][i]);
        }
        result.kde_overlap[a][b] = result.kde_overlap[b][a] = std::min(1.0, sum * cell);
      }
    }
  }
  return result;
}

}  // namespace latentspace
