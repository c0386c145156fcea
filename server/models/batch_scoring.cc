// Events through a loaded anomaly detector into scores.
#include "server/models/batch_scoring.h"

#include <utility>

#include "core/status_macros.h"
#include "server/models/batch_rows.h"

namespace latentspace::server {
namespace {

absl::StatusOr<BatchScores> Score(const LoadedDetector& detector, absl::StatusOr<BatchRows> rows) {
  if (!rows.ok()) return rows.status();
  LATENT_ASSIGN_OR_RETURN(std::vector<double> scores,
                          detector.detector->Score(std::move(rows->rows)));
  return BatchScores{std::move(scores), std::move(rows->events), rows->counts};
}

}  // namespace

absl::StatusOr<BatchScores> ScoreBatch(const LoadedDetector& detector, const v1::EventBatch& batch,
                                       int64_t max_events) {
  return Score(detector, RowsOfBatch(batch, detector.detector->preset(), max_events, true));
}

absl::StatusOr<BatchScores> ScoreStoredSample(const LoadedDetector& detector, store::Store& store,
                                              const std::string& sample,
                                              const std::function<bool()>& cancelled) {
  return Score(detector,
               RowsOfStoredSample(store, sample, detector.detector->preset(), cancelled, true));
}

}  // namespace latentspace::server
