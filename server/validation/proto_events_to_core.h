// Events and feature rows from the API into the core's types, validated: every error names where
// the bad value sits (event index, object index, field and value) and nothing partial is returned.
#ifndef LATENTSPACE_SERVER_VALIDATION_PROTO_EVENTS_TO_CORE_H_
#define LATENTSPACE_SERVER_VALIDATION_PROTO_EVENTS_TO_CORE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/events/event.h"
#include "core/features/feature_extraction.h"
#include "core/features/feature_matrix.h"
#include "core/features/preset.h"
#include "latentspace/v1/events.pb.h"

namespace latentspace::server {

// One event; `where` prefixes errors (e.g. "chunk 2 event 17"). A weight of 0 reads as 1 and an
// empty event_id as `default_id`.
absl::StatusOr<Event> EventFromProto(const v1::Event& event, absl::string_view where,
                                     absl::string_view default_id);

// The core's object type of an API ObjectType; INVALID_ARGUMENT for any other number.
absl::StatusOr<ObjectType> ObjectTypeFromProto(v1::ObjectType type);

// `event` as the API's fields gave it, completed and validated as EventFromProto says (the
// rules for every form an event arrives in).
absl::StatusOr<Event> CompleteApiEvent(Event event, absl::string_view where,
                                       absl::string_view default_id);

// An event that passed the preset: where it sits in its batch or file (0-based, skipped events
// counted) and its id (its 1-based position when it had none).
struct AcceptedEvent {
  int64_t index = 0;
  std::string id;
};

// The raw feature rows of a batch under the preset: events go through the preset's extraction
// (events with too few jets or failing the selection are skipped and counted in *counts); feature
// rows must have the preset's width and finite values; a table gives the preset's features by
// column name. INVALID_ARGUMENT for an empty batch, a table without one of the preset's columns,
// or events for a preset that reads tables. With `accepted`, one entry per row returned.
absl::StatusOr<FeatureMatrix> BatchToFeatureRows(const v1::EventBatch& batch,
                                                 const FeaturePreset& preset,
                                                 ExtractionCounts* counts,
                                                 std::vector<AcceptedEvent>* accepted = nullptr);

// RESOURCE_EXHAUSTED when the batch holds more than `max_events` events or rows.
absl::Status CheckBatchSize(const v1::EventBatch& batch, int64_t max_events);

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_VALIDATION_PROTO_EVENTS_TO_CORE_H_
