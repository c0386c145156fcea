// The detector response's smearing primitives (docs/simulator.md), written once for the
// parton-level response (detector_response.h) and the object-level one (object_smearing.h).
#ifndef LATENTSPACE_CORE_SIM_SMEARING_H_
#define LATENTSPACE_CORE_SIM_SMEARING_H_

#include <algorithm>
#include <cmath>

#include "core/sim/four_vector.h"
#include "core/sim/random_stream.h"

namespace latentspace::sim {

// An azimuth moved back into [-pi, pi] after a small shift.
inline double WrapPhi(double phi) {
  if (phi > M_PI) return phi - 2 * M_PI;
  if (phi < -M_PI) return phi + 2 * M_PI;
  return phi;
}

// sqrt((a / sqrt(E))^2 + b^2).
inline double Resolution(double stochastic, double constant, double energy) {
  return std::sqrt(stochastic * stochastic / energy + constant * constant);
}

// A momentum scaled by 1 + sigma N, kept positive.
inline FourVector Smear(const FourVector& p, double sigma, RandomStream& random) {
  return p * std::max(1 + sigma * random.Normal(), 0.01);
}

}  // namespace latentspace::sim

#endif  // LATENTSPACE_CORE_SIM_SMEARING_H_
