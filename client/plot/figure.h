// A figure of latentspace's pictures: a data rectangle with axes, nice ticks and labels, a title,
// polylines and markers drawn in the order added, an optional heat map with its colour bar, and a
// legend; all laid out to the right size around the texts and written as PNG, SVG or PDF.
//
//   plot::Figure figure;
//   figure.SetTitle("Latent space of encoder demo v1");
//   figure.SetAxisLabels("z1", "z2");
//   figure.AddPolyline(points, /*closed=*/true, plot::CategoricalColour(0));
//   figure.AddLegendLine("zprime", plot::CategoricalColour(0));
//   absl::Status written = figure.Write("latent.png");
//
// The legend and the colour bar sit in a panel right of the data rectangle, so they never hide
// data. Heat-map cells without a value (NaN) are filled light grey (kMissingValueColour).
#ifndef LATENTSPACE_CLIENT_PLOT_FIGURE_H_
#define LATENTSPACE_CLIENT_PLOT_FIGURE_H_

#include <cairo.h>

#include <array>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "client/plot/colour.h"

namespace latentspace::plot {

struct Point {
  double x = 0;
  double y = 0;
};

enum class LineStyle { kSolid, kDashed, kDotted, kDashDot };
enum class MarkerShape { kCircle, kSquare, kTriangle, kDiamond, kCross };
enum class Axis { kX, kY };

// The data rectangle, in data units.
struct DataRange {
  double x_min = 0;
  double x_max = 1;
  double y_min = 0;
  double y_max = 1;
};

// A grid of values over a rectangle, coloured with Viridis from the smallest finite value to the
// largest; the colour bar is labelled `label` (Pango markup, as the axis labels).
struct HeatMap {
  int nx = 0;
  int ny = 0;
  DataRange extent;
  std::vector<double> values;            // nx * ny, cell (ix, iy) at iy * nx + ix, iy upwards
  std::vector<std::string> cell_labels;  // empty, or nx * ny texts written on the cells
  std::string label;
};

struct Layout;  // figure_layout.h

// A legend row: a line in `style`, or a marker, in `colour`, then the label.
struct LegendEntry {
  std::string label;
  Rgb colour;
  LineStyle style = LineStyle::kSolid;
  std::optional<MarkerShape> marker;  // a marker entry, else a line entry
  std::optional<Rgb> edge;            // the marker's edge, if it has one
};

class Figure {
 public:
  // A page of width x height pixels (PNG) or points (SVG, PDF).
  explicit Figure(int width = 960, int height = 720) : width_(width), height_(height) {}

  int width() const { return width_; }
  int height() const { return height_; }

  void SetTitle(std::string title) { title_ = std::move(title); }
  // Pango markup (text.h), for units and notation: "E<sub>T</sub><sup>miss</sup> [GeV]".
  void SetAxisLabels(std::string x, std::string y) { axis_labels_ = {std::move(x), std::move(y)}; }
  // Without it, the heat map's extent, or else the bounding box of the polylines and markers with
  // 5% padding.
  void SetDataRange(const DataRange& range) { range_ = range; }
  // One data unit as long on both axes (as a latent space should be drawn): the shorter of the
  // two ranges grows about its centre until the data rectangle is filled.
  void SetEqualAspect(bool equal) { equal_aspect_ = equal; }
  // Names at the centres of the unit cells [i, i + 1] of `axis` instead of numeric ticks (the
  // range is then [0, names.size()] unless set).
  void SetCategories(Axis axis, std::vector<std::string> names) {
    categories_[static_cast<int>(axis)] = std::move(names);
  }

  void AddPolyline(std::vector<Point> points, bool closed, Rgb colour,
                   LineStyle style = LineStyle::kSolid, double width = 2.5) {
    items_.emplace_back(PolylineItem{std::move(points), closed, colour, style, width});
  }
  // `size`: the marker's width; `edge`: an outline (markers that must stand out on any colour).
  void AddMarkers(std::vector<Point> points, Rgb colour, MarkerShape shape, double size = 7,
                  std::optional<Rgb> edge = std::nullopt) {
    items_.emplace_back(MarkerItem{std::move(points), colour, shape, size, edge});
  }
  void SetHeatMap(HeatMap heat_map) { heat_map_ = std::move(heat_map); }

  void AddLegendLine(std::string label, Rgb colour, LineStyle style = LineStyle::kSolid) {
    legend_.push_back({std::move(label), colour, style, std::nullopt, std::nullopt});
  }
  void AddLegendMarker(std::string label, Rgb colour, MarkerShape shape,
                       std::optional<Rgb> edge = std::nullopt) {
    legend_.push_back({std::move(label), colour, LineStyle::kSolid, shape, edge});
  }

  // Writes the figure to `path` (format by extension, atomically: see output.h). Errors:
  // INVALID_ARGUMENT (unknown extension, an empty or infinite data range, a heat map whose values
  // or labels do not match nx * ny, an axis or colour-bar label that is not valid markup), or the
  // file system's error naming the path.
  absl::Status Write(const std::string& path) const;

  // OK when the figure can be drawn (see Write's INVALID_ARGUMENT cases).
  absl::Status Validate() const;
  // Draws the whole page onto `cr` (a width() x height() page); the figure must be valid.
  void Draw(cairo_t* cr) const;

 private:
  struct PolylineItem {
    std::vector<Point> points;
    bool closed;
    Rgb colour;
    LineStyle style;
    double width;
  };
  struct MarkerItem {
    std::vector<Point> points;
    Rgb colour;
    MarkerShape shape;
    double size;
    std::optional<Rgb> edge;
  };

  // The range before SetEqualAspect widens it.
  DataRange Range() const;
  // The page's layout for the ticks of `range`.
  Layout LayOut(cairo_t* cr, const DataRange& range) const;

  int width_;
  int height_;
  std::string title_;
  std::array<std::string, 2> axis_labels_;
  std::optional<DataRange> range_;
  bool equal_aspect_ = false;
  std::array<std::vector<std::string>, 2> categories_;
  std::vector<std::variant<PolylineItem, MarkerItem>> items_;
  std::optional<HeatMap> heat_map_;
  std::vector<LegendEntry> legend_;
};

}  // namespace latentspace::plot

#endif  // LATENTSPACE_CLIENT_PLOT_FIGURE_H_
