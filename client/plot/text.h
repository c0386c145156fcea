// Text on a cairo page, laid out by Pango: one sans-serif face (DejaVu Sans where installed), sizes
// in page units, placed by an anchor point and optionally rotated about it. A style with `markup`
// reads its text as Pango markup, so that axis labels can carry physics notation and units:
// "E<sub>T</sub><sup>miss</sup> [GeV]", "m<sub>gluino</sub> [GeV]", "<i>z</i><sub>1</sub>".
#ifndef LATENTSPACE_CLIENT_PLOT_TEXT_H_
#define LATENTSPACE_CLIENT_PLOT_TEXT_H_

#include <cairo.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "client/plot/colour.h"

namespace latentspace::plot {

struct TextStyle {
  double size = 13;
  bool bold = false;
  Rgb colour = kBlack;
  bool markup = false;  // the text is Pango markup (& < > written &amp; &lt; &gt;), else plain
};

enum class HAlign { kLeft, kCentre, kRight };
enum class VAlign { kTop, kMiddle, kBottom };

// OK when `text` is well-formed Pango markup, else INVALID_ARGUMENT with Pango's reason.
absl::Status CheckMarkup(const std::string& text);
// `text` with & < > ' " escaped, to place a plain name (a model, an encoder) inside markup.
std::string EscapeMarkup(const std::string& text);

// Advance width of `text` (UTF-8).
double TextWidth(cairo_t* cr, const std::string& text, const TextStyle& style);
// The widest of `texts` (0 when empty).
double MaxTextWidth(cairo_t* cr, const std::vector<std::string>& texts, const TextStyle& style);
// Height of a line of the face at style.size.
double LineHeight(cairo_t* cr, const TextStyle& style);

// Draws `text` with its box aligned on (x, y) as `h` and `v` say, in a frame rotated by `angle`
// radians about (x, y) (positive turns clockwise on the page, as cairo's y axis points down).
// Markup that does not parse is drawn as plain text (Figure::Validate refuses it first).
void DrawText(cairo_t* cr, const std::string& text, const TextStyle& style, double x, double y,
              HAlign h, VAlign v, double angle = 0);

}  // namespace latentspace::plot

#endif  // LATENTSPACE_CLIENT_PLOT_TEXT_H_
