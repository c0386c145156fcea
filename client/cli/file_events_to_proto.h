// Events read from files (core/events) as the API's proto events or columns, and reading an event
// file in chunks of either for streaming to latentd. Values are already GeV and radians: the
// readers convert.
#ifndef LATENTSPACE_CLIENT_CLI_FILE_EVENTS_TO_PROTO_H_
#define LATENTSPACE_CLIENT_CLI_FILE_EVENTS_TO_PROTO_H_

#include <vector>

#include "absl/status/statusor.h"
#include "client/sdk/event_columns.h"
#include "core/events/event.h"
#include "core/events/event_reader.h"
#include "latentspace/v1/events.pb.h"

namespace latentspace::cli {

// kJet -> OBJECT_TYPE_JET, kBJet -> OBJECT_TYPE_BJET, ..., kPhoton -> OBJECT_TYPE_PHOTON.
v1::ObjectType ToProtoObjectType(ObjectType type);

// Objects, MET, weight and event id (the process id has no place in the API: a sample is one
// model).
void ToProtoEvent(const Event& event, v1::Event* proto);

// Appends up to `max_events` events from `reader` to *events; returns false once the file is
// exhausted, true while events may remain. A reader error (file:line and problem) is returned
// as is.
absl::StatusOr<bool> ReadEvents(EventReader& reader, int max_events, std::vector<Event>* events);

// `event` appended to columns (as ToProtoEvent gives it).
void AppendToColumns(const Event& event, EventColumnsBuilder& columns);
// The same as ReadEvents, appending to *columns as AppendToColumns does, one event in memory at a
// time.
absl::StatusOr<bool> ReadEventColumns(EventReader& reader, int max_events,
                                      v1::EventColumns* columns);

}  // namespace latentspace::cli

#endif  // LATENTSPACE_CLIENT_CLI_FILE_EVENTS_TO_PROTO_H_
