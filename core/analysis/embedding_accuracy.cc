// Assignment of latent points to the most likely known model; accuracy and confusion matrix.
#include "core/analysis/embedding_accuracy.h"

#include <cmath>
#include <limits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/status_macros.h"

namespace latentspace {

absl::StatusOr<std::vector<int>> AssignToModels(absl::Span<const GaussianKde> kdes,
                                                absl::Span<const LatentPoint> points) {
  if (kdes.empty()) return absl::InvalidArgumentError("no models to assign points to");
  LATENT_RETURN_IF_ERROR(CheckFinite(points, "embedding"));
  std::vector<int> assigned(points.size(), 0);
  for (size_t i = 0; i < points.size(); ++i) {
    double best = -std::numeric_limits<double>::infinity();
    for (size_t m = 0; m < kdes.size(); ++m) {
      const double log_density = kdes[m].LogDensity(points[i]);
      if (log_density > best) {
        best = log_density;
        assigned[i] = static_cast<int>(m);
      }
    }
  }
  return assigned;
}

absl::StatusOr<EmbeddingAccuracy> ComputeEmbeddingAccuracy(absl::Span<const GaussianKde> kdes,
                                                           absl::Span<const LatentPoint> points,
                                                           absl::Span<const int> labels) {
  if (points.size() != labels.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("embedding accuracy: points.size() = ", points.size(),
                     " != labels.size() = ", labels.size()));
  }
  if (points.empty()) return absl::InvalidArgumentError("embedding accuracy: no points");
  const int models = static_cast<int>(kdes.size());
  for (size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] < 0 || labels[i] >= models) {
      return absl::InvalidArgumentError(absl::StrCat("embedding accuracy: labels[", i,
                                                     "] = ", labels[i],
                                                     " is not a model index in [0, ", models, ")"));
    }
  }
  LATENT_ASSIGN_OR_RETURN(std::vector<int> assigned, AssignToModels(kdes, points));
  EmbeddingAccuracy result;
  result.confusion.assign(models, std::vector<int64_t>(models, 0));
  for (size_t i = 0; i < labels.size(); ++i) {
    ++result.confusion[labels[i]][assigned[i]];
    if (assigned[i] == labels[i]) ++result.correct;
  }
  result.total = static_cast<int64_t>(labels.size());
  result.accuracy = static_cast<double>(result.correct) / result.total;
  result.recall.resize(models);
  for (int m = 0; m < models; ++m) {
    int64_t row = 0;
    for (int64_t count : result.confusion[m]) row += count;
    result.recall[m] = row > 0 ? static_cast<double>(result.confusion[m][m]) / row : std::nan("");
  }
  return result;
}

}  // namespace latentspace
