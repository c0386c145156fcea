// Reading a PNG with cairo for tests: its size, how many pixels are near a colour (in the whole
// picture or inside a plot's frame), how many distinct colours it holds, and whether anything but
// the background was drawn.
#ifndef LATENTSPACE_TESTS_TESTING_PNG_INSPECTION_H_
#define LATENTSPACE_TESTS_TESTING_PNG_INSPECTION_H_

#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace latentspace::testing {

// 8-bit colour components.
struct PixelColour {
  int r = 0;
  int g = 0;
  int b = 0;
};

// The 8-bit pixel of a colour with r, g and b in [0, 1] (e.g. plot::Rgb).
template <typename UnitRgb>
PixelColour ToPixel(const UnitRgb& colour) {
  return {static_cast<int>(std::lround(colour.r * 255)),
          static_cast<int>(std::lround(colour.g * 255)),
          static_cast<int>(std::lround(colour.b * 255))};
}

// Pixels [left, right) x [top, bottom).
struct PixelRegion {
  int left = 0;
  int top = 0;
  int right = 0;
  int bottom = 0;
};

// A decoded PNG: width x height opaque-composited pixels, row by row from the top.
struct PngImage {
  int width = 0;
  int height = 0;
  std::vector<PixelColour> pixels;

  const PixelColour& at(int x, int y) const { return pixels[static_cast<size_t>(y) * width + x]; }

  // Pixels whose every component is within `tolerance` of `colour`, in `region` or everywhere.
  int64_t CountNear(const PixelColour& colour, int tolerance = 12,
                    const std::optional<PixelRegion>& region = std::nullopt) const {
    const PixelRegion r = region.value_or(PixelRegion{0, 0, width, height});
    int64_t count = 0;
    for (int y = std::max(0, r.top); y < std::min(height, r.bottom); ++y) {
      for (int x = std::max(0, r.left); x < std::min(width, r.right); ++x) {
        const PixelColour& p = at(x, y);
        count += std::abs(p.r - colour.r) <= tolerance && std::abs(p.g - colour.g) <= tolerance &&
                 std::abs(p.b - colour.b) <= tolerance;
      }
    }
    return count;
  }

  // The inside of a plot's frame: the rows whose longest run of black pixels is the longest in
  // the picture (within 10%), at least `min_length` long, bound it above and below, and those
  // runs left and right. nullopt without two such rows.
  std::optional<PixelRegion> FindFrame(int min_length = 100) const {
    struct Run {
      int start = 0;
      int length = 0;
    };
    std::vector<Run> longest(height);
    int overall = 0;
    for (int y = 0; y < height; ++y) {
      int start = 0;
      for (int x = 0; x <= width; ++x) {
        const bool black = x < width && at(x, y).r <= 40 && at(x, y).g <= 40 && at(x, y).b <= 40;
        if (black) continue;
        if (x - start > longest[y].length) longest[y] = {start, x - start};
        start = x + 1;
      }
      overall = std::max(overall, longest[y].length);
    }
    if (overall < min_length) return std::nullopt;
    std::optional<int> top;
    int bottom = 0;
    int left = 0;
    int right = width;
    for (int y = 0; y < height; ++y) {
      if (longest[y].length < overall * 9 / 10) continue;
      if (!top) top = y;
      bottom = y;
      // A tick level with an edge lengthens its run to the left, never to the right.
      left = std::max(left, longest[y].start);
      right = std::min(right, longest[y].start + longest[y].length);
    }
    if (bottom - *top < 2) return std::nullopt;
    return PixelRegion{left + 1, *top + 1, right - 1, bottom};
  }

  int64_t DistinctColours() const {
    std::set<uint32_t> colours;
    for (const PixelColour& p : pixels) colours.insert(p.r << 16 | p.g << 8 | p.b);
    return static_cast<int64_t>(colours.size());
  }

  // Pixels that differ from the top-left pixel (the background).
  int64_t NonBackground() const {
    if (pixels.empty()) return 0;
    const PixelColour background = pixels.front();
    return static_cast<int64_t>(pixels.size()) - CountNear(background, 0);
  }
};

// The PNG at `path`, or nullopt when cairo cannot read it as a PNG. Translucent pixels are
// composited onto white.
inline std::optional<PngImage> ReadPng(const std::string& path) {
  cairo_surface_t* surface = cairo_image_surface_create_from_png(path.c_str());
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surface);
    return std::nullopt;
  }
  cairo_surface_flush(surface);
  PngImage image;
  image.width = cairo_image_surface_get_width(surface);
  image.height = cairo_image_surface_get_height(surface);
  const cairo_format_t format = cairo_image_surface_get_format(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  const unsigned char* data = cairo_image_surface_get_data(surface);
  image.pixels.reserve(static_cast<size_t>(image.width) * image.height);
  for (int y = 0; y < image.height; ++y) {
    const auto* row = reinterpret_cast<const uint32_t*>(data + static_cast<size_t>(y) * stride);
    for (int x = 0; x < image.width; ++x) {
      const uint32_t argb = row[x];
      // Premultiplied alpha: over white, a component c becomes c + (255 - alpha).
      const int white = format == CAIRO_FORMAT_ARGB32 ? 255 - static_cast<int>(argb >> 24) : 0;
      image.pixels.push_back({static_cast<int>((argb >> 16) & 0xff) + white,
                              static_cast<int>((argb >> 8) & 0xff) + white,
                              static_cast<int>(argb & 0xff) + white});
    }
  }
  cairo_surface_destroy(surface);
  return image;
}

}  // namespace latentspace::testing

#endif  // LATENTSPACE_TESTS_TESTING_PNG_INSPECTION_H_
