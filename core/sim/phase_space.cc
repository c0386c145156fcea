// Two-body and flat n-body phase space (Raubold-Lynch with accept-reject).
#include "core/sim/phase_space.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace latentspace::sim {
namespace {

// Two back-to-back products of a system of mass `mass` at rest, along a random direction, with
// energies that add up to `mass` exactly.
void BackToBack(double mass, double m1, double m2, RandomStream& random, FourVector* first,
                FourVector* second) {
  const double momentum = TwoBodyMomentum(mass, m1, m2);
  double nx, ny, nz;
  random.Direction(&nx, &ny, &nz);
  const double e1 = (mass * mass + m1 * m1 - m2 * m2) / (2 * mass);
  *first = {e1, momentum * nx, momentum * ny, momentum * nz};
  *second = {mass - e1, -momentum * nx, -momentum * ny, -momentum * nz};
}

}  // namespace

double TwoBodyMomentum(double mass, double m1, double m2) {
  const double sum = m1 + m2;
  const double difference = m1 - m2;
  const double lambda = (mass - sum) * (mass + sum) * (mass - difference) * (mass + difference);
  return lambda > 0 ? std::sqrt(lambda) / (2 * mass) : 0.0;
}

void DecayTwoBody(const FourVector& parent, double parent_mass, double m1, double m2,
                  RandomStream& random, FourVector* first, FourVector* second) {
  FourVector a, b;
  BackToBack(parent_mass, m1, m2, random, &a, &b);
  *first = BoostFromRestFrame(a, parent, parent_mass);
  *second = BoostFromRestFrame(b, parent, parent_mass);
}

// Raubold-Lynch: the products 0..i form a subsystem of invariant mass M_i, with
// M_0 = m_0 < M_1 < ... < M_{n-1} = parent mass; the kinetic energy M - sum(m) is split at n - 2
// sorted uniform points. The phase-space weight of such a choice is the product of the two-body
// momenta p(M_i; M_{i-1}, m_i); accepting it with probability weight / max weight makes the
// accepted masses follow the n-body phase-space density. Subsystem i - 1 and product i then go
// back to back in subsystem i's rest frame along an isotropic direction.
void DecayNBody(const FourVector& parent, double parent_mass, absl::Span<const double> masses,
                RandomStream& random, FourVector* products) {
  const int n = static_cast<int>(masses.size());
  if (n == 2) {
    DecayTwoBody(parent, parent_mass, masses[0], masses[1], random, &products[0], &products[1]);
    return;
  }
  double mass_sum = 0;
  for (double m : masses) mass_sum += m;
  const double kinetic = parent_mass - mass_sum;
  // The largest weight: every subsystem as heavy as it can be given the lighter ones.
  double max_weight = 1;
  double low = 0;
  double high = kinetic + masses[0];
  for (int i = 1; i < n; ++i) {
    low += masses[i - 1];
    high += masses[i];
    max_weight *= TwoBodyMomentum(high, low, masses[i]);
  }
  std::array<double, kMaxDecayProducts> subsystem{};  // M_i
  while (true) {
    std::array<double, kMaxDecayProducts> cut{};
    cut[n - 1] = 1;
    for (int i = 1; i < n - 1; ++i) {  // insertion sort of the n - 2 inner points
      const double value = random.Uniform();
      int j = i;
      for (; j > 1 && cut[j - 1] > value; --j) cut[j] = cut[j - 1];
      cut[j] = value;
    }
    double running = 0;
    for (int i = 0; i < n; ++i) {
      running += masses[i];
      subsystem[i] = cut[i] * kinetic + running;
    }
    double weight = 1;
    for (int i = 1; i < n; ++i)
      weight *= TwoBodyMomentum(subsystem[i], subsystem[i - 1], masses[i]);
    if (max_weight <= 0 || random.Uniform() * max_weight < weight) break;  // <= 0: at rest
  }
  subsystem[n - 1] = parent_mass;  // exactly, not rounded through the sums
  BackToBack(subsystem[1], masses[0], masses[1], random, &products[0], &products[1]);
  for (int i = 2; i < n; ++i) {
    FourVector rest_of_system;
    BackToBack(subsystem[i], subsystem[i - 1], masses[i], random, &rest_of_system, &products[i]);
    for (int j = 0; j < i; ++j) {
      products[j] = BoostFromRestFrame(products[j], rest_of_system, subsystem[i - 1]);
    }
  }
  for (int i = 0; i < n; ++i) products[i] = BoostFromRestFrame(products[i], parent, parent_mass);
}

}  // namespace latentspace::sim
