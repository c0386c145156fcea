// The panel right of a figure's data rectangle: the legend (a framed list of line and marker
// entries) and the heat map's colour bar with its ticks and label. Internal to figure.cc.
#ifndef LATENTSPACE_CLIENT_PLOT_FIGURE_PANEL_H_
#define LATENTSPACE_CLIENT_PLOT_FIGURE_PANEL_H_

#include <cairo.h>

#include <vector>

#include "client/plot/figure.h"
#include "client/plot/figure_layout.h"
#include "client/plot/ticks.h"

namespace latentspace::plot {

inline constexpr int kTickTarget = 6;  // ticks per axis or colour bar, about

// The colour bar's ticks over the heat map's ColourScaleRange.
Ticks ColourBarTicks(const HeatMap& map);

// In layout.colour_bar, with tick labels and the map's label right of it.
void DrawColourBar(cairo_t* cr, const Layout& layout, const HeatMap& map);

// In layout.legend: a white box with a grey frame and one row per entry.
void DrawLegend(cairo_t* cr, const Layout& layout, const std::vector<LegendEntry>& entries);

}  // namespace latentspace::plot

#endif  // LATENTSPACE_CLIENT_PLOT_FIGURE_PANEL_H_
