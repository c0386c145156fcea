// Events through a loaded anomaly detector: a batch from the API, or a stored sample, into one
// score per accepted event, with where each event sits and the counts of events skipped by the
// detector's preset.
#ifndef LATENTSPACE_SERVER_MODELS_BATCH_SCORING_H_
#define LATENTSPACE_SERVER_MODELS_BATCH_SCORING_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/features/feature_extraction.h"
#include "latentspace/v1/events.pb.h"
#include "server/models/detector_registry.h"
#include "server/store/store.h"
#include "server/validation/proto_events_to_core.h"

namespace latentspace::server {

struct BatchScores {
  std::vector<double> scores;         // one per accepted event, in order
  std::vector<AcceptedEvent> events;  // the same events: position and id
  ExtractionCounts counts;
};

// RESOURCE_EXHAUSTED when the batch holds more than `max_events` events or rows.
absl::StatusOr<BatchScores> ScoreBatch(const LoadedDetector& detector, const v1::EventBatch& batch,
                                       int64_t max_events);

// A stored sample (checksum verified) through the detector; `cancelled` is asked as the sample is
// read, and once it returns true the work stops with CANCELLED.
absl::StatusOr<BatchScores> ScoreStoredSample(const LoadedDetector& detector, store::Store& store,
                                              const std::string& sample,
                                              const std::function<bool()>& cancelled);

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_MODELS_BATCH_SCORING_H_
