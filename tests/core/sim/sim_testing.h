// Helpers shared by the simulator's tests: four-momentum comparison at a relative tolerance,
// moving particles, the sum of a truth event's final state and the check of every decay in it.
#ifndef LATENTSPACE_TESTS_CORE_SIM_SIM_TESTING_H_
#define LATENTSPACE_TESTS_CORE_SIM_SIM_TESTING_H_

#include <algorithm>
#include <cmath>

#include "core/sim/four_vector.h"
#include "core/sim/random_stream.h"
#include "core/sim/truth_event.h"
#include "gtest/gtest.h"

namespace latentspace::sim::testing {

// Every component of a and b agrees within `relative` times the larger energy.
inline ::testing::AssertionResult SameFourVector(const FourVector& a, const FourVector& b,
                                                 double relative) {
  const double scale = std::max({std::abs(a.e), std::abs(b.e), 1e-300});
  const double worst = std::max(
      {std::abs(a.e - b.e), std::abs(a.px - b.px), std::abs(a.py - b.py), std::abs(a.pz - b.pz)});
  if (worst <= relative * scale) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "(" << a.e << ", " << a.px << ", " << a.py << ", " << a.pz << ") vs (" << b.e << ", "
         << b.px << ", " << b.py << ", " << b.pz << "): differs by " << worst / scale << " of E";
}

// Mass `mass` moving with momentum `momentum` along the unit vector (nx, ny, nz).
inline FourVector Along(double mass, double momentum, double nx, double ny, double nz) {
  return {std::sqrt(momentum * momentum + mass * mass), momentum * nx, momentum * ny,
          momentum * nz};
}

// Mass `mass` with a momentum up to `max_momentum` in a random direction.
inline FourVector RandomlyMoving(RandomStream& random, double mass, double max_momentum) {
  double nx, ny, nz;
  random.Direction(&nx, &ny, &nz);
  return Along(mass, max_momentum * random.Uniform(), nx, ny, nz);
}

inline bool IsFinalState(const TruthParticle& particle) {
  return particle.kind != ParticleKind::kUnstable;
}

// Sum of the final-state (stable) particles.
inline FourVector FinalStateSum(const TruthEvent& event) {
  FourVector sum;
  for (const TruthParticle& particle : event.particles) {
    if (IsFinalState(particle)) sum += particle.p;
  }
  return sum;
}

// Every decaying particle's products add up to it (within `relative`) and have its mass.
inline ::testing::AssertionResult EveryDecayConserves(const TruthEvent& event, double relative) {
  for (size_t j = 0; j < event.particles.size(); ++j) {
    const TruthParticle& parent = event.particles[j];
    if (IsFinalState(parent)) continue;
    FourVector sum;
    for (const TruthParticle& child : event.particles) {
      if (child.parent == static_cast<int>(j)) sum += child.p;
    }
    ::testing::AssertionResult same = SameFourVector(sum, parent.p, relative);
    if (!same) return same << " (products of particle " << j << ")";
    const double mass = std::sqrt(std::max(sum.Mass2(), 0.0));
    if (std::abs(mass - parent.mass) > 1e-6 * parent.p.e) {
      return ::testing::AssertionFailure() << "products of particle " << j << " have mass " << mass
                                           << ", the parent " << parent.mass;
    }
  }
  return ::testing::AssertionSuccess();
}

}  // namespace latentspace::sim::testing

#endif  // LATENTSPACE_TESTS_CORE_SIM_SIM_TESTING_H_
