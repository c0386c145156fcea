// Drawing a figure: ticks and layout first, then grid or heat map, the items in order (clipped to
// the data rectangle), the frame with ticks and labels, the title, legend and colour bar.
#include "client/plot/figure.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

#include "absl/strings/str_cat.h"
#include "client/plot/colour_map.h"
#include "client/plot/figure_layout.h"
#include "client/plot/figure_panel.h"
#include "client/plot/image_file.h"
#include "client/plot/marks.h"
#include "client/plot/text.h"
#include "client/plot/ticks.h"
#include "core/status_macros.h"

namespace latentspace::plot {
namespace {

constexpr double kPaddingShare = 0.05;  // around the content when no range is set
constexpr double kCellLabelSize = 12;

struct AxisTicks {
  std::vector<double> positions;
  std::vector<std::string> labels;
};

// Category names at cell centres, or nice ticks over [lo, hi].
AxisTicks TicksFor(const std::vector<std::string>& categories, double lo, double hi) {
  AxisTicks ticks;
  if (!categories.empty()) {
    for (size_t i = 0; i < categories.size(); ++i) ticks.positions.push_back(i + 0.5);
    ticks.labels = categories;
    return ticks;
  }
  const Ticks nice = NiceTicks(lo, hi, kTickTarget);
  ticks.positions = nice.values;
  for (const double value : nice.values) ticks.labels.push_back(FormatTick(value, nice.step));
  return ticks;
}

// Data coordinates to page coordinates (the page's y axis points down).
class Transform {
 public:
  Transform(const Rect& page, const DataRange& data) : page_(page), data_(data) {}
  double X(double x) const {
    return page_.left + (x - data_.x_min) / (data_.x_max - data_.x_min) * page_.width();
  }
  double Y(double y) const {
    return page_.bottom - (y - data_.y_min) / (data_.y_max - data_.y_min) * page_.height();
  }

 private:
  Rect page_;
  DataRange data_;
};

// [lo, hi] widened by kPaddingShare on each side; a point becomes an interval of width 1.
std::pair<double, double> Padded(double lo, double hi) {
  if (lo > hi) return {0, 1};
  if (lo == hi) return {lo - 0.5, hi + 0.5};
  const double pad = kPaddingShare * (hi - lo);
  return {lo - pad, hi + pad};
}

void DrawGrid(cairo_t* cr, const Rect& data, const Transform& to_page, const AxisTicks& x,
              const AxisTicks& y) {
  SetLineStyle(cr, LineStyle::kSolid, 1);
  SetColour(cr, kGridGrey);
  for (const double position : x.positions) {
    StrokeLine(cr, to_page.X(position), data.top, to_page.X(position), data.bottom);
  }
  for (const double position : y.positions) {
    StrokeLine(cr, data.left, to_page.Y(position), data.right, to_page.Y(position));
  }
}

// The cells as an nx x ny image scaled onto the extent (sharp cell edges), then the cell labels
// in black or white, whichever reads better on the cell.
void DrawHeatMap(cairo_t* cr, const HeatMap& map, const Transform& to_page) {
  const auto [lo, hi] = ColourScaleRange(map.values);
  cairo_surface_t* image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, map.nx, map.ny);
  unsigned char* pixels = cairo_image_surface_get_data(image);
  const int stride = cairo_image_surface_get_stride(image);
  std::vector<Rgb> colours(map.values.size());
  for (int iy = 0; iy < map.ny; ++iy) {
    auto* row =
        reinterpret_cast<uint32_t*>(pixels + static_cast<ptrdiff_t>(map.ny - 1 - iy) * stride);
    for (int ix = 0; ix < map.nx; ++ix) {
      const size_t cell = static_cast<size_t>(iy) * map.nx + ix;
      const Rgb colour = colours[cell] = Viridis((map.values[cell] - lo) / (hi - lo));
      row[ix] = static_cast<uint32_t>(std::lround(colour.r * 255)) << 16 |
                static_cast<uint32_t>(std::lround(colour.g * 255)) << 8 |
                static_cast<uint32_t>(std::lround(colour.b * 255));
    }
  }
  cairo_surface_mark_dirty(image);
  const double left = to_page.X(map.extent.x_min);
  const double top = to_page.Y(map.extent.y_max);
  const double cell_width = (to_page.X(map.extent.x_max) - left) / map.nx;
  const double cell_height = (to_page.Y(map.extent.y_min) - top) / map.ny;
  cairo_save(cr);
  cairo_translate(cr, left, top);
  cairo_scale(cr, cell_width, cell_height);
  cairo_set_source_surface(cr, image, 0, 0);
  cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
  cairo_pattern_set_extend(cairo_get_source(cr), CAIRO_EXTEND_PAD);
  cairo_rectangle(cr, 0, 0, map.nx, map.ny);
  cairo_fill(cr);
  cairo_restore(cr);
  cairo_surface_destroy(image);

  if (map.cell_labels.empty()) return;
  TextStyle style{kCellLabelSize};
  const double widest = MaxTextWidth(cr, map.cell_labels, style);
  if (widest > 0.9 * cell_width) style.size *= 0.9 * cell_width / widest;
  for (int iy = 0; iy < map.ny; ++iy) {
    for (int ix = 0; ix < map.nx; ++ix) {
      const size_t cell = static_cast<size_t>(iy) * map.nx + ix;
      style.colour = Luminance(colours[cell]) > 0.45 ? kBlack : kWhite;
      DrawText(cr, map.cell_labels[cell], style, left + (ix + 0.5) * cell_width,
               top + (map.ny - iy - 0.5) * cell_height, HAlign::kCentre, VAlign::kMiddle);
    }
  }
}

void DrawFrameAndTicks(cairo_t* cr, const Layout& layout, const Transform& to_page,
                       const AxisTicks& x, const AxisTicks& y) {
  const Rect& data = layout.data;
  SetLineStyle(cr, LineStyle::kSolid, 1);
  SetColour(cr, kBlack);
  cairo_rectangle(cr, data.left, data.top, data.width(), data.height());
  cairo_stroke(cr);
  const double label_y = data.bottom + kTickLength + kTickLabelGap;
  for (size_t i = 0; i < x.positions.size(); ++i) {
    const double page_x = to_page.X(x.positions[i]);
    StrokeLine(cr, page_x, data.bottom, page_x, data.bottom + kTickLength);
    if (layout.turn_x_tick_labels) {
      DrawText(cr, x.labels[i], layout.tick_label, page_x, label_y, HAlign::kRight, VAlign::kMiddle,
               -M_PI / 4);
    } else {
      DrawText(cr, x.labels[i], layout.tick_label, page_x, label_y, HAlign::kCentre, VAlign::kTop);
    }
  }
  for (size_t i = 0; i < y.positions.size(); ++i) {
    const double page_y = to_page.Y(y.positions[i]);
    StrokeLine(cr, data.left - kTickLength, page_y, data.left, page_y);
    DrawText(cr, y.labels[i], layout.tick_label, data.left - kTickLength - kTickLabelGap, page_y,
             HAlign::kRight, VAlign::kMiddle);
  }
}

// `range` with the shorter side widened about its centre so that a data unit is as long on both
// axes of `page`.
DataRange WithEqualAspect(DataRange range, const Rect& page) {
  const double x_scale = page.width() / (range.x_max - range.x_min);
  const double y_scale = page.height() / (range.y_max - range.y_min);
  if (!(x_scale > 0) || !(y_scale > 0)) return range;
  const auto widen = [](double& lo, double& hi, double factor) {
    const double centre = (lo + hi) / 2;
    const double half = (hi - lo) / 2 * factor;
    lo = centre - half;
    hi = centre + half;
  };
  if (x_scale > y_scale) {
    widen(range.x_min, range.x_max, x_scale / y_scale);
  } else {
    widen(range.y_min, range.y_max, y_scale / x_scale);
  }
  return range;
}

}  // namespace

DataRange Figure::Range() const {
  if (range_) return *range_;
  DataRange range;
  if (heat_map_) {
    range = heat_map_->extent;
  } else {
    double x_lo = std::numeric_limits<double>::infinity();
    double x_hi = -x_lo;
    double y_lo = x_lo;
    double y_hi = x_hi;
    const auto include = [&](const std::vector<Point>& points) {
      for (const Point& p : points) {
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;
        x_lo = std::min(x_lo, p.x);
        x_hi = std::max(x_hi, p.x);
        y_lo = std::min(y_lo, p.y);
        y_hi = std::max(y_hi, p.y);
      }
    };
    for (const auto& item : items_) {
      std::visit([&](const auto& line_or_markers) { include(line_or_markers.points); }, item);
    }
    std::tie(range.x_min, range.x_max) = Padded(x_lo, x_hi);
    std::tie(range.y_min, range.y_max) = Padded(y_lo, y_hi);
  }
  const auto& [x_names, y_names] = categories_;
  if (!x_names.empty()) range.x_min = 0, range.x_max = static_cast<double>(x_names.size());
  if (!y_names.empty()) range.y_min = 0, range.y_max = static_cast<double>(y_names.size());
  return range;
}

absl::Status Figure::Validate() const {
  const DataRange range = Range();
  if (!(range.x_min < range.x_max) || !(range.y_min < range.y_max) ||
      !std::isfinite(range.x_max - range.x_min) || !std::isfinite(range.y_max - range.y_min)) {
    return absl::InvalidArgumentError(absl::StrCat("empty or infinite data range x [", range.x_min,
                                                   ", ", range.x_max, "], y [", range.y_min, ", ",
                                                   range.y_max, "]"));
  }
  for (const std::string& label : axis_labels_) {
    if (absl::Status markup = CheckMarkup(label); !markup.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("axis label: ", markup.message()));
    }
  }
  if (!heat_map_) return absl::OkStatus();
  const HeatMap& map = *heat_map_;
  if (absl::Status markup = CheckMarkup(map.label); !markup.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("colour-bar label: ", markup.message()));
  }
  const size_t cells = static_cast<size_t>(std::max(0, map.nx)) * std::max(0, map.ny);
  if (cells == 0 || map.values.size() != cells ||
      (!map.cell_labels.empty() && map.cell_labels.size() != cells)) {
    return absl::InvalidArgumentError(
        absl::StrCat("heat map of ", map.nx, " x ", map.ny, " cells with ", map.values.size(),
                     " values and ", map.cell_labels.size(), " cell labels"));
  }
  return absl::OkStatus();
}

absl::Status Figure::Write(const std::string& path) const {
  LATENT_RETURN_IF_ERROR(Validate());
  return WriteImage(path, width_, height_, [this](cairo_t* cr) { Draw(cr); });
}

Layout Figure::LayOut(cairo_t* cr, const DataRange& range) const {
  LayoutInput input;
  input.width = width_;
  input.height = height_;
  input.title = title_;
  input.x_label = axis_labels_[0];
  input.y_label = axis_labels_[1];
  input.x_tick_labels = TicksFor(categories_[0], range.x_min, range.x_max).labels;
  input.x_categories = !categories_[0].empty();
  input.y_tick_labels = TicksFor(categories_[1], range.y_min, range.y_max).labels;
  for (const LegendEntry& entry : legend_) input.legend_labels.push_back(entry.label);
  if (heat_map_) {
    input.colour_bar = true;
    const Ticks ticks = ColourBarTicks(*heat_map_);
    for (const double value : ticks.values) {
      input.colour_bar_tick_labels.push_back(FormatTick(value, ticks.step));
    }
    input.colour_bar_label = heat_map_->label;
  }
  return ComputeLayout(cr, input);
}

void Figure::Draw(cairo_t* cr) const {
  SetColour(cr, kWhite);
  cairo_paint(cr);
  DataRange range = Range();
  Layout layout = LayOut(cr, range);
  if (equal_aspect_) {
    // Widening changes the tick labels and so, a little, the layout: once more settles it.
    range = WithEqualAspect(Range(), layout.data);
    layout = LayOut(cr, range);
    range = WithEqualAspect(Range(), layout.data);
  }
  const AxisTicks x_ticks = TicksFor(categories_[0], range.x_min, range.x_max);
  const AxisTicks y_ticks = TicksFor(categories_[1], range.y_min, range.y_max);
  // The frame's 1-unit lines on whole pixels: crisp in PNG.
  layout.data = {std::round(layout.data.left) + 0.5, std::round(layout.data.top) + 0.5,
                 std::round(layout.data.right) + 0.5, std::round(layout.data.bottom) + 0.5};
  const Rect& data = layout.data;
  const Transform to_page(data, range);

  cairo_save(cr);
  cairo_rectangle(cr, data.left, data.top, data.width(), data.height());
  cairo_clip(cr);
  if (heat_map_) {
    DrawHeatMap(cr, *heat_map_, to_page);
  } else {
    DrawGrid(cr, data, to_page, x_ticks, y_ticks);
  }
  for (const auto& item : items_) {
    if (const auto* line = std::get_if<PolylineItem>(&item)) {
      if (line->points.empty()) continue;
      cairo_new_path(cr);
      for (const Point& p : line->points) cairo_line_to(cr, to_page.X(p.x), to_page.Y(p.y));
      if (line->closed) cairo_close_path(cr);
      SetLineStyle(cr, line->style, line->width);
      SetColour(cr, line->colour);
      cairo_stroke(cr);
    } else {
      const auto& markers = std::get<MarkerItem>(item);
      for (const Point& p : markers.points) {
        DrawMarker(cr, markers.shape, markers.colour, to_page.X(p.x), to_page.Y(p.y), markers.size,
                   markers.edge);
      }
    }
  }
  cairo_restore(cr);

  DrawFrameAndTicks(cr, layout, to_page, x_ticks, y_ticks);
  DrawText(cr, axis_labels_[0], layout.axis_label, (data.left + data.right) / 2, height_ - kPad,
           HAlign::kCentre, VAlign::kBottom);
  DrawText(cr, axis_labels_[1], layout.axis_label, kPad, (data.top + data.bottom) / 2,
           HAlign::kCentre, VAlign::kTop, -M_PI / 2);
  DrawText(cr, title_, layout.title, width_ / 2.0, kPad, HAlign::kCentre, VAlign::kTop);
  if (heat_map_) DrawColourBar(cr, layout, *heat_map_);
  if (!layout.legend.empty()) DrawLegend(cr, layout, legend_);
}

}  // namespace latentspace::plot
