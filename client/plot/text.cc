// Text measurement and placement with cairo's toy font API.
#include "client/plot/text.h"

#include <algorithm>

namespace latentspace::plot {
namespace {

void SelectFont(cairo_t* cr, const TextStyle& style) {
  cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                         style.bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, style.size);
}

}  // namespace

double TextWidth(cairo_t* cr, const std::string& text, const TextStyle& style) {
  SelectFont(cr, style);
  cairo_text_extents_t extents;
  cairo_text_extents(cr, text.c_str(), &extents);
  return extents.x_advance;
}

double MaxTextWidth(cairo_t* cr, const std::vector<std::string>& texts, const TextStyle& style) {
  double widest = 0;
  for (const std::string& text : texts) widest = std::max(widest, TextWidth(cr, text, style));
  return widest;
}

double LineHeight(cairo_t* cr, const TextStyle& style) {
  SelectFont(cr, style);
  cairo_font_extents_t extents;
  cairo_font_extents(cr, &extents);
  return extents.ascent + extents.descent;
}

void DrawText(cairo_t* cr, const std::string& text, const TextStyle& style, double x, double y,
              HAlign h, VAlign v, double angle) {
  SelectFont(cr, style);
  cairo_font_extents_t font;
  cairo_font_extents(cr, &font);
  cairo_text_extents_t extents;
  cairo_text_extents(cr, text.c_str(), &extents);
  const double dx = h == HAlign::kLeft     ? 0
                    : h == HAlign::kCentre ? -extents.x_advance / 2
                                           : -extents.x_advance;
  // Baseline offsets so that the line's ascent/descent box sits as asked.
  const double dy = v == VAlign::kTop      ? font.ascent
                    : v == VAlign::kMiddle ? (font.ascent - font.descent) / 2
                                           : -font.descent;
  cairo_save(cr);
  cairo_translate(cr, x, y);
  cairo_rotate(cr, angle);
  cairo_move_to(cr, dx, dy);
  cairo_set_source_rgb(cr, style.colour.r, style.colour.g, style.colour.b);
  cairo_show_text(cr, text.c_str());
  cairo_new_path(cr);
  cairo_restore(cr);
}

}  // namespace latentspace::plot
