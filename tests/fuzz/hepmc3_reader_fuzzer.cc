// libFuzzer target: a HepMC file, HepMC3 or HepMC2 ASCII, plain or gzip (HepMC3Reader, whose
// objects FastJet clusters), checked as generator_reader_checks.h says; and read a second time on
// HepMC3's ReaderAscii alone (the reference) and a third on the fast path with one thread, which
// must give the reference's events and its error. The fast path reads further ahead, so a read
// error (DATA_LOSS) may come at another event or before a malformed record, and a malformed record
// may be refused naming a line the listing check reached only because of that (the reference's
// ReaderAscii failed first, before the check had read so far): the same event is malformed either
// way.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/events/hepmc3_reader.h"
#include "tests/fuzz/fuzz_support.h"
#include "tests/fuzz/generator_reader_checks.h"
#include "tests/testing/hepmc3_outcome.h"

namespace latentspace::fuzz {
namespace {

// Equal, or the same malformed event ("PATH: event #N: malformed HepMC record", with or without
// the refused line).
bool SameError(const absl::Status& a, const absl::Status& b) {
  if (a == b) return true;
  constexpr absl::string_view kMalformed = ": malformed HepMC record";
  const size_t at_a = a.message().find(kMalformed);
  const size_t at_b = b.message().find(kMalformed);
  return a.code() == b.code() && at_a != absl::string_view::npos && at_a == at_b &&
         a.message().substr(0, at_a) == b.message().substr(0, at_b);
}

void Run(absl::string_view content) {
  const std::string path = Scratch().Write("events.hepmc", content);
  const HepMC3ReaderOptions options;
  CheckGeneratorFile(path, HepMC3Reader::Open(path, options), options);

  const testing::HepMC3Outcome reference =
      testing::ReadHepMC3Outcome(path, true, 1, kMaxGeneratorEvents);
  const testing::HepMC3Outcome fast =
      testing::ReadHepMC3Outcome(path, false, 1, kMaxGeneratorEvents);
  if (reference.status.code() == absl::StatusCode::kDataLoss ||
      fast.status.code() == absl::StatusCode::kDataLoss) {
    // Which comes first, the read error or a malformed record, depends on how far each read ahead.
    Require(!reference.status.ok() && !fast.status.ok(), "a read error fails both",
            fast.status.ToString() + " against " + reference.status.ToString());
    const size_t common = std::min(fast.events.size(), reference.events.size());
    Require(std::equal(fast.events.begin(), fast.events.begin() + common, reference.events.begin()),
            "the events before a read error are the reference's");
    return;
  }
  Require(SameError(fast.status, reference.status), "the fast path's error is the reference's",
          fast.status.ToString() + " against " + reference.status.ToString());
  Require(fast.events == reference.events, "the fast path's events are the reference's");
}

}  // namespace
}  // namespace latentspace::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  latentspace::fuzz::Run(latentspace::fuzz::AsText(data, size));
  return 0;
}
