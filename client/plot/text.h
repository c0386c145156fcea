// Text on a cairo page: one sans-serif face (DejaVu Sans where installed), sizes in page units,
// placed by an anchor point and optionally rotated about it.
#ifndef LATENTSPACE_CLIENT_PLOT_TEXT_H_
#define LATENTSPACE_CLIENT_PLOT_TEXT_H_

#include <cairo.h>

#include <string>
#include <vector>

#include "client/plot/colour.h"

namespace latentspace::plot {

struct TextStyle {
  double size = 13;
  bool bold = false;
  Rgb colour = kBlack;
};

enum class HAlign { kLeft, kCentre, kRight };
enum class VAlign { kTop, kMiddle, kBottom };

// Advance width of `text` (UTF-8).
double TextWidth(cairo_t* cr, const std::string& text, const TextStyle& style);
// The widest of `texts` (0 when empty).
double MaxTextWidth(cairo_t* cr, const std::vector<std::string>& texts, const TextStyle& style);
// Height of a line of the face at style.size (ascent + descent).
double LineHeight(cairo_t* cr, const TextStyle& style);

// Draws `text` with its box aligned on (x, y) as `h` and `v` say, in a frame rotated by `angle`
// radians about (x, y) (positive turns clockwise on the page, as cairo's y axis points down).
void DrawText(cairo_t* cr, const std::string& text, const TextStyle& style, double x, double y,
              HAlign h, VAlign v, double angle = 0);

}  // namespace latentspace::plot

#endif  // LATENTSPACE_CLIENT_PLOT_TEXT_H_
