// The sequential colour map of heat maps (viridis: dark purple for low values through teal to
// yellow for high ones, readable in grey and by colour-blind readers), and the light grey of cells
// without a value.
#ifndef LATENTSPACE_CLIENT_PLOT_COLOUR_MAP_H_
#define LATENTSPACE_CLIENT_PLOT_COLOUR_MAP_H_

#include <utility>
#include <vector>

#include "client/plot/colour.h"

namespace latentspace::plot {

// Heat-map cells with no value (NaN) are filled with this light grey.
inline constexpr Rgb kMissingValueColour = Rgb::FromHex(0xd9d9d9);

// Viridis at t in [0, 1] (0: #440154, 1: #fde725), linear between 11 stops; t outside [0, 1] is
// clamped and NaN gives kMissingValueColour.
Rgb Viridis(double t);

// The values a colour scale spans: the smallest and largest finite of `values`, widened by 0.5
// each way when equal; [0, 1] when none is finite.
std::pair<double, double> ColourScaleRange(const std::vector<double>& values);

}  // namespace latentspace::plot

#endif  // LATENTSPACE_CLIENT_PLOT_COLOUR_MAP_H_
