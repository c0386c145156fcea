// Parton-luminosity shapes and the tabulated mass sampler.
#include "core/sim/parton_luminosity.h"

#include <algorithm>
#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace latentspace::sim {
namespace {

struct LuminosityShape {
  double a = 0;
  double b = 0;
};

// Rough fits to the fall of 13 TeV pair-production cross sections with threshold mass: gluino
// pairs (gg) drop by 25, 15 and 12 per 500 GeV of gluino mass between 1 and 2.5 TeV; valence
// quark pairs (qq) fall slower, sea antiquarks (qqbar) faster.
LuminosityShape LuminosityShapeOf(InitialState state) {
  switch (state) {
    case InitialState::kGluonGluon:
      return {5.0, 12.0};
    case InitialState::kQuarkAntiquark:
      return {5.0, 14.0};
    case InitialState::kQuarkGluon:
      return {4.5, 10.0};
    case InitialState::kQuarkQuark:
      return {4.0, 8.0};
  }
  return {};
}

}  // namespace

double PartonLuminosity(InitialState state, double mass) {
  const double x = mass / kCollisionEnergy;
  if (x <= 0 || x >= 1) return 0;
  const LuminosityShape shape = LuminosityShapeOf(state);
  return std::pow(x, -shape.a) * std::pow(1 - x, shape.b);
}

absl::StatusOr<MassSampler> MassSampler::Create(const std::function<double(double)>& density,
                                                double low, double high) {
  if (!(low < high)) {
    return absl::InvalidArgumentError(
        absl::StrCat("mass range [", low, ", ", high, "] GeV is empty"));
  }
  std::vector<double> masses(kMassGridPoints);
  std::vector<double> cumulative(kMassGridPoints, 0.0);
  double previous = 0;
  for (int i = 0; i < kMassGridPoints; ++i) {
    const double u = static_cast<double>(i) / (kMassGridPoints - 1);
    masses[i] = low + (high - low) * u * u;
    const double value = density(masses[i]);
    if (!(value >= 0) || !std::isfinite(value)) {
      return absl::InternalError(absl::StrCat("density at ", masses[i], " GeV is ", value));
    }
    if (i > 0) {
      cumulative[i] = cumulative[i - 1] + 0.5 * (value + previous) * (masses[i] - masses[i - 1]);
    }
    previous = value;
  }
  const double total = cumulative.back();
  if (!(total > 0)) {
    return absl::InvalidArgumentError(
        absl::StrCat("no probability between ", low, " and ", high, " GeV"));
  }
  for (double& c : cumulative) c /= total;
  return MassSampler(std::move(masses), std::move(cumulative));
}

double MassSampler::Sample(RandomStream& random) const {
  const double target = random.Uniform();
  // The first node whose cumulative exceeds the target; the cell before it holds the target.
  const size_t upper =
      std::upper_bound(cumulative_.begin(), cumulative_.end(), target) - cumulative_.begin();
  const size_t i = std::clamp<size_t>(upper, 1, cumulative_.size() - 1);
  const double width = cumulative_[i] - cumulative_[i - 1];
  const double fraction = width > 0 ? (target - cumulative_[i - 1]) / width : 0;
  return masses_[i - 1] + fraction * (masses_[i] - masses_[i - 1]);
}

}  // namespace latentspace::sim
