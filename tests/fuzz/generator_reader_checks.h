// What the fuzz targets of the generator-level readers (HepMC, LHE) check of a file read through
// one: refusals are INVALID_ARGUMENT or DATA_LOSS naming the file, and repeat once made; the end
// repeats; every event read is valid, its objects pass the reader's cuts in decreasing pt, and it
// survives the Dark Machines writer and reader unchanged.
#ifndef LATENTSPACE_TESTS_FUZZ_GENERATOR_READER_CHECKS_H_
#define LATENTSPACE_TESTS_FUZZ_GENERATOR_READER_CHECKS_H_

#include <cmath>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "core/events/darkmachines_reader.h"
#include "core/events/darkmachines_writer.h"
#include "core/events/event.h"
#include "core/events/event_checks.h"
#include "core/events/event_reader.h"
#include "core/events/hepmc3_reader.h"
#include "tests/fuzz/fuzz_support.h"

namespace latentspace::fuzz {

// Enough to reach every part of a file without spending the run on one long input.
inline constexpr int kMaxGeneratorEvents = 64;

inline void RequireRefusal(const absl::Status& status, const std::string& path) {
  Require(status.code() == absl::StatusCode::kInvalidArgument ||
              status.code() == absl::StatusCode::kDataLoss,
          "a bad file is INVALID_ARGUMENT or DATA_LOSS", status.ToString());
  Require(absl::StartsWith(status.message(), path + ":"), "an error names the file",
          status.ToString());
}

inline void CheckGeneratorEvent(const Event& event, const HepMC3ReaderOptions& options) {
  Require(ValidateEvent(event).ok(), "an event read is valid", ValidateEvent(event).ToString());
  for (size_t i = 0; i < event.objects.size(); ++i) {
    const PhysicsObject& object = event.objects[i];
    Require(i == 0 || event.objects[i - 1].pt >= object.pt, "objects come in decreasing pt");
    if (IsJet(object.type)) {
      Require(object.pt > options.jet_min_pt && std::abs(object.eta) <= options.jet_max_abs_eta,
              "jets pass the jet cuts");
    } else {
      const double min_pt =
          object.type == ObjectType::kPhoton ? options.photon_min_pt : options.lepton_min_pt;
      Require(object.pt > min_pt && std::abs(object.eta) <= options.lepton_max_abs_eta,
              "leptons and photons pass their cuts");
    }
  }
  if (event.event_id.find_first_of(";,\r\n") != std::string::npos ||
      event.process_id.find_first_of(";,\r\n") != std::string::npos) {
    return;  // the writer refuses such ids
  }
  const std::string line = FormatDarkMachinesLine(event);
  Event back;
  const absl::Status reread = ParseDarkMachinesLine(line, &back);
  Require(reread.ok() && back == event, "an event read survives the Dark Machines format", line);
}

// Reads up to kMaxGeneratorEvents events of `path` through `reader` (or checks its refusal).
inline void CheckGeneratorFile(const std::string& path,
                               absl::StatusOr<std::unique_ptr<EventReader>> reader,
                               const HepMC3ReaderOptions& options) {
  if (!reader.ok()) {
    RequireRefusal(reader.status(), path);
    return;
  }
  Event event;
  for (int i = 0; i < kMaxGeneratorEvents; ++i) {
    absl::StatusOr<bool> more = (*reader)->Next(&event);
    if (!more.ok()) {
      RequireRefusal(more.status(), path);
      Require((*reader)->Next(&event).status() == more.status(), "an error repeats");
      return;
    }
    if (!*more) {
      Require((*reader)->Next(&event).value_or(true) == false, "the end repeats");
      return;
    }
    CheckGeneratorEvent(event, options);
  }
}

}  // namespace latentspace::fuzz

#endif  // LATENTSPACE_TESTS_FUZZ_GENERATOR_READER_CHECKS_H_
