// Rows above a detector's cut and sets of pooled rows embedded by an encoder.
#include "core/nn/selection_pools.h"

#include <utility>

#include "core/status_macros.h"

namespace latentspace {

absl::StatusOr<std::vector<bool>> PassesCut(const Detector& detector, const FeatureMatrix& rows,
                                            double cut) {
  LATENT_ASSIGN_OR_RETURN(std::vector<double> scores, detector.Score(rows));
  std::vector<bool> passes(scores.size());
  for (size_t i = 0; i < passes.size(); ++i) passes[i] = scores[i] > cut;
  return passes;
}

absl::StatusOr<FeatureMatrix> RowsAboveCut(const Detector& detector, FeatureMatrix rows,
                                           double cut) {
  LATENT_ASSIGN_OR_RETURN(std::vector<bool> passes, PassesCut(detector, rows, cut));
  FeatureMatrix kept{rows.names, {}};
  for (int64_t i = 0; i < rows.rows(); ++i) {
    if (passes[static_cast<size_t>(i)]) {
      kept.values.insert(kept.values.end(), rows.row(i), rows.row(i) + rows.cols());
    }
  }
  return kept;
}

SetEmbedder PooledSetEmbedder(const std::vector<FeatureMatrix>& pools, const Encoder& encoder) {
  return [&pools,
          &encoder](absl::Span<const EventRef> events) -> absl::StatusOr<std::vector<LatentPoint>> {
    const std::vector<std::string>& names = encoder.preset().feature_names();
    const auto cols = static_cast<int64_t>(names.size());
    FeatureMatrix rows{names, {}};
    rows.values.reserve(events.size() * static_cast<size_t>(cols));
    for (const EventRef& ref : events) {
      const float* row = pools[static_cast<size_t>(ref.pool)].row(ref.index);
      rows.values.insert(rows.values.end(), row, row + cols);
    }
    LATENT_ASSIGN_OR_RETURN(Embedding embedding, encoder.EmbedFeatureRows(std::move(rows)));
    return std::move(embedding.points);
  };
}

}  // namespace latentspace
