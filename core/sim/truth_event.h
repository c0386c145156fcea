// The simulator's generator-level record of one event: every particle made (incoming system,
// intermediate resonances, final state) with its parent, before any detector effect.
#ifndef LATENTSPACE_CORE_SIM_TRUTH_EVENT_H_
#define LATENTSPACE_CORE_SIM_TRUTH_EVENT_H_

#include <cstdint>
#include <vector>

#include "core/sim/four_vector.h"

namespace latentspace::sim {

// What a particle is to the detector; kUnstable ones have decayed into later entries.
enum class ParticleKind : uint8_t {
  kUnstable,
  kLightQuark,
  kBQuark,
  kGluon,
  kElectron,
  kPositron,
  kMuon,
  kAntiMuon,
  kInvisible,
};

struct TruthParticle {
  FourVector p;
  double mass = 0;  // the mass it was made with (Breit-Wigner for wide resonances)
  int species = 0;  // index into the process's ParticleTable; -1 for initial-state radiation
  int parent = -1;  // index of the decaying particle in TruthEvent::particles; -1: primary
  ParticleKind kind = ParticleKind::kUnstable;
};

struct TruthEvent {
  int channel = 0;     // which of the process's channels made it
  FourVector initial;  // the incoming partons' total four-momentum (zero transverse momentum)
  std::vector<TruthParticle> particles;
};

}  // namespace latentspace::sim

#endif  // LATENTSPACE_CORE_SIM_TRUTH_EVENT_H_
