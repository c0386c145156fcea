// Colours, line styles and markers on a cairo page.
#include "client/plot/marks.h"

#include <algorithm>
#include <cmath>

namespace latentspace::plot {

void SetColour(cairo_t* cr, const Rgb& colour) {
  cairo_set_source_rgb(cr, colour.r, colour.g, colour.b);
}

void SetLineStyle(cairo_t* cr, LineStyle style, double width) {
  cairo_set_line_width(cr, width);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  const double w = std::max(1.0, width);
  switch (style) {
    case LineStyle::kSolid:
      cairo_set_dash(cr, nullptr, 0, 0);
      cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
      return;
    case LineStyle::kDashed: {
      const double dashes[] = {4 * w, 2.5 * w};
      cairo_set_dash(cr, dashes, 2, 0);
      cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
      return;
    }
    case LineStyle::kDotted: {
      const double dashes[] = {0, 2.2 * w};  // round caps turn the empty dashes into dots
      cairo_set_dash(cr, dashes, 2, 0);
      cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
      return;
    }
    case LineStyle::kDashDot: {
      const double dashes[] = {4 * w, 2 * w, 0, 2 * w};
      cairo_set_dash(cr, dashes, 4, 0);
      cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
      return;
    }
  }
}

void DrawMarker(cairo_t* cr, MarkerShape shape, const Rgb& colour, double x, double y, double size,
                const std::optional<Rgb>& edge) {
  const double r = size / 2;
  cairo_new_path(cr);
  switch (shape) {
    case MarkerShape::kCircle:
      cairo_arc(cr, x, y, r, 0, 2 * M_PI);
      break;
    case MarkerShape::kSquare:
      cairo_rectangle(cr, x - r * 0.9, y - r * 0.9, 1.8 * r, 1.8 * r);
      break;
    case MarkerShape::kTriangle:
      cairo_move_to(cr, x, y - 1.15 * r);
      cairo_line_to(cr, x + r, y + 0.75 * r);
      cairo_line_to(cr, x - r, y + 0.75 * r);
      cairo_close_path(cr);
      break;
    case MarkerShape::kDiamond:
      cairo_move_to(cr, x, y - 1.2 * r);
      cairo_line_to(cr, x + r, y);
      cairo_line_to(cr, x, y + 1.2 * r);
      cairo_line_to(cr, x - r, y);
      cairo_close_path(cr);
      break;
    case MarkerShape::kCross:
      cairo_move_to(cr, x - r, y - r);
      cairo_line_to(cr, x + r, y + r);
      cairo_move_to(cr, x - r, y + r);
      cairo_line_to(cr, x + r, y - r);
      SetLineStyle(cr, LineStyle::kSolid, std::max(2.0, size / 4));
      cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
      SetColour(cr, colour);
      cairo_stroke(cr);
      return;
  }
  SetColour(cr, colour);
  if (!edge) {
    cairo_fill(cr);
    return;
  }
  cairo_fill_preserve(cr);
  SetLineStyle(cr, LineStyle::kSolid, 1.5);
  SetColour(cr, *edge);
  cairo_stroke(cr);
}

void StrokeLine(cairo_t* cr, double x0, double y0, double x1, double y1) {
  cairo_move_to(cr, x0, y0);
  cairo_line_to(cr, x1, y1);
  cairo_stroke(cr);
}

}  // namespace latentspace::plot
