// Feature rows for interpreting a selection (core/analysis/selection_interpretation.h): the rows a
// detector keeps above its cut, and the SetEmbedder that embeds sets of (pool, index) references
// through an encoder. One implementation for latentd's InterpretSelection and the benchmarks.
#ifndef LATENTSPACE_CORE_NN_SELECTION_POOLS_H_
#define LATENTSPACE_CORE_NN_SELECTION_POOLS_H_

#include <vector>

#include "absl/status/statusor.h"
#include "core/analysis/selection_interpretation.h"
#include "core/features/feature_matrix.h"
#include "core/nn/detector.h"
#include "core/nn/encoder.h"

namespace latentspace {

// Which rows of `rows` `detector` scores above `cut`, one flag per row; the detector's errors.
absl::StatusOr<std::vector<bool>> PassesCut(const Detector& detector, const FeatureMatrix& rows,
                                            double cut);

// The rows of `rows` that `detector` scores above `cut`, in their order; the detector's errors.
absl::StatusOr<FeatureMatrix> RowsAboveCut(const Detector& detector, FeatureMatrix rows,
                                           double cut);

// Embeds sets of rows of `pools` (EventRef::pool indexes it; every pool has the encoder's
// columns) with `encoder`. Both are referenced, not copied: they must outlive the embedder.
SetEmbedder PooledSetEmbedder(const std::vector<FeatureMatrix>& pools, const Encoder& encoder);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_NN_SELECTION_POOLS_H_
