// Distances between models in the latent space: centroid distance, sliced Wasserstein-1 distance
// and, optionally, the overlap of their KDEs.
#ifndef LATENTSPACE_CORE_ANALYSIS_MODEL_DISTANCE_H_
#define LATENTSPACE_CORE_ANALYSIS_MODEL_DISTANCE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "core/analysis/kde.h"
#include "core/analysis/latent_point.h"

namespace latentspace {

// Exact Wasserstein-1 distance between the empirical distributions of two samples (sizes may
// differ): the integral of |F_a - F_b|, i.e. of the gap between their quantile functions. Both
// non-empty and finite.
absl::StatusOr<double> Wasserstein1D(std::vector<double> a, std::vector<double> b);

// Sliced Wasserstein-1 distance: the exact 1-D distance of the projections on `projections`
// directions at angles pi k / projections (k = 0 .. projections-1; deterministic), averaged and
// multiplied by pi/2. The pi/2 normalises it so that a translation by a vector s gives |s| (the
// plain average over directions gives 2|s|/pi); it is a metric, like the plain one.
absl::StatusOr<double> SlicedWasserstein(absl::Span<const LatentPoint> a,
                                         absl::Span<const LatentPoint> b, int projections = 64);

struct ModelDistanceOptions {
  int projections = 64;
  // Also compute the KDEs' overlap coefficient, the integral of min(p_a, p_b) (1: identical,
  // 0: disjoint), on a common grid of overlap_grid x overlap_grid nodes with the fast evaluation.
  bool kde_overlap = false;
  int overlap_grid = 128;
  KdeOptions kde;
};

struct ModelDistances {
  std::vector<std::string> names;
  // Symmetric, zero diagonal, indexed [model][model].
  std::vector<std::vector<double>> centroid;
  std::vector<std::vector<double>> sliced_wasserstein;
  // Symmetric, diagonal 1; empty unless options.kde_overlap.
  std::vector<std::vector<double>> kde_overlap;
  int projections = 0;
};

// All pairwise distances between the models' latent points (one vector per model, names parallel;
// every model non-empty, points finite).
absl::StatusOr<ModelDistances> ComputeModelDistances(
    absl::Span<const std::vector<LatentPoint>> models, absl::Span<const std::string> names,
    const ModelDistanceOptions& options = {});

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_ANALYSIS_MODEL_DISTANCE_H_
