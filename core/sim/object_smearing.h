// The built-in simulator's detector response (DetectorResponseOptions, docs/simulator.md) applied
// to events whose objects are truth level, as the HepMC and LHE readers make them: every object's
// energy (and a jet's direction) smeared with the simulator's resolutions, b tags kept with the
// b-tagging efficiency and light jets mistagged at the mistag rate, the acceptance cuts applied,
// and the MET corrected by the objects' mismeasurement. It smears objects, not particles: what the
// truth-level reader's own cuts removed (soft jets, non-isolated leptons) stays removed.
#ifndef LATENTSPACE_CORE_SIM_OBJECT_SMEARING_H_
#define LATENTSPACE_CORE_SIM_OBJECT_SMEARING_H_

#include <cstdint>
#include <memory>

#include "absl/status/statusor.h"
#include "core/events/event.h"
#include "core/events/event_reader.h"
#include "core/sim/detector_response.h"
#include "core/sim/random_stream.h"

namespace latentspace::sim {

// Smears event->objects in place:
// - jets: energy and momentum scaled by 1 + sigma N with sigma = jet_stochastic / sqrt(E) (+)
//   jet_constant, as the simulator scales its jets, eta and phi shifted by jet_angle_sigma N; a b
//   jet stays tagged with probability btag_efficiency (else it is a light jet), a light jet is
//   tagged with probability mistag_rate;
// - electrons, positrons and photons (the simulator has no photons: they are smeared as
//   electrons): energy with electron_stochastic / sqrt(E) (+) electron_constant; muons: momentum
//   with muon_constant (+) muon_slope pT; directions unchanged;
// - MET: the truth vector plus the sum over all objects of (truth - smeared) transverse momentum,
//   as if the visible objects had been measured with their smeared momenta;
// - then objects outside |eta| < max_eta or below jet_min_pt (jets) / lepton_min_pt (others) are
//   dropped, and the rest sorted by decreasing pT. Ids and weight are left alone.
void SmearTruthObjects(const DetectorResponseOptions& options, RandomStream& random, Event* event);

// An EventReader that smears every event of another (SmearTruthObjects), event i with the random
// stream (seed, i): the same file and seed give the same events.
class SmearingReader : public EventReader {
 public:
  SmearingReader(std::unique_ptr<EventReader> events, uint64_t seed,
                 const DetectorResponseOptions& options = {});

  absl::StatusOr<bool> Next(Event* event) override;
  int64_t bytes_consumed() const override { return events_->bytes_consumed(); }
  int64_t file_bytes() const override { return events_->file_bytes(); }

 private:
  std::unique_ptr<EventReader> events_;
  uint64_t seed_;
  DetectorResponseOptions options_;
  uint64_t index_ = 0;
};

}  // namespace latentspace::sim

#endif  // LATENTSPACE_CORE_SIM_OBJECT_SMEARING_H_
