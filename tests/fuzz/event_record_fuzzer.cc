// libFuzzer target: one record of a stored sample's events (ParseEventRecord,
// core/events/event_blob.h). A refused record is DATA_LOSS; an accepted one is exactly the bytes
// AppendEventRecord writes for the event it holds (the form is canonical), so what latentd stores
// reads back as what it was given, bit for bit.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/events/event_blob.h"
#include "tests/fuzz/fuzz_support.h"

namespace latentspace::fuzz {
namespace {

void Run(absl::string_view bytes) {
  const absl::StatusOr<Event> event = ParseEventRecord(bytes);
  if (!event.ok()) {
    Require(event.status().code() == absl::StatusCode::kDataLoss, "a refused record is DATA_LOSS",
            event.status().ToString());
    return;
  }
  std::string written;
  AppendEventRecord(*event, &written);
  Require(written == bytes, "an accepted record is what the writer writes for its event");
}

}  // namespace
}  // namespace latentspace::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  latentspace::fuzz::Run(latentspace::fuzz::AsText(data, size));
  return 0;
}
