// libFuzzer target: one chunk of SampleService.UploadSample from bytes (UploadSampleRequest), run
// through the upload's checks (ValidateSampleHeader, EventFromProto, UploadedEventRecord, and for
// its columns EventColumnsView and AppendUploadedEvent). Refusals are INVALID_ARGUMENT naming the
// event (or the column); an accepted header has a valid name and finite parameters; an accepted
// event is valid, keeps its id, weight and objects, the record stored for it reads back as that
// event, and it writes out as a Dark Machines line that reads back as it too.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/events/darkmachines_reader.h"
#include "core/events/darkmachines_writer.h"
#include "core/events/event.h"
#include "core/events/event_blob.h"
#include "core/events/event_checks.h"
#include "google/protobuf/stubs/logging.h"
#include "latentspace/v1/sample_service.pb.h"
#include "server/store/name_validation.h"
#include "server/validation/event_columns.h"
#include "server/validation/proto_events_to_core.h"
#include "server/validation/sample_upload.h"
#include "tests/fuzz/fuzz_support.h"

namespace latentspace::fuzz {
namespace {

// The sample's name: the header's when it is valid, else a stand-in, so that events are checked
// either way.
std::string CheckHeader(const v1::UploadSampleRequest& request) {
  if (!request.has_header()) return "fuzz-sample";
  const v1::SampleHeader& header = request.header();
  const absl::Status status = server::ValidateSampleHeader(header);
  if (!status.ok()) {
    RequireInvalidArgument(status, "a bad header is INVALID_ARGUMENT");
    return "fuzz-sample";
  }
  Require(store::ValidateName("sample name", header.name()).ok(), "an accepted name is valid");
  for (const auto& [key, value] : header.parameters()) {
    Require(store::ValidateParameterName(key).ok() && std::isfinite(value),
            "accepted parameters are named and finite", key);
  }
  return header.name();
}

// `record` (what the sample stores) reads back as `event`.
void RequireStoredAs(const Event& event, const std::string& record) {
  absl::StatusOr<Event> stored = ParseEventRecord(record);
  Require(stored.ok(), "the stored record parses", stored.status().ToString());
  Require(stored->event_id == event.event_id && stored->weight == event.weight &&
              stored->met == event.met && stored->met_phi == event.met_phi &&
              stored->objects == event.objects,
          "the stored record reads back as the event");
}

void CheckEvent(const v1::Event& proto, int index, const std::string& sample) {
  const std::string where = absl::StrCat("chunk 1 event ", index);
  const std::string default_id = std::to_string(index + 1);
  absl::StatusOr<Event> event = server::EventFromProto(proto, where, default_id);
  absl::StatusOr<std::string> record = server::UploadedEventRecord(proto, where, default_id);
  if (!event.ok()) {
    RequireInvalidArgument(event.status(), "a bad event is INVALID_ARGUMENT");
    Require(absl::StartsWith(event.status().message(), where + ": "), "the error names the event",
            event.status().ToString());
    Require(!record.ok() && record.status() == event.status(),
            "the upload refuses it the same way");
    return;
  }
  Require(ValidateEvent(*event).ok(), "an accepted event is valid");
  Require(event->event_id == (proto.event_id().empty() ? default_id : proto.event_id()),
          "the event keeps its id");
  Require(event->weight == (proto.weight() == 0 ? 1 : proto.weight()),
          "the event keeps its weight");
  Require(event->objects.size() == static_cast<size_t>(proto.objects_size()),
          "the event keeps its objects");
  for (int i = 0; i < proto.objects_size(); ++i) {
    const PhysicsObject& object = event->objects[i];
    const v1::PhysicsObject& sent = proto.objects(i);
    Require(object.e == sent.e() && object.pt == sent.pt() && object.eta == sent.eta() &&
                object.phi == sent.phi(),
            "an object keeps its momentum");
  }
  if (!record.ok()) {
    RequireInvalidArgument(record.status(), "a bad event id is INVALID_ARGUMENT");
    Require(event->event_id.find_first_of(";,\r\n") != std::string::npos,
            "only an id with a separator is refused", record.status().ToString());
    return;
  }
  RequireStoredAs(*event, *record);
  // What is stored can be written out as Dark Machines CSV, and reads back from it.
  event->process_id = sample;
  Event from_line;
  const std::string line = FormatDarkMachinesLine(*event);
  Require(ParseDarkMachinesLine(line, &from_line).ok() && from_line == *event,
          "the stored event writes out as a line that reads back as it", line);
}

// The events of a chunk's columns: each accepted one holds the columns' values and is stored as a
// record that reads back as it.
void CheckColumns(const v1::EventColumns& columns) {
  absl::StatusOr<server::EventColumnsView> view =
      server::EventColumnsView::Open(columns, "chunk 1");
  if (!view.ok()) {
    RequireInvalidArgument(view.status(), "columns of bad lengths are INVALID_ARGUMENT");
    Require(absl::StartsWith(view.status().message(), "chunk 1: column "),
            "the error names the column", view.status().ToString());
    return;
  }
  int64_t object = 0;
  for (int64_t i = 0; i < view->size(); ++i) {
    const std::string where = absl::StrCat("chunk 1 event ", i);
    absl::StatusOr<Event> event = view->Get(i, where, std::to_string(i + 1));
    uint32_t count;
    std::memcpy(&count, columns.object_counts().data() + 4 * i, 4);
    if (!event.ok()) {
      RequireInvalidArgument(event.status(), "a bad event is INVALID_ARGUMENT");
      Require(absl::StartsWith(event.status().message(), where + ": "), "the error names the event",
              event.status().ToString());
      object += count;
      continue;
    }
    Require(ValidateEvent(*event).ok(), "an accepted event is valid");
    Require(event->objects.size() == count, "the event has its count of objects");
    for (const PhysicsObject& kept : event->objects) {
      double pt;
      std::memcpy(&pt, columns.pt().data() + 8 * object++, 8);
      Require(kept.pt == pt, "an object keeps its pt");
    }
    std::string record;
    if (!server::AppendUploadedEvent(*event, where, &record).ok()) continue;
    RequireStoredAs(*event, record);
  }
}

void Run(const uint8_t* data, size_t size) {
  const google::protobuf::LogSilencer quiet;  // about bytes gRPC would refuse anyway
  v1::UploadSampleRequest request;
  if (!request.ParseFromArray(data, static_cast<int>(size))) return;
  const std::string sample = CheckHeader(request);
  for (int i = 0; i < request.events_size(); ++i) CheckEvent(request.events(i), i, sample);
  if (request.has_columns()) CheckColumns(request.columns());
}

}  // namespace
}  // namespace latentspace::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  latentspace::fuzz::Run(data, size);
  return 0;
}
