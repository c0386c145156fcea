// Independent wide-angle gluon emissions off a visible parton.
#include "core/sim/fragmentation.h"

#include <algorithm>
#include <cmath>

namespace latentspace::sim {

double ExpectedFsrEmissions(const FragmentationOptions& options, double energy, double colour) {
  const double max_fraction = 0.5;
  const double min_fraction = options.min_energy / energy;
  if (!(min_fraction < max_fraction) || !(options.min_angle < options.max_angle)) return 0;
  return 2 * options.alpha_s * colour / M_PI * std::log(options.max_angle / options.min_angle) *
         std::log(max_fraction / min_fraction);
}

void Fragment(const FragmentationOptions& options, const FourVector& parton, double colour,
              RandomStream& random, std::vector<FourVector>* fragments) {
  const size_t first = fragments->size();
  fragments->push_back(parton);
  const double expected = ExpectedFsrEmissions(options, parton.P(), colour);
  if (expected <= 0) return;
  const double mass2 = std::max(parton.Mass2(), 0.0);
  const double log_angles = std::log(options.max_angle / options.min_angle);
  // Poisson number of emissions: unit-rate arrivals before `expected`. Each takes a share z of the
  // emitter's current momentum, at least min_energy.
  double arrival = random.Exponential();
  for (int n = 0; n < options.max_emissions && arrival < expected; ++n) {
    FourVector& emitter = (*fragments)[first];
    const double momentum = emitter.P();
    const double min_fraction = options.min_energy / momentum;
    if (min_fraction >= 0.5) break;
    const double theta = options.min_angle * std::exp(log_angles * random.Uniform());
    const double z = min_fraction * std::pow(0.5 / min_fraction, random.Uniform());
    const double psi = 2 * M_PI * random.Uniform();
    arrival += random.Exponential();
    // Unit vectors: along the emitter, and two perpendicular to it.
    const double ax = emitter.px / momentum;
    const double ay = emitter.py / momentum;
    const double az = emitter.pz / momentum;
    double ux = -ay, uy = ax, uz = 0.0;  // perpendicular in the transverse plane
    double norm = std::hypot(ux, uy);
    if (norm < 1e-12) {  // along the beam
      ux = 1;
      uy = 0;
      norm = 1;
    }
    ux /= norm;
    uy /= norm;
    const double vx = ay * uz - az * uy;
    const double vy = az * ux - ax * uz;
    const double vz = ax * uy - ay * ux;
    const double c = std::cos(theta);
    const double s = std::sin(theta);
    const double radial_u = s * std::cos(psi);
    const double radial_v = s * std::sin(psi);
    const double gluon = z * momentum;
    const FourVector emission{gluon, gluon * (c * ax + radial_u * ux + radial_v * vx),
                              gluon * (c * ay + radial_u * uy + radial_v * vy),
                              gluon * (c * az + radial_u * uz + radial_v * vz)};
    FourVector rest = emitter - emission;
    rest.e = std::sqrt(rest.P2() + mass2);
    emitter = rest;
    fragments->push_back(emission);
  }
}

}  // namespace latentspace::sim
