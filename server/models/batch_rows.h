// What every kind of model's inference reads: the raw feature rows of a batch from the API, or of
// a stored sample, under the model's preset, with the counts of events the preset skipped and
// (on request) where each accepted event sits. Embedding (batch_embedding.h) and scoring
// (batch_scoring.h) apply their model to these rows.
#ifndef LATENTSPACE_SERVER_MODELS_BATCH_ROWS_H_
#define LATENTSPACE_SERVER_MODELS_BATCH_ROWS_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/features/feature_extraction.h"
#include "core/features/feature_matrix.h"
#include "core/features/preset.h"
#include "latentspace/v1/events.pb.h"
#include "server/store/store.h"
#include "server/validation/proto_events_to_core.h"

namespace latentspace::server {

struct BatchRows {
  FeatureMatrix rows;                 // one row per accepted event, in order
  std::vector<AcceptedEvent> events;  // with `track_events`: the same events, position and id
  ExtractionCounts counts;
};

// RESOURCE_EXHAUSTED when the batch holds more than `max_events` events or rows; the conversion's
// INVALID_ARGUMENT naming the event and field.
absl::StatusOr<BatchRows> RowsOfBatch(const v1::EventBatch& batch, const FeaturePreset& preset,
                                      int64_t max_events, bool track_events);

// A stored sample (checksum verified). `cancelled` is asked as the sample is read (its events can
// number millions); once it returns true the work stops with CANCELLED.
absl::StatusOr<BatchRows> RowsOfStoredSample(store::Store& store, const std::string& sample,
                                             const FeaturePreset& preset,
                                             const std::function<bool()>& cancelled,
                                             bool track_events);

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_MODELS_BATCH_ROWS_H_
