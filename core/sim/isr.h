// Initial-state radiation: jets emitted by the incoming partons, whose transverse momenta the hard
// system recoils against (the origin of MET in mono-jet events). Emissions are independent and
// generated in decreasing pT from the kinematic limit (s - M^2) / (2 sqrt(s)) down to min_pt with
// the Sudakov (no-emission) probability of the density
//   dN / d ln pT = kappa ln(1 + (Q / pT)^4) / 4,
// which is the double-logarithmic kappa ln(Q / pT) for pT << Q and falls as (Q / pT)^4 above the
// hard scale Q = M / 2 (M the hard system's mass); kappa = alpha_s C / pi with alpha_s = 0.12 and
// C the mean colour charge of the incoming partons. After the hardest emission, Q becomes
// max(Q, its pT). Rapidities are uniform within 1 + ln(1 + Q / pT) of the hard system's (the
// Lund-plane triangle), azimuths uniform. See docs/simulator.md.
#ifndef LATENTSPACE_CORE_SIM_ISR_H_
#define LATENTSPACE_CORE_SIM_ISR_H_

#include <vector>

#include "core/sim/four_vector.h"
#include "core/sim/parton_luminosity.h"
#include "core/sim/random_stream.h"

namespace latentspace::sim {

struct IsrOptions {
  double kappa = 0;           // emission strength alpha_s C / pi
  double min_pt = 15;         // softer emissions are not made, GeV
  double leading_pt_min = 0;  // generator cut: the hardest emission has at least this pT (0: none)
  int max_emissions = 16;
};

// kappa for `state`: alpha_s C_A / pi for gg, alpha_s C_F / pi for quark pairs, the mean for qg.
IsrOptions IsrOptionsFor(InitialState state, double leading_pt_min);

// Expected number of emissions with pT in [low, high] for a hard system of mass `hard_mass` (the
// integral of the density at Q = hard_mass / 2).
double ExpectedEmissions(const IsrOptions& options, double hard_mass, double low, double high);

// The largest emission pT for a hard system of mass `hard_mass`: (s - M^2) / (2 sqrt(s)).
double MaxEmissionPt(double hard_mass);

// Replaces *emissions with massless gluon momenta in decreasing pT, for a hard system of mass
// `hard_mass` at rapidity `hard_rapidity`.
void GenerateIsr(const IsrOptions& options, double hard_mass, double hard_rapidity,
                 RandomStream& random, std::vector<FourVector>* emissions);

}  // namespace latentspace::sim

#endif  // LATENTSPACE_CORE_SIM_ISR_H_
