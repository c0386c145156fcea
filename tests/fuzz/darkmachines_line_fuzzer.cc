// libFuzzer target: one Dark Machines CSV line (ParseDarkMachinesLine). A refused line is
// INVALID_ARGUMENT; an accepted one is a valid event, parses the same into reused storage, and
// what the writer formats from it parses back to the same event and formats to the same text.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/events/darkmachines_reader.h"
#include "core/events/darkmachines_writer.h"
#include "core/events/event.h"
#include "core/events/event_checks.h"
#include "tests/fuzz/fuzz_support.h"

namespace latentspace::fuzz {
namespace {

// An event with content in every field, to show that parsing replaces all of it.
Event Stale() {
  Event event;
  event.event_id = "stale";
  event.process_id = "stale";
  event.weight = 7;
  event.met = 7;
  event.met_phi = 1;
  event.objects.assign(3, PhysicsObject{ObjectType::kPhoton, 9, 9, 1, 1});
  return event;
}

bool Writable(const Event& event) {
  return event.event_id.find_first_of(";,\r\n") == std::string::npos &&
         event.process_id.find_first_of(";,\r\n") == std::string::npos;
}

void Run(absl::string_view line) {
  Event event;
  const absl::Status status = ParseDarkMachinesLine(line, &event);
  if (!status.ok()) {
    RequireInvalidArgument(status, "a refused line is INVALID_ARGUMENT");
    return;
  }
  Require(ValidateEvent(event).ok(), "an accepted line holds a valid event",
          ValidateEvent(event).ToString());
  Event reused = Stale();
  Require(ParseDarkMachinesLine(line, &reused).ok() && reused == event,
          "parsing into reused storage gives the same event");
  if (!Writable(event)) return;
  const std::string written = FormatDarkMachinesLine(event);
  Event back;
  const absl::Status reread = ParseDarkMachinesLine(written, &back);
  Require(reread.ok(), "the writer's line parses", reread.ToString() + " in " + written);
  Require(back == event, "the writer's line reads back as the same event", written);
  Require(FormatDarkMachinesLine(back) == written, "the text form is stable", written);
}

}  // namespace
}  // namespace latentspace::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  latentspace::fuzz::Run(latentspace::fuzz::AsText(data, size));
  return 0;
}
