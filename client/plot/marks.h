// The marks of a figure on a cairo page: colours, line styles (solid, dashed, dotted, dash-dot),
// markers and plain line segments.
#ifndef LATENTSPACE_CLIENT_PLOT_MARKS_H_
#define LATENTSPACE_CLIENT_PLOT_MARKS_H_

#include <cairo.h>

#include <optional>

#include "client/plot/colour.h"
#include "client/plot/figure.h"

namespace latentspace::plot {

void SetColour(cairo_t* cr, const Rgb& colour);
// Width, dash pattern (scaled with the width), caps and joins of the next strokes.
void SetLineStyle(cairo_t* cr, LineStyle style, double width);
// A marker `size` wide centred on (x, y), filled in `colour`, without an edge (overlapping markers
// merge into one patch of that colour) unless `edge` gives one; for kCross two strokes.
void DrawMarker(cairo_t* cr, MarkerShape shape, const Rgb& colour, double x, double y, double size,
                const std::optional<Rgb>& edge = std::nullopt);
// A segment in the current colour and line style.
void StrokeLine(cairo_t* cr, double x0, double y0, double x1, double y1);

}  // namespace latentspace::plot

#endif  // LATENTSPACE_CLIENT_PLOT_MARKS_H_
