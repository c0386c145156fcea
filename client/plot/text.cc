// Text measurement and placement with Pango on cairo.
#include "client/plot/text.h"

#include <pango/pangocairo.h>

#include <algorithm>
#include <memory>

#include "absl/strings/str_cat.h"

namespace latentspace::plot {
namespace {

struct GObjectUnref {
  void operator()(void* object) const { g_object_unref(object); }
};
using LayoutPtr = std::unique_ptr<PangoLayout, GObjectUnref>;

// A layout of `text` in `style`'s face on `cr` (its current transformation included).
LayoutPtr MakeLayout(cairo_t* cr, const std::string& text, const TextStyle& style) {
  LayoutPtr layout(pango_cairo_create_layout(cr));
  PangoFontDescription* font = pango_font_description_from_string("DejaVu Sans");
  pango_font_description_set_absolute_size(font, style.size * PANGO_SCALE);
  pango_font_description_set_weight(font, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description(layout.get(), font);
  pango_font_description_free(font);
  if (style.markup && CheckMarkup(text).ok()) {
    pango_layout_set_markup(layout.get(), text.c_str(), -1);
  } else {
    pango_layout_set_text(layout.get(), text.c_str(), -1);
  }
  return layout;
}

// The layout's logical width and height in page units.
struct Size {
  double width;
  double height;
};
Size LogicalSize(PangoLayout* layout) {
  PangoRectangle logical;
  pango_layout_get_extents(layout, nullptr, &logical);
  return {static_cast<double>(logical.width) / PANGO_SCALE,
          static_cast<double>(logical.height) / PANGO_SCALE};
}

}  // namespace

absl::Status CheckMarkup(const std::string& text) {
  GError* error = nullptr;
  if (pango_parse_markup(text.c_str(), -1, 0, nullptr, nullptr, nullptr, &error)) {
    return absl::OkStatus();
  }
  absl::Status status = absl::InvalidArgumentError(
      absl::StrCat("'", text, "' is not valid Pango markup: ", error->message));
  g_error_free(error);
  return status;
}

std::string EscapeMarkup(const std::string& text) {
  gchar* escaped = g_markup_escape_text(text.c_str(), -1);
  std::string result(escaped);
  g_free(escaped);
  return result;
}

double TextWidth(cairo_t* cr, const std::string& text, const TextStyle& style) {
  return LogicalSize(MakeLayout(cr, text, style).get()).width;
}

double MaxTextWidth(cairo_t* cr, const std::vector<std::string>& texts, const TextStyle& style) {
  double widest = 0;
  for (const std::string& text : texts) widest = std::max(widest, TextWidth(cr, text, style));
  return widest;
}

double LineHeight(cairo_t* cr, const TextStyle& style) {
  return LogicalSize(MakeLayout(cr, "Mg", style).get()).height;
}

void DrawText(cairo_t* cr, const std::string& text, const TextStyle& style, double x, double y,
              HAlign h, VAlign v, double angle) {
  cairo_save(cr);
  cairo_translate(cr, x, y);
  cairo_rotate(cr, angle);
  LayoutPtr layout = MakeLayout(cr, text, style);
  const auto [width, height] = LogicalSize(layout.get());
  const double dx = h == HAlign::kLeft ? 0 : h == HAlign::kCentre ? -width / 2 : -width;
  const double dy = v == VAlign::kTop ? 0 : v == VAlign::kMiddle ? -height / 2 : -height;
  cairo_move_to(cr, dx, dy);
  cairo_set_source_rgb(cr, style.colour.r, style.colour.g, style.colour.b);
  pango_cairo_show_layout(cr, layout.get());
  cairo_new_path(cr);
  cairo_restore(cr);
}

}  // namespace latentspace::plot
