// The particles a process is made of: masses, widths and decay channels, and their decay, one
// rest frame at a time, into a TruthEvent. Standard Model constants (GeV, PDG 2022 values).
#ifndef LATENTSPACE_CORE_SIM_PARTICLES_H_
#define LATENTSPACE_CORE_SIM_PARTICLES_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "core/sim/four_vector.h"
#include "core/sim/random_stream.h"
#include "core/sim/truth_event.h"

namespace latentspace::sim {

inline constexpr double kTopMass = 172.5;
inline constexpr double kTopWidth = 1.42;
inline constexpr double kWMass = 80.377;
inline constexpr double kWWidth = 2.085;
inline constexpr double kZMass = 91.1876;
inline constexpr double kZWidth = 2.4952;
inline constexpr double kBottomMass = 4.78;
// Masses of wide particles are drawn from a Breit-Wigner truncated to pole +- this many widths.
inline constexpr double kWidthWindow = 5.0;

struct DecayChannel {
  double branching = 1;
  std::vector<int> products;  // species indices, 2 to kMaxDecayProducts
};

struct Species {
  std::string name;
  double mass = 0;
  double width = 0;  // > 0: each particle's mass is drawn from a Breit-Wigner
  ParticleKind kind = ParticleKind::kUnstable;  // the detector kind of a stable species
  std::vector<DecayChannel> decays;             // empty exactly when the species is stable
};

class ParticleTable {
 public:
  // Adds a species whose decay products were added before it; returns its index. An error when a
  // decay names an unknown species, has a wrong number of products, cannot happen at the lowest
  // mass of the parent, or when the branchings do not add up to 1.
  absl::StatusOr<int> Add(Species species);

  const Species& species(int index) const { return species_[index]; }
  int size() const { return static_cast<int>(species_.size()); }
  // The mass range a particle can have: the pole for a narrow species, else the Breit-Wigner
  // window, raised to the threshold of its heaviest decay channel.
  double MinMass(int index) const { return min_mass_[index]; }
  double MaxMass(int index) const;

  // Masses for particles of `ids` made in the decay of a system of mass `available` (at least the
  // sum of their MinMass): narrow ones at their pole, wide ones from Breit-Wigners truncated so
  // that the remaining ones always fit.
  void SampleMasses(absl::Span<const int> ids, double available, RandomStream& random,
                    double* masses) const;

  // Appends a particle of species `index` with momentum `p` and mass `mass` (child of `parent`,
  // -1 for none), then its decay products, recursively, each decay isotropic phase space in the
  // rest frame of the decaying particle.
  void AppendWithDecays(int index, const FourVector& p, double mass, int parent,
                        RandomStream& random, TruthEvent* event) const;

 private:
  std::vector<Species> species_;
  std::vector<double> min_mass_;
};

}  // namespace latentspace::sim

#endif  // LATENTSPACE_CORE_SIM_PARTICLES_H_
