// Nice ticks: the step is chosen among 1, 2, 5 x 10^k.
#include "client/plot/ticks.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_format.h"

namespace latentspace::plot {
namespace {

constexpr double kMantissas[] = {1, 2, 5};

// The smallest nice step >= raw (> 0).
double NiceStepAtLeast(double raw) {
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double mantissa : kMantissas) {
    if (mantissa * magnitude >= raw * (1 - 1e-12)) return mantissa * magnitude;
  }
  return 10 * magnitude;
}

// The largest nice step below `step` (itself nice): 1 -> 0.5, 2 -> 1, 5 -> 2.
double NiceStepBelow(double step) { return NiceStepAtLeast(step * 0.4); }

std::vector<double> MultiplesInside(double lo, double hi, double step) {
  std::vector<double> values;
  const double slack = 1e-9;
  const double first = std::ceil(lo / step - slack);
  const double last = std::floor(hi / step + slack);
  for (double i = first; i <= last; ++i) values.push_back(i * step);
  return values;
}

}  // namespace

Ticks NiceTicks(double lo, double hi, int target) {
  if (!std::isfinite(lo) || !std::isfinite(hi) || !(lo < hi) || target < 1) return {};
  Ticks ticks;
  ticks.step = NiceStepAtLeast((hi - lo) / target);
  ticks.values = MultiplesInside(lo, hi, ticks.step);
  while (ticks.values.size() < 2) {
    ticks.step = NiceStepBelow(ticks.step);
    ticks.values = MultiplesInside(lo, hi, ticks.step);
  }
  return ticks;
}

std::string FormatTick(double value, double step) {
  if (std::abs(value) < step * 1e-6) value = 0;  // no "-0" or "1e-17" for zero
  if (std::abs(value) >= 1e6 || step < 1e-4) return absl::StrFormat("%.4g", value);
  const int decimals = step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
  return absl::StrFormat("%.*f", decimals, value);
}

}  // namespace latentspace::plot
