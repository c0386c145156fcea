// The figure's layout: measured margins, a right-hand panel, and text that shrinks to fit.
#include "client/plot/figure_layout.h"

#include <algorithm>
#include <cmath>

namespace latentspace::plot {
namespace {

constexpr double kMinTextSize = 8;
constexpr double kMaxPanelShare = 0.4;    // of the page's width
constexpr double kPanelGap = 18;          // between the data rectangle and the panel
constexpr double kLegendRowFactor = 1.6;  // row height / text size
constexpr double kColourBarMinHeight = 120;

// `style` made smaller where `width`, measured at its size, exceeds `available`.
TextStyle FitWidth(TextStyle style, double width, double available) {
  if (width > available && width > 0) {
    style.size = std::max(kMinTextSize, style.size * std::max(0.0, available) / width);
  }
  return style;
}

// Inset, swatch and gap of a legend row: its width without the text.
double LegendFixedWidth() { return 2 * kLegendInset + kSwatchLength + kLabelGap; }

double ColourBarPanelWidth(cairo_t* cr, const LayoutInput& input, const Layout& layout) {
  return kColourBarWidth + kTickLength + kTickLabelGap +
         MaxTextWidth(cr, input.colour_bar_tick_labels, layout.tick_label) + kLabelGap +
         LineHeight(cr, layout.axis_label);
}

}  // namespace

Layout ComputeLayout(cairo_t* cr, const LayoutInput& input) {
  Layout layout;
  const double page_width = input.width;
  layout.title =
      FitWidth(layout.title, TextWidth(cr, input.title, layout.title), page_width - 2 * kPad);
  const double top = kPad + (input.title.empty() ? 0 : LineHeight(cr, layout.title) + kPad);
  double left = kPad + (input.y_label.empty() ? 0 : LineHeight(cr, layout.axis_label) + kLabelGap) +
                MaxTextWidth(cr, input.y_tick_labels, layout.tick_label) + kTickLabelGap +
                kTickLength;

  // The panel: as wide as the legend or the colour bar with its labels, at most kMaxPanelShare.
  double legend_width = 0;
  if (!input.legend_labels.empty()) {
    const double text_width = MaxTextWidth(cr, input.legend_labels, layout.legend_text);
    layout.legend_text =
        FitWidth(layout.legend_text, text_width, kMaxPanelShare * page_width - LegendFixedWidth());
    legend_width = LegendFixedWidth() + MaxTextWidth(cr, input.legend_labels, layout.legend_text);
  }
  const double bar_width = input.colour_bar ? ColourBarPanelWidth(cr, input, layout) : 0;
  const double panel_width = std::max(legend_width, bar_width);
  const double right = page_width - kPad - (panel_width > 0 ? panel_width + kPanelGap : 0);

  // Below the data: ticks, their labels (category names turned when wider than their cells) and
  // the axis label.
  const double label_width = MaxTextWidth(cr, input.x_tick_labels, layout.tick_label);
  const double line = LineHeight(cr, layout.tick_label);
  const double cell_width = (right - left) / std::max<size_t>(1, input.x_tick_labels.size());
  layout.turn_x_tick_labels = input.x_categories && label_width > cell_width - kTickLabelGap;
  double tick_labels_height = line;
  if (layout.turn_x_tick_labels) {
    tick_labels_height = (label_width + line) * M_SQRT1_2;
    left = std::max(left, kPad + tick_labels_height);  // the first name reaches left of its cell
  }
  const double bottom =
      input.height - kPad -
      (input.x_label.empty() ? 0 : LineHeight(cr, layout.axis_label) + kLabelGap) -
      tick_labels_height - kTickLabelGap - kTickLength;
  layout.data = {left, top, right, bottom};

  // The panel's contents: the legend at the top, the colour bar below it.
  const double panel_left = right + kPanelGap;
  double bar_top = top;
  if (!input.legend_labels.empty()) {
    const double rows = static_cast<double>(input.legend_labels.size());
    const double available =
        layout.data.height() - (input.colour_bar ? kColourBarMinHeight + kPanelGap : 0);
    const double height = 2 * kLegendInset + rows * kLegendRowFactor * layout.legend_text.size;
    if (height > available) {
      layout.legend_text.size =
          std::max(kMinTextSize, (available - 2 * kLegendInset) / (rows * kLegendRowFactor));
    }
    layout.legend_row = kLegendRowFactor * layout.legend_text.size;
    layout.legend = {panel_left, top, panel_left + legend_width,
                     top + 2 * kLegendInset + rows * layout.legend_row};
    bar_top = layout.legend.bottom + kPanelGap;
  }
  if (input.colour_bar) {
    layout.colour_bar = {panel_left, bar_top, panel_left + kColourBarWidth, bottom};
  }
  return layout;
}

}  // namespace latentspace::plot
