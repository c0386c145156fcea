// Wide-angle final-state radiation of a visible parton, the part of its fragmentation that can make
// extra jets or carry energy out of a jet's cone: gluons emitted independently (Poisson) with the
// soft-collinear density (2 alpha_s C / pi) (d theta / theta) (dz / z), theta in
// [min_angle, max_angle] from the parton, energy fraction z in [min_energy / E, 1/2] (the expected
// number fixed by the parton's energy E, each z a share of what the parton has left). Each emission
// takes its three-momentum from the parton, so the fragments share the parton's three-momentum
// exactly (their energies add the small mass the system acquires). Narrower radiation and
// hadronisation are left to the parametrised jet mass (detector.h).
#ifndef LATENTSPACE_CORE_SIM_FRAGMENTATION_H_
#define LATENTSPACE_CORE_SIM_FRAGMENTATION_H_

#include <vector>

#include "core/sim/four_vector.h"
#include "core/sim/random_stream.h"

namespace latentspace::sim {

struct FragmentationOptions {
  double alpha_s = 0.12;
  double min_angle = 0.2;  // radians; narrower emissions stay inside a jet of R = 0.4
  double max_angle = 1.0;  // radians
  double min_energy = 10;  // GeV, the softest emission made
  int max_emissions = 4;   // per parton
};

inline constexpr double kQuarkColour = 4.0 / 3.0;  // C_F
inline constexpr double kGluonColour = 3.0;        // C_A

// Expected number of emissions of a parton of energy `energy` and colour charge `colour`.
double ExpectedFsrEmissions(const FragmentationOptions& options, double energy, double colour);

// Appends the fragments of `parton` to *fragments: the parton (after its emissions) first.
void Fragment(const FragmentationOptions& options, const FourVector& parton, double colour,
              RandomStream& random, std::vector<FourVector>* fragments);

}  // namespace latentspace::sim

#endif  // LATENTSPACE_CORE_SIM_FRAGMENTATION_H_
