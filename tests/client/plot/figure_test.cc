// Tests of whole figures: PNG read back through cairo (size, not blank, each item's colour
// present, clipping to the data range, heat-map colours and the missing-value grey), SVG and PDF
// by their headers, and invalid figures refused without a file.
#include "client/plot/figure.h"

#include <cmath>
#include <filesystem>
#include <limits>

#include "client/plot/colour_map.h"
#include "client/plot/palette.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/paths.h"
#include "tests/testing/png_inspection.h"

namespace latentspace::plot {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

std::vector<Point> Circle(double cx, double cy, double r) {
  std::vector<Point> points;
  for (int i = 0; i < 64; ++i) {
    points.push_back({cx + r * std::cos(i * M_PI / 32), cy + r * std::sin(i * M_PI / 32)});
  }
  return points;
}

// Two contours (solid and dashed), a scatter of markers and a legend.
Figure ContourFigure() {
  Figure figure(640, 480);
  figure.SetEqualAspect(true);
  figure.SetTitle("Latent space of encoder test v1 — 50% contours");
  figure.SetAxisLabels("<i>z</i><sub>1</sub>", "<i>z</i><sub>2</sub>");
  figure.AddMarkers({{0.5, 0.5}, {1, 1}, {-1, 0.2}, {0.1, -0.8}}, CategoricalColour(2),
                    MarkerShape::kSquare, 9);
  figure.AddPolyline(Circle(0, 0, 1), true, CategoricalColour(0));
  figure.AddPolyline(Circle(2, 1, 0.5), true, CategoricalColour(1), LineStyle::kDashed);
  figure.AddMarkers({{0, 0}, {2, 1}}, kDarkGrey, MarkerShape::kCross, 10);
  figure.AddLegendLine("model a", CategoricalColour(0));
  figure.AddLegendLine("model b, a long name to measure", CategoricalColour(1));
  figure.AddLegendLine("90% mass", kDarkGrey, LineStyle::kDotted);
  figure.AddLegendMarker("sample.csv", CategoricalColour(2), MarkerShape::kSquare);
  return figure;
}

// `figure` written as a PNG in the test's scratch directory and read back.
std::optional<testing::PngImage> RenderPng(const Figure& figure) {
  const std::string path = testing::ScratchDir() + "/figure.png";
  const absl::Status written = figure.Write(path);
  EXPECT_TRUE(written.ok()) << written;
  return testing::ReadPng(path);
}

TEST(FigureTest, PngHasTheSizeAndEveryItemsColour) {
  const std::optional<testing::PngImage> image = RenderPng(ContourFigure());
  ASSERT_TRUE(image.has_value());
  EXPECT_EQ(image->width, 640);
  EXPECT_EQ(image->height, 480);
  EXPECT_EQ(image->at(0, 0).r, 255) << "white background";
  EXPECT_GT(image->NonBackground(), 5000);
  EXPECT_GT(image->DistinctColours(), 20);
  // The unit circle spans about half the plot: hundreds of pixels of line.
  EXPECT_GT(image->CountNear(testing::ToPixel(CategoricalColour(0))), 400);
  EXPECT_GT(image->CountNear(testing::ToPixel(CategoricalColour(1))), 100);
  EXPECT_GT(image->CountNear(testing::ToPixel(CategoricalColour(2))), 4 * 40);
}

// A circle stays round: as many pixels of its colour in each column as in each row, about.
TEST(FigureTest, EqualAspectKeepsCirclesRound) {
  Figure figure(600, 300);
  figure.SetEqualAspect(true);
  figure.AddPolyline(Circle(0, 0, 1), true, CategoricalColour(0));
  const std::optional<testing::PngImage> image = RenderPng(figure);
  ASSERT_TRUE(image.has_value());
  const testing::PixelColour blue = testing::ToPixel(CategoricalColour(0));
  int left = image->width, right = 0, top = image->height, bottom = 0;
  for (int y = 0; y < image->height; ++y) {
    for (int x = 0; x < image->width; ++x) {
      const testing::PixelColour& p = image->at(x, y);
      if (std::abs(p.r - blue.r) + std::abs(p.g - blue.g) + std::abs(p.b - blue.b) > 30) continue;
      left = std::min(left, x);
      right = std::max(right, x);
      top = std::min(top, y);
      bottom = std::max(bottom, y);
    }
  }
  ASSERT_GT(right, left);
  EXPECT_NEAR(static_cast<double>(right - left) / (bottom - top), 1.0, 0.03);
}

// The legend sits beside the frame: its colours appear inside only where items are drawn.
TEST(FigureTest, TheLegendStaysOutsideTheFrame) {
  Figure figure = ContourFigure();
  figure.AddLegendLine("not drawn", CategoricalColour(5), LineStyle::kSolid);
  const std::optional<testing::PngImage> image = RenderPng(figure);
  ASSERT_TRUE(image.has_value());
  const std::optional<testing::PixelRegion> frame = image->FindFrame();
  ASSERT_TRUE(frame.has_value());
  EXPECT_GT(frame->right - frame->left, 200);
  EXPECT_GT(frame->bottom - frame->top, 200);
  const testing::PixelColour unused = testing::ToPixel(CategoricalColour(5));
  EXPECT_GT(image->CountNear(unused), 30) << "the legend's swatch";
  EXPECT_EQ(image->CountNear(unused, 12, frame), 0);
  const testing::PixelColour drawn = testing::ToPixel(CategoricalColour(0));
  EXPECT_GT(image->CountNear(drawn, 12, frame), 300);
  EXPECT_GT(image->CountNear(drawn), image->CountNear(drawn, 12, frame)) << "and its swatch";
}

TEST(FigureTest, ItemsOutsideTheDataRangeAreClipped) {
  Figure figure(400, 300);
  figure.SetDataRange({0, 1, 0, 1});
  figure.AddPolyline(Circle(0.5, 0.5, 0.3), true, CategoricalColour(0));
  figure.AddPolyline(Circle(5, 5, 1), true, CategoricalColour(3));
  const std::optional<testing::PngImage> image = RenderPng(figure);
  ASSERT_TRUE(image.has_value());
  EXPECT_GT(image->CountNear(testing::ToPixel(CategoricalColour(0))), 100);
  EXPECT_EQ(image->CountNear(testing::ToPixel(CategoricalColour(3)), 30), 0);
}

TEST(FigureTest, HeatMapColoursTheCellsAndGreysMissingOnes) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  Figure figure(500, 400);
  figure.SetTitle("mean met");
  figure.SetAxisLabels("z1", "z2");
  HeatMap map;
  map.nx = 3;
  map.ny = 2;
  map.extent = {-1, 2, 0, 1};
  map.values = {0, 1, 2, 3, 4, nan};
  map.label = "met [GeV]";
  figure.SetHeatMap(map);
  figure.AddLegendMarker("no sets", kMissingValueColour, MarkerShape::kSquare);
  const std::optional<testing::PngImage> image = RenderPng(figure);
  ASSERT_TRUE(image.has_value());
  // Each cell is about a ninth of the page: thousands of pixels.
  EXPECT_GT(image->CountNear(testing::ToPixel(Viridis(0)), 2), 3000);
  EXPECT_GT(image->CountNear(testing::ToPixel(Viridis(1)), 2), 3000);
  EXPECT_GT(image->CountNear(testing::ToPixel(kMissingValueColour), 2), 3000);
}

TEST(FigureTest, CategoriesWithCellLabels) {
  Figure figure(600, 500);
  const std::vector<std::string> names = {"zprime_monojet_2000_50", "squark_1800_800",
                                          "background"};
  figure.SetCategories(Axis::kX, names);
  figure.SetCategories(Axis::kY, {names.rbegin(), names.rend()});
  HeatMap map;
  map.nx = map.ny = 3;
  map.extent = {0, 3, 0, 3};
  map.values = {0.5, 1.2, 0, 2, 0, 1.2, 0, 2, 0.5};
  map.cell_labels = {"0.5", "1.2", "0", "2", "0", "1.2", "0", "2", "0.5"};
  figure.SetHeatMap(map);
  const std::optional<testing::PngImage> image = RenderPng(figure);
  ASSERT_TRUE(image.has_value());
  // Labels are written in white on the dark cells and in black on the bright ones.
  EXPECT_GT(image->CountNear(testing::ToPixel(Viridis(0)), 2), 3000);
  EXPECT_GT(image->CountNear(testing::ToPixel(Viridis(1)), 2), 3000);
}

TEST(FigureTest, SvgAndPdfHaveTheirHeaders) {
  const std::string dir = testing::ScratchDir();
  ASSERT_TRUE(ContourFigure().Write(dir + "/contours.svg").ok());
  ASSERT_TRUE(ContourFigure().Write(dir + "/contours.pdf").ok());
  const std::string svg = testing::ReadFile(dir + "/contours.svg");
  EXPECT_THAT(svg, StartsWith("<?xml"));
  EXPECT_THAT(svg, HasSubstr("<svg"));
  EXPECT_THAT(svg, HasSubstr("width=\"640pt\""));
  EXPECT_THAT(svg, HasSubstr("</svg>"));
  const std::string pdf = testing::ReadFile(dir + "/contours.pdf");
  EXPECT_THAT(pdf, StartsWith("%PDF-"));
  EXPECT_THAT(pdf, HasSubstr("%%EOF"));
}

TEST(FigureTest, InvalidFiguresAreRefusedWithoutAFile) {
  const std::string dir = testing::ScratchDir();
  Figure bad_map;
  HeatMap map;
  map.nx = 2;
  map.ny = 2;
  map.values = {1, 2, 3};
  bad_map.SetHeatMap(map);
  absl::Status status = bad_map.Write(dir + "/map.png");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("3 values"));

  Figure bad_range;
  bad_range.SetDataRange({1, 1, 0, 1});
  EXPECT_EQ(bad_range.Write(dir + "/range.png").code(), absl::StatusCode::kInvalidArgument);

  Figure bad_label = ContourFigure();
  bad_label.SetAxisLabels("<i>z</i><sub>1</sub>", "p<sub>T [GeV]");
  status = bad_label.Write(dir + "/label.png");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("axis label: 'p<sub>T [GeV]' is not valid"));
  Figure bad_bar;
  map.values = {1, 2, 3, 4};
  map.label = "E & p";
  bad_bar.SetHeatMap(map);
  EXPECT_THAT(bad_bar.Write(dir + "/bar.png").message(), HasSubstr("colour-bar label"));

  EXPECT_EQ(ContourFigure().Write(dir + "/contours.jpg").code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(std::filesystem::is_empty(dir));
}

TEST(FigureTest, AnEmptyFigureStillDraws) {
  const std::optional<testing::PngImage> image = RenderPng(Figure(200, 150));
  ASSERT_TRUE(image.has_value());
  EXPECT_GT(image->NonBackground(), 0) << "axes and ticks";
}

}  // namespace
}  // namespace latentspace::plot
