// Samples' events as latentd stores them: a binary form written and read without any decimal
// conversion, so that an upload's events go to disk at memory speed and read back as the very same
// doubles. All little-endian; the blob starts with the line "latentspace-events 1\n", then the
// process id every event gets (u32 length, bytes), then one record per event:
//   u32 event id length, the id's bytes; f64 weight, met, met_phi; u32 objects;
//   per object: u8 type (ObjectType's order), f64 e, pt, eta, phi.
// Samples stored before this form are Dark Machines CSV: OpenStoredEvents reads either.
#ifndef LATENTSPACE_CORE_EVENTS_EVENT_BLOB_H_
#define LATENTSPACE_CORE_EVENTS_EVENT_BLOB_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/events/event.h"
#include "core/events/event_reader.h"

namespace latentspace {

inline constexpr char kEventBlobMagic[] = "latentspace-events 1\n";

// The blob's start: the magic line and the process id of its events.
void AppendEventBlobHeader(absl::string_view process_id, std::string* out);
// One event's record (its process id is the blob's).
void AppendEventRecord(const Event& event, std::string* out);

// The event in one record (as AppendEventRecord writes it, and nothing after it; its process id
// empty): DATA_LOSS saying what is wrong otherwise.
absl::StatusOr<Event> ParseEventRecord(absl::string_view record);

// Reads a stored sample's events: the binary form above, or Dark Machines CSV for a blob that
// does not start with the magic line. A binary blob cut short, or with a length or an object type
// no writer gives, is DATA_LOSS naming the file and the event; NOT_FOUND when the file is missing.
absl::StatusOr<std::unique_ptr<EventReader>> OpenStoredEvents(const std::string& path);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_EVENTS_EVENT_BLOB_H_
