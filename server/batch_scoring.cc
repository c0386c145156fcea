// Events through a loaded anomaly detector into scores.
#include "server/batch_scoring.h"

#include <utility>

#include "core/events/event_reader.h"
#include "server/cancellable_reader.h"

namespace latentspace::server {

absl::StatusOr<BatchScores> ScoreBatch(const LoadedDetector& detector, const v1::EventBatch& batch,
                                       int64_t max_events) {
  if (absl::Status status = CheckBatchSize(batch, max_events); !status.ok()) return status;
  BatchScores result;
  absl::StatusOr<FeatureMatrix> rows =
      BatchToFeatureRows(batch, detector.detector->preset(), &result.counts, &result.events);
  if (!rows.ok()) return rows.status();
  absl::StatusOr<std::vector<double>> scores = detector.detector->Score(*std::move(rows));
  if (!scores.ok()) return scores.status();
  result.scores = *std::move(scores);
  return result;
}

absl::StatusOr<BatchScores> ScoreStoredSample(const LoadedDetector& detector, store::Store& store,
                                              const std::string& sample,
                                              const std::function<bool()>& cancelled) {
  std::string path;
  absl::StatusOr<std::unique_ptr<EventReader>> reader =
      OpenStoredSample(store, sample, cancelled, &path);
  if (!reader.ok()) return reader.status();
  const FeaturePreset& preset = detector.detector->preset();
  BatchScores result;
  FeatureMatrix rows{preset.feature_names(), {}};
  // The observer sees every event before the sink sees its row, if it is accepted.
  AcceptedEvent current{-1, ""};
  absl::Status read = ForEachFeatureRow(
      **reader, path, preset, {}, &result.counts,
      [&current](const Event& event) {
        current = {current.index + 1, event.event_id};
      },
      [&](absl::Span<const double> row) {
        rows.values.insert(rows.values.end(), row.begin(), row.end());
        result.events.push_back(current);
      });
  if (!read.ok()) return read;
  absl::StatusOr<std::vector<double>> scores = detector.detector->Score(std::move(rows));
  if (!scores.ok()) return scores.status();
  result.scores = *std::move(scores);
  return result;
}

}  // namespace latentspace::server
