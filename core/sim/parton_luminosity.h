// The mass sqrt(s-hat) of the hard system: a falling parton-luminosity shape in
// x = sqrt(s-hat / s) times a threshold factor (or a Breit-Wigner for a resonance), sampled
// through the tabulated inverse of its cumulative distribution. LHC Run 2: sqrt(s) = 13 TeV.
#ifndef LATENTSPACE_CORE_SIM_PARTON_LUMINOSITY_H_
#define LATENTSPACE_CORE_SIM_PARTON_LUMINOSITY_H_

#include <functional>
#include <vector>

#include "absl/status/statusor.h"
#include "core/sim/random_stream.h"

namespace latentspace::sim {

inline constexpr double kCollisionEnergy = 13000.0;  // sqrt(s), GeV

// The incoming partons of the hard process.
enum class InitialState { kGluonGluon, kQuarkAntiquark, kQuarkGluon, kQuarkQuark };

// The shape dL/dx = x^-a (1 - x)^b (arbitrary normalisation, the partonic flux 1/s-hat folded in)
// at hard-system mass `mass` (GeV), x = mass / sqrt(s); 0 outside (0, sqrt(s)).
double PartonLuminosity(InitialState state, double mass);

// Samples from a density on [low, high], tabulated on kMassGridPoints points spaced as
// low + (high - low) u^2 (dense at a threshold), linear in the cumulative between them.
class MassSampler {
 public:
  static constexpr int kMassGridPoints = 4097;

  // An error when low >= high or when the density integrates to zero (or is not finite).
  static absl::StatusOr<MassSampler> Create(const std::function<double(double)>& density,
                                            double low, double high);

  double Sample(RandomStream& random) const;

 private:
  MassSampler(std::vector<double> masses, std::vector<double> cumulative)
      : masses_(std::move(masses)), cumulative_(std::move(cumulative)) {}

  std::vector<double> masses_;
  std::vector<double> cumulative_;  // normalised: front 0, back 1
};

}  // namespace latentspace::sim

#endif  // LATENTSPACE_CORE_SIM_PARTON_LUMINOSITY_H_
