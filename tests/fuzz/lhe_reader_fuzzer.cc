// libFuzzer target: a Les Houches Event file, plain or gzip (LheReader: its line checks, then
// HepMC3's LHEF parser, then FastJet's clustering of the partons), checked as
// generator_reader_checks.h says.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/events/lhe_reader.h"
#include "tests/fuzz/fuzz_support.h"
#include "tests/fuzz/generator_reader_checks.h"

namespace latentspace::fuzz {
namespace {

void Run(absl::string_view content) {
  const std::string path = Scratch().Write("events.lhe", content);
  const HepMC3ReaderOptions options;
  CheckGeneratorFile(path, LheReader::Open(path, options), options);
}

}  // namespace
}  // namespace latentspace::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  latentspace::fuzz::Run(latentspace::fuzz::AsText(data, size));
  return 0;
}
