// Where a figure's parts go on the page: margins sized to the measured texts around the data
// rectangle (title, axis labels, tick labels), a right-hand panel for the legend and the colour
// bar, and text sizes shrunk where a text would not fit. Internal to figure.cc.
#ifndef LATENTSPACE_CLIENT_PLOT_FIGURE_LAYOUT_H_
#define LATENTSPACE_CLIENT_PLOT_FIGURE_LAYOUT_H_

#include <cairo.h>

#include <string>
#include <vector>

#include "client/plot/text.h"

namespace latentspace::plot {

inline constexpr double kPad = 14;  // around the page and between parts
inline constexpr double kTickLength = 6;
inline constexpr double kTickLabelGap = 4;   // between a tick and its label
inline constexpr double kLabelGap = 8;       // tick labels to axis label, legend swatch to text
inline constexpr double kSwatchLength = 32;  // a legend entry's line or marker area
inline constexpr double kColourBarWidth = 18;
inline constexpr double kLegendInset = 10;  // between the legend's frame and its entries

struct Rect {
  double left = 0;
  double top = 0;
  double right = 0;
  double bottom = 0;
  double width() const { return right - left; }
  double height() const { return bottom - top; }
  bool empty() const { return width() <= 0 || height() <= 0; }
};

// The texts the layout is measured from.
struct LayoutInput {
  int width = 0;
  int height = 0;
  std::string title;
  std::string x_label;
  std::string y_label;
  std::vector<std::string> x_tick_labels;
  bool x_categories = false;  // the x labels name cells and may need turning
  std::vector<std::string> y_tick_labels;
  std::vector<std::string> legend_labels;
  bool colour_bar = false;
  std::vector<std::string> colour_bar_tick_labels;
  std::string colour_bar_label;
};

struct Layout {
  Rect data;
  Rect legend;      // empty when there is no legend
  Rect colour_bar;  // the bar itself; empty when there is none
  TextStyle title{18, true};
  TextStyle axis_label{15, false, kBlack, /*markup=*/true};  // axis and colour-bar labels
  TextStyle tick_label{13};
  TextStyle legend_text{13};
  double legend_row = 0;            // height of a legend entry
  bool turn_x_tick_labels = false;  // written at 45 degrees, ending under their tick
};

Layout ComputeLayout(cairo_t* cr, const LayoutInput& input);

}  // namespace latentspace::plot

#endif  // LATENTSPACE_CLIENT_PLOT_FIGURE_LAYOUT_H_
