// Lorentz four-momenta of the simulator (GeV) and the boosts between a particle's rest frame and
// the laboratory that the decays are built from.
#ifndef LATENTSPACE_CORE_SIM_FOUR_VECTOR_H_
#define LATENTSPACE_CORE_SIM_FOUR_VECTOR_H_

#include <algorithm>
#include <cmath>

namespace latentspace::sim {

struct FourVector {
  double e = 0;
  double px = 0;
  double py = 0;
  double pz = 0;

  FourVector& operator+=(const FourVector& other) {
    e += other.e;
    px += other.px;
    py += other.py;
    pz += other.pz;
    return *this;
  }
  FourVector operator+(const FourVector& other) const { return FourVector(*this) += other; }
  FourVector operator-(const FourVector& other) const {
    return {e - other.e, px - other.px, py - other.py, pz - other.pz};
  }
  FourVector operator*(double factor) const {
    return {e * factor, px * factor, py * factor, pz * factor};
  }

  double P2() const { return px * px + py * py + pz * pz; }
  double P() const { return std::sqrt(P2()); }
  double Pt() const { return std::hypot(px, py); }
  double Mass2() const { return e * e - P2(); }
  // sqrt(max(E^2 - p^2, 0)).
  double Mass() const { return std::sqrt(std::max(Mass2(), 0.0)); }
  // Pseudorapidity asinh(pz / pt); +-infinity along the beam.
  double Eta() const { return std::asinh(pz / Pt()); }
  double Phi() const { return std::atan2(py, px); }

  // Mass `mass` with transverse momentum (px, py) at rapidity `y`.
  static FourVector FromTransverse(double mass, double px, double py, double y) {
    const double mt = std::sqrt(mass * mass + px * px + py * py);
    return {mt * std::cosh(y), px, py, mt * std::sinh(y)};
  }
};

// `rest` is a momentum in the rest frame of `frame`, a system of mass `frame_mass`; returns it in
// the frame where the system has four-momentum `frame`:
//   E' = (E F_E + p.F_p) / M,   p' = p + F_p (E + E') / (F_E + M).
// Both sums over a set of momenta that add up to (M, 0) in the rest frame give `frame` exactly.
inline FourVector BoostFromRestFrame(const FourVector& rest, const FourVector& frame,
                                     double frame_mass) {
  const double e =
      (rest.e * frame.e + rest.px * frame.px + rest.py * frame.py + rest.pz * frame.pz) /
      frame_mass;
  const double factor = (rest.e + e) / (frame.e + frame_mass);
  return {e, rest.px + factor * frame.px, rest.py + factor * frame.py, rest.pz + factor * frame.pz};
}

// The inverse: `lab` seen in the rest frame of `frame` (mass `frame_mass`).
inline FourVector BoostToRestFrame(const FourVector& lab, const FourVector& frame,
                                   double frame_mass) {
  return BoostFromRestFrame(lab, {frame.e, -frame.px, -frame.py, -frame.pz}, frame_mass);
}

}  // namespace latentspace::sim

#endif  // LATENTSPACE_CORE_SIM_FOUR_VECTOR_H_
