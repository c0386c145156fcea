// A physics process as the simulator makes it: the particles, and one or more channels, each a
// hard process (one resonance, or a pair) from given incoming partons with initial-state
// radiation. EventGenerator turns it into generator-level events.
#ifndef LATENTSPACE_CORE_SIM_PROCESS_H_
#define LATENTSPACE_CORE_SIM_PROCESS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/sim/isr.h"
#include "core/sim/particles.h"
#include "core/sim/parton_luminosity.h"
#include "core/sim/random_stream.h"
#include "core/sim/truth_event.h"

namespace latentspace::sim {

struct Production {
  InitialState initial_state = InitialState::kGluonGluon;
  // One species: a resonance whose mass follows luminosity x Breit-Wigner x the decay's threshold
  // factor. Two: a pair whose total mass follows luminosity x beta^threshold_power.
  std::vector<int> produced;
  int threshold_power = 1;        // 1: s-wave, 3: p-wave
  double leading_isr_pt_min = 0;  // generator cut on the hardest ISR emission, GeV (0: none)
};

struct Channel {
  std::string process_id;  // written as each event's process id
  double fraction = 1;     // share of the events
  Production production;
};

struct ProcessModel {
  ParticleTable particles;
  std::vector<Channel> channels;  // fractions add up to 1
};

class EventGenerator {
 public:
  // Tabulates every channel's mass distribution; an error for an empty or inconsistent model.
  static absl::StatusOr<EventGenerator> Create(ProcessModel model);

  const ProcessModel& model() const { return model_; }

  // One event: channel, hard-system mass, its rapidity (triangular within +-ln(sqrt(s) / mass)),
  // ISR and the hard system's recoil against it, the produced particles and all their decays.
  // Not thread-safe (scratch storage): one generator per thread.
  void Generate(RandomStream& random, TruthEvent* event);

 private:
  EventGenerator(ProcessModel model, std::vector<MassSampler> masses, std::vector<IsrOptions> isr)
      : model_(std::move(model)), masses_(std::move(masses)), isr_(std::move(isr)) {}

  ProcessModel model_;
  std::vector<MassSampler> masses_;    // per channel
  std::vector<IsrOptions> isr_;        // per channel
  std::vector<FourVector> emissions_;  // scratch
};

}  // namespace latentspace::sim

#endif  // LATENTSPACE_CORE_SIM_PROCESS_H_
