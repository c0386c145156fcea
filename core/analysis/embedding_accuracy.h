// Embedding accuracy (science.md, "Embedding accuracy"): each latent point is assigned to the
// known model whose KDE is highest there; the share assigned to their true model, and the
// confusion matrix (rows: true model, columns: predicted model).
#ifndef LATENTSPACE_CORE_ANALYSIS_EMBEDDING_ACCURACY_H_
#define LATENTSPACE_CORE_ANALYSIS_EMBEDDING_ACCURACY_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "core/analysis/kde.h"
#include "core/analysis/latent_point.h"

namespace latentspace {

// The index of the model with the highest log-density at each point (ties: the lower index).
// Points must be finite; at least one model.
absl::StatusOr<std::vector<int>> AssignToModels(absl::Span<const GaussianKde> kdes,
                                                absl::Span<const LatentPoint> points);

struct EmbeddingAccuracy {
  double accuracy = 0;  // correct / total
  int64_t correct = 0;
  int64_t total = 0;
  // confusion[true][predicted]: counts; one row and column per model.
  std::vector<std::vector<int64_t>> confusion;
  // Per true model: correct / points of that model (NaN for a model without points).
  std::vector<double> recall;
};

// Assigns `points` (held-out sets, `labels[i]` their true model index in [0, kdes.size())) and
// counts. At least one point.
absl::StatusOr<EmbeddingAccuracy> ComputeEmbeddingAccuracy(absl::Span<const GaussianKde> kdes,
                                                           absl::Span<const LatentPoint> points,
                                                           absl::Span<const int> labels);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_ANALYSIS_EMBEDDING_ACCURACY_H_
