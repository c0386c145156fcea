// Kinematic quantities the feature presets are built from.
#include "core/features/kinematics.h"

#include <algorithm>
#include <cmath>

namespace latentspace {

double DeltaPhi(double phi_a, double phi_b) {
  const double d = std::fmod(std::abs(phi_a - phi_b), 2 * M_PI);
  return std::min(d, 2 * M_PI - d);
}

double ObjectMass(const PhysicsObject& object) {
  const double p = object.pt * std::cosh(object.eta);
  return std::sqrt(std::max(object.e * object.e - p * p, 0.0));
}

double PairMassSquared(const PhysicsObject& a, const PhysicsObject& b) {
  return 2 * a.pt * b.pt * (std::cosh(a.eta - b.eta) - std::cos(a.phi - b.phi));
}

}  // namespace latentspace
