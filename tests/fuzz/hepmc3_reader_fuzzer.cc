// libFuzzer target: a HepMC file, HepMC3 or HepMC2 ASCII, plain or gzip (HepMC3Reader, whose
// parsing HepMC3 does and whose objects FastJet clusters), checked as generator_reader_checks.h
// says.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/events/hepmc3_reader.h"
#include "tests/fuzz/fuzz_support.h"
#include "tests/fuzz/generator_reader_checks.h"

namespace latentspace::fuzz {
namespace {

void Run(absl::string_view content) {
  const std::string path = Scratch().Write("events.hepmc", content);
  const HepMC3ReaderOptions options;
  CheckGeneratorFile(path, HepMC3Reader::Open(path, options), options);
}

}  // namespace
}  // namespace latentspace::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  latentspace::fuzz::Run(latentspace::fuzz::AsText(data, size));
  return 0;
}
