// Viridis as 11 evenly spaced stops (matplotlib's values), linearly interpolated, and the range
// of values a colour scale spans.
#include "client/plot/colour_map.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace latentspace::plot {
namespace {

constexpr std::array<uint32_t, 11> kViridisStops = {
    0x440154, 0x482576, 0x414487, 0x35608d, 0x2a788e, 0x21908c,
    0x22a884, 0x43bf71, 0x7ad151, 0xbbdf27, 0xfde725,
};

}  // namespace

Rgb Viridis(double t) {
  if (std::isnan(t)) return kMissingValueColour;
  const double position = std::clamp(t, 0.0, 1.0) * (kViridisStops.size() - 1);
  const size_t low = std::min(static_cast<size_t>(position), kViridisStops.size() - 2);
  const double f = position - static_cast<double>(low);
  const Rgb a = Rgb::FromHex(kViridisStops[low]);
  const Rgb b = Rgb::FromHex(kViridisStops[low + 1]);
  return {a.r + f * (b.r - a.r), a.g + f * (b.g - a.g), a.b + f * (b.b - a.b)};
}

std::pair<double, double> ColourScaleRange(const std::vector<double>& values) {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  for (const double value : values) {
    if (!std::isfinite(value)) continue;
    lo = std::min(lo, value);
    hi = std::max(hi, value);
  }
  if (lo > hi) return {0, 1};
  if (lo == hi) return {lo - 0.5, hi + 0.5};
  return {lo, hi};
}

}  // namespace latentspace::plot
