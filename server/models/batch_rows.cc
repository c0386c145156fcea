// The raw feature rows of a batch or a stored sample, for any model's inference.
#include "server/models/batch_rows.h"

#include <memory>
#include <utility>

#include "core/events/event_reader.h"
#include "core/status_macros.h"
#include "server/models/cancellable_reader.h"
#include "server/validation/event_level.h"

namespace latentspace::server {

absl::StatusOr<BatchRows> RowsOfBatch(const v1::EventBatch& batch, const FeaturePreset& preset,
                                      int64_t max_events, bool track_events) {
  LATENT_RETURN_IF_ERROR(CheckBatchSize(batch, max_events));
  LATENT_RETURN_IF_ERROR(EventLevelName(batch.level(), "level").status());
  BatchRows result;
  LATENT_ASSIGN_OR_RETURN(
      FeatureMatrix rows,
      BatchToFeatureRows(batch, preset, &result.counts, track_events ? &result.events : nullptr));
  result.rows = std::move(rows);
  return result;
}

absl::StatusOr<BatchRows> RowsOfStoredSample(store::Store& store, const std::string& sample,
                                             const FeaturePreset& preset,
                                             const std::function<bool()>& cancelled,
                                             bool track_events) {
  std::string path;
  LATENT_ASSIGN_OR_RETURN(std::unique_ptr<EventReader> reader,
                          OpenStoredSample(store, sample, cancelled, &path));
  BatchRows result;
  result.rows = FeatureMatrix{preset.feature_names(), {}};
  // The observer sees every event before the sink sees its row, if it is accepted.
  AcceptedEvent current{-1, ""};
  EventObserver observer;
  if (track_events) {
    observer = [&current](const Event& event) { current = {current.index + 1, event.event_id}; };
  }
  absl::Status read = ForEachFeatureRow(
      *reader, path, preset, {}, &result.counts, observer, [&](absl::Span<const double> row) {
        result.rows.values.insert(result.rows.values.end(), row.begin(), row.end());
        if (track_events) result.events.push_back(current);
      });
  if (!read.ok()) return read;
  return result;
}

}  // namespace latentspace::server
