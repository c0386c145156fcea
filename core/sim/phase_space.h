// Exact relativistic phase space of particle decays in the parent's rest frame, boosted to the
// laboratory: two-body decays, and flat n-body phase space by the Raubold-Lynch (GENBOD) method,
// unweighted by accept-reject on its weight, so every accepted configuration is a physical sample
// of the n-body phase-space density. Energy and momentum are conserved to rounding.
#ifndef LATENTSPACE_CORE_SIM_PHASE_SPACE_H_
#define LATENTSPACE_CORE_SIM_PHASE_SPACE_H_

#include "absl/types/span.h"
#include "core/sim/four_vector.h"
#include "core/sim/random_stream.h"

namespace latentspace::sim {

// Most decay products of one decay. The accept-reject efficiency of the Raubold-Lynch weight falls
// quickly with the number of products (about 0.3 us for 3, 10 us for 5 massless ones, 160 us for
// 6), so decays are kept to at most five bodies.
inline constexpr int kMaxDecayProducts = 5;

// Momentum of either product of `mass` -> m1 m2 in the parent's rest frame,
// sqrt(lambda(M^2, m1^2, m2^2)) / (2 M); 0 at or below threshold.
double TwoBodyMomentum(double mass, double m1, double m2);

// Decays `parent` (of mass `parent_mass` >= m1 + m2) into masses m1 and m2, isotropically in its
// rest frame.
void DecayTwoBody(const FourVector& parent, double parent_mass, double m1, double m2,
                  RandomStream& random, FourVector* first, FourVector* second);

// Decays `parent` (of mass `parent_mass` > sum of `masses`) into masses.size() products, 2 to
// kMaxDecayProducts, written to products[0..n), distributed uniformly in n-body phase space.
void DecayNBody(const FourVector& parent, double parent_mass, absl::Span<const double> masses,
                RandomStream& random, FourVector* products);

}  // namespace latentspace::sim

#endif  // LATENTSPACE_CORE_SIM_PHASE_SPACE_H_
