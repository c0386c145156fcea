// The simulator's entry point: a family and its parameters become events in the repository's
// event model (GeV, radians), each event made from its own random stream (seed, index), so that a
// seed gives the same events in any order, in any number of threads, as a prefix of a longer run.
#ifndef LATENTSPACE_CORE_SIM_SIMULATOR_H_
#define LATENTSPACE_CORE_SIM_SIMULATOR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/events/event.h"
#include "core/sim/detector_response.h"
#include "core/sim/families.h"
#include "core/sim/process.h"
#include "core/sim/truth_event.h"

namespace latentspace::sim {

class Simulator {
 public:
  // INVALID_ARGUMENT or NOT_FOUND (see FindFamily, ValidateParameters) for a bad request.
  static absl::StatusOr<Simulator> Create(const std::string& family, const Parameters& parameters,
                                          uint64_t seed,
                                          const DetectorResponseOptions& response = {});

  // e.g. "gluino_mgluino1600_mneutralino500"; "background" for the mixture, whose events carry
  // the process ids of its channels.
  const std::string& process_id() const { return process_id_; }
  const ProcessModel& model() const { return generator_.model(); }

  // Event `index` before detector effects.
  void GenerateTruth(int64_t index, TruthEvent* truth);
  // Event `index` as reconstructed: event id index + 1, its channel's process id, weight 1;
  // energies rounded to 1 MeV and angles to 1e-6 (the precision of Dark Machines files).
  void Generate(int64_t index, Event* event);

 private:
  Simulator(std::string process_id, EventGenerator generator, DetectorResponse response,
            uint64_t seed)
      : process_id_(std::move(process_id)),
        generator_(std::move(generator)),
        response_(std::move(response)),
        seed_(seed) {}

  std::string process_id_;
  EventGenerator generator_;
  DetectorResponse response_;
  uint64_t seed_;
  TruthEvent truth_;  // scratch
};

// Events 0 .. events - 1 of a run.
absl::StatusOr<std::vector<Event>> Simulate(const std::string& family, const Parameters& parameters,
                                            int64_t events, uint64_t seed);

}  // namespace latentspace::sim

#endif  // LATENTSPACE_CORE_SIM_SIMULATOR_H_
