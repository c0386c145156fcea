// Torch-free pairwise binary classifiers between models (science.md, "Validation against
// classifiers"): a k-nearest-neighbour classifier on each pair of models' standardised event
// feature rows, its test accuracy per pair, and the rank correlation of those accuracies with a
// latent distance matrix (separable pairs should lie far apart).
#ifndef LATENTSPACE_CORE_ANALYSIS_PAIRWISE_CLASSIFIER_H_
#define LATENTSPACE_CORE_ANALYSIS_PAIRWISE_CLASSIFIER_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "core/features/feature_matrix.h"

namespace latentspace {

struct PairwiseClassifierOptions {
  int k = 15;  // neighbours (Euclidean); odd avoids tied votes
  uint64_t seed = 1;
  // Events used per model and pair (0: all): a pair costs ~ (2 m)^2 / 2 distance evaluations.
  int64_t max_events_per_model = 2000;
  int threads = 0;  // <= 0: one per core
};

struct PairwiseAccuracy {
  // accuracy[a][b]: share of test events of a and b classified to their own model; symmetric,
  // 0.5 on the diagonal (a model against itself).
  std::vector<std::vector<double>> accuracy;
  int k = 0;
  uint64_t seed = 0;
};

// For each pair (a, b): m = min(rows_a, rows_b, max_events_per_model) events of each, drawn by a
// per-model permutation seeded by `seed` (so balanced classes, chance = 0.5); the first half of
// each is the reference, the rest the test set; each test event is labelled by the majority of
// its k nearest reference events. Models must share columns, hold finite values and enough rows
// (2 floor(m / 2) >= k). Deterministic for a given seed, whatever the thread count.
absl::StatusOr<PairwiseAccuracy> PairwiseKnnAccuracy(absl::Span<const FeatureMatrix> models,
                                                     const PairwiseClassifierOptions& options = {});

// Spearman correlation between the upper triangles (a < b) of two square matrices of the same
// size (>= 3 models, so that there are >= 3 pairs), e.g. classifier accuracy and latent distance.
absl::StatusOr<double> UpperTriangleSpearman(const std::vector<std::vector<double>>& first,
                                             const std::vector<std::vector<double>>& second);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_ANALYSIS_PAIRWISE_CLASSIFIER_H_
