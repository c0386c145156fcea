// The legend and the colour bar.
#include "client/plot/figure_panel.h"

#include <algorithm>
#include <cmath>

#include "client/plot/colour_map.h"
#include "client/plot/marks.h"
#include "client/plot/text.h"

namespace latentspace::plot {
namespace {

constexpr int kColourBarSlices = 256;
constexpr double kLegendMarkerSize = 9;
constexpr double kLegendLineWidth = 2.5;

}  // namespace

Ticks ColourBarTicks(const HeatMap& map) {
  const auto [lo, hi] = ColourScaleRange(map.values);
  return NiceTicks(lo, hi, kTickTarget);
}

void DrawColourBar(cairo_t* cr, const Layout& layout, const HeatMap& map) {
  const Rect& bar = layout.colour_bar;
  const auto [lo, hi] = ColourScaleRange(map.values);
  cairo_save(cr);
  cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);  // no seams between the slices
  const double slice = bar.height() / kColourBarSlices;
  for (int i = 0; i < kColourBarSlices; ++i) {
    SetColour(cr, Viridis((i + 0.5) / kColourBarSlices));
    cairo_rectangle(cr, bar.left, bar.bottom - (i + 1) * slice, bar.width(), slice + 0.5);
    cairo_fill(cr);
  }
  cairo_restore(cr);
  SetLineStyle(cr, LineStyle::kSolid, 1);
  SetColour(cr, kBlack);
  cairo_rectangle(cr, bar.left, bar.top, bar.width(), bar.height());
  cairo_stroke(cr);
  const Ticks ticks = ColourBarTicks(map);
  const double labels_left = bar.right + kTickLength + kTickLabelGap;
  double labels_right = labels_left;
  for (const double value : ticks.values) {
    const double y = bar.bottom - (value - lo) / (hi - lo) * bar.height();
    StrokeLine(cr, bar.right, y, bar.right + kTickLength, y);
    const std::string label = FormatTick(value, ticks.step);
    DrawText(cr, label, layout.tick_label, labels_left, y, HAlign::kLeft, VAlign::kMiddle);
    labels_right = std::max(labels_right, labels_left + TextWidth(cr, label, layout.tick_label));
  }
  // Read upwards, beside the tick labels.
  DrawText(cr, map.label, layout.axis_label, labels_right + kLabelGap, (bar.top + bar.bottom) / 2,
           HAlign::kCentre, VAlign::kTop, -M_PI / 2);
}

void DrawLegend(cairo_t* cr, const Layout& layout, const std::vector<LegendEntry>& entries) {
  const Rect& box = layout.legend;
  cairo_rectangle(cr, box.left, box.top, box.width(), box.height());
  SetColour(cr, kWhite);
  cairo_fill_preserve(cr);
  SetLineStyle(cr, LineStyle::kSolid, 1);
  SetColour(cr, kGridGrey);
  cairo_stroke(cr);
  const double swatch_left = box.left + kLegendInset;
  for (size_t i = 0; i < entries.size(); ++i) {
    const LegendEntry& entry = entries[i];
    const double y = box.top + kLegendInset + (i + 0.5) * layout.legend_row;
    if (entry.marker) {
      DrawMarker(cr, *entry.marker, entry.colour, swatch_left + kSwatchLength / 2, y,
                 kLegendMarkerSize, entry.edge);
    } else {
      SetLineStyle(cr, entry.style, kLegendLineWidth);
      SetColour(cr, entry.colour);
      StrokeLine(cr, swatch_left, y, swatch_left + kSwatchLength, y);
    }
    DrawText(cr, entry.label, layout.legend_text, swatch_left + kSwatchLength + kLabelGap, y,
             HAlign::kLeft, VAlign::kMiddle);
  }
}

}  // namespace latentspace::plot
