// Axis ticks at "nice" steps (1, 2 or 5 times a power of ten) and their labels.
#ifndef LATENTSPACE_CLIENT_PLOT_TICKS_H_
#define LATENTSPACE_CLIENT_PLOT_TICKS_H_

#include <string>
#include <vector>

namespace latentspace::plot {

struct Ticks {
  double step = 0;
  std::vector<double> values;  // ascending, multiples of step inside [lo, hi]
};

// Ticks inside [lo, hi] at the smallest nice step that gives at most `target` + 1 of them, made
// finer when that would leave fewer than two. Empty (step 0) unless lo < hi, both finite, and
// target >= 1.
Ticks NiceTicks(double lo, double hi, int target = 5);

// A tick value with as many decimals as `step` needs: (0.6000000001, 0.2) -> "0.6", (2, 1) -> "2",
// (-1e-17, 0.5) -> "0.0"; magnitudes from 1e6 up or steps under 1e-4 in %g form ("1.5e+06").
std::string FormatTick(double value, double step);

}  // namespace latentspace::plot

#endif  // LATENTSPACE_CLIENT_PLOT_TICKS_H_
