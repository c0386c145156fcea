// The raw feature rows of a batch or a stored sample, for any model's inference.
#include "server/models/batch_rows.h"

#include <string>
#include <utility>

#include "core/status_macros.h"
#include "server/models/stored_rows.h"
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
  BatchRows result;
  result.rows = FeatureMatrix{preset.feature_names(), {}};
  LATENT_RETURN_IF_ERROR(ForEachStoredRow(
      store, sample, preset, {}, cancelled,
      [&](int64_t index, absl::string_view id, absl::Span<const double> row) {
        result.rows.values.insert(result.rows.values.end(), row.begin(), row.end());
        if (track_events) result.events.push_back({index, std::string(id)});
      },
      &result.counts));
  return result;
}

}  // namespace latentspace::server
