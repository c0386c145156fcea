// What HepMC3Reader makes of a file, read to its end (or its error) one way or another: the events,
// the final status, the status of one more call after an error, and how many events took the fast
// path. For the tests and the fuzz target that compare the fast path with ReaderAscii.
#ifndef LATENTSPACE_TESTS_TESTING_HEPMC3_OUTCOME_H_
#define LATENTSPACE_TESTS_TESTING_HEPMC3_OUTCOME_H_

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/events/event.h"
#include "core/events/hepmc3_reader.h"

namespace latentspace::testing {

struct HepMC3Outcome {
  std::vector<Event> events;
  absl::Status status;    // OK when the file was read to its end (or to max_events)
  absl::Status repeated;  // after an error: what the next call returned
  int64_t fast_path_events = 0;
};

// Reads at most max_events events of `path` on ReaderAscii alone (reference) or on the fast path
// with `threads` threads.
inline HepMC3Outcome ReadHepMC3Outcome(const std::string& path, bool reference, int threads,
                                       int64_t max_events = std::numeric_limits<int64_t>::max()) {
  HepMC3ReaderOptions options;
  options.reference_parser = reference;
  options.threads = threads;
  HepMC3Outcome outcome;
  absl::StatusOr<std::unique_ptr<HepMC3Reader>> reader = HepMC3Reader::Open(path, options);
  if (!reader.ok()) {
    outcome.status = reader.status();
    return outcome;
  }
  Event event;
  while (static_cast<int64_t>(outcome.events.size()) < max_events) {
    absl::StatusOr<bool> more = (*reader)->Next(&event);
    if (!more.ok()) {
      outcome.status = more.status();
      outcome.repeated = (*reader)->Next(&event).status();
      break;
    }
    if (!*more) break;
    outcome.events.push_back(event);
  }
  outcome.fast_path_events = (*reader)->fast_path_events();
  return outcome;
}

}  // namespace latentspace::testing

#endif  // LATENTSPACE_TESTS_TESTING_HEPMC3_OUTCOME_H_
