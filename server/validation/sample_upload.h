// The checks of an upload's content (SampleService.UploadSample): its header (sample name, family,
// level, theory parameters) and each of its events, turned into the record the sample's blob stores
// (core/events/event_blob.h).
#ifndef LATENTSPACE_SERVER_VALIDATION_SAMPLE_UPLOAD_H_
#define LATENTSPACE_SERVER_VALIDATION_SAMPLE_UPLOAD_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/events/event.h"
#include "latentspace/v1/events.pb.h"
#include "latentspace/v1/sample_service.pb.h"

namespace latentspace::server {

// INVALID_ARGUMENT for a bad sample name or family (same rules; the family may be empty), a level
// outside EventLevel, a bad theory parameter name or a value that is not finite, naming it.
absl::Status ValidateSampleHeader(const v1::SampleHeader& header);

// The record (core/events/event_blob.h) that stores `event`. Validated as EventFromProto does
// (`where` and `default_id` as there), and its event_id may not hold ';', ',' or a line break (so
// that every stored event can be written out as Dark Machines CSV); INVALID_ARGUMENT otherwise.
// The record reads back (ParseEventRecord) as the event EventFromProto gives.
absl::StatusOr<std::string> UploadedEventRecord(const v1::Event& event, absl::string_view where,
                                                absl::string_view default_id);

// The same for an event already converted and validated (EventFromProto, EventColumnsView::Get),
// its record appended to *records: INVALID_ARGUMENT (and nothing appended) when its event_id
// holds ';', ',' or a line break.
absl::Status AppendUploadedEvent(const Event& event, absl::string_view where, std::string* records);

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_VALIDATION_SAMPLE_UPLOAD_H_
