// Kinematic quantities the feature presets are built from (science.md, "Features"). GeV, radians.
#ifndef LATENTSPACE_CORE_FEATURES_KINEMATICS_H_
#define LATENTSPACE_CORE_FEATURES_KINEMATICS_H_

#include "core/events/event.h"

namespace latentspace {

// Azimuthal separation min(|a - b|, 2 pi - |a - b|), in [0, pi].
double DeltaPhi(double phi_a, double phi_b);

// Object mass sqrt(max(E^2 - (pt cosh eta)^2, 0)).
double ObjectMass(const PhysicsObject& object);

// Massless pair invariant mass squared 2 pt_a pt_b [cosh(eta_a - eta_b) - cos(phi_a - phi_b)].
double PairMassSquared(const PhysicsObject& a, const PhysicsObject& b);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_FEATURES_KINEMATICS_H_
