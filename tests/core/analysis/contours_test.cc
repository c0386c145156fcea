// Tests of iso-proportion levels, enclosed mass and marching squares on analytic fields: the
// standard normal's 50% contour (a circle of radius sqrt(2 ln 2)), circles, two blobs, saddles,
// contours reaching the border, and refusals.
#include "core/analysis/contours.h"

#include <algorithm>
#include <cmath>
#include <functional>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;

Grid Field(double x_min, double x_max, double y_min, double y_max, int nx, int ny,
           const std::function<double(double, double)>& f) {
  Grid grid = *Grid::FromRange(x_min, x_max, y_min, y_max, nx, ny);
  for (int iy = 0; iy < ny; ++iy) {
    for (int ix = 0; ix < nx; ++ix) grid.at(ix, iy) = f(grid.x(ix), grid.y(iy));
  }
  return grid;
}

double StandardNormal(double x, double y) { return std::exp(-0.5 * (x * x + y * y)) / (2 * M_PI); }

std::pair<double, double> RadiusRange(const Polyline& line, double cx = 0, double cy = 0) {
  double lo = 1e300, hi = 0;
  for (const LatentPoint& p : line.points) {
    const double r = std::hypot(p.x - cx, p.y - cy);
    lo = std::min(lo, r);
    hi = std::max(hi, r);
  }
  return {lo, hi};
}

TEST(IsoProportionLevelTest, TakesTheValueWhereTheSortedShareReachesP) {
  Grid grid = *Grid::Create(0, 0, 1, 1, 3, 2);
  grid.values = {1, 4, 2, 0, 3, 0};  // sorted: 4 3 2 1 0 0, total 10, shares .4 .7 .9 1
  EXPECT_EQ(*IsoProportionLevel(grid, 0.4), 4);
  EXPECT_EQ(*IsoProportionLevel(grid, 0.41), 3);
  EXPECT_EQ(*IsoProportionLevel(grid, 0.7), 3);
  EXPECT_EQ(*IsoProportionLevel(grid, 0.75), 2);
  EXPECT_EQ(*IsoProportionLevel(grid, 1.0), 1);
  EXPECT_DOUBLE_EQ(*EnclosedMass(grid, 3), 0.7);
  EXPECT_DOUBLE_EQ(*EnclosedMass(grid, 0), 1.0);
  EXPECT_DOUBLE_EQ(*EnclosedMass(grid, 5), 0.0);
}

// The standard normal's region of mass p is the disc of radius sqrt(-2 ln(1 - p)): for p = 0.5,
// r = sqrt(2 ln 2) = 1.1774, at density 1 / (4 pi).
TEST(ContoursTest, StandardNormalHalfMassContourIsTheCircleOfRadiusSqrt2Ln2) {
  const Grid density = Field(-5, 5, -5, 5, 201, 201, StandardNormal);
  absl::StatusOr<double> level = IsoProportionLevel(density, 0.5);
  ASSERT_TRUE(level.ok()) << level.status();
  EXPECT_NEAR(*level, 1 / (4 * M_PI), 0.01 / (4 * M_PI));
  EXPECT_NEAR(*EnclosedMass(density, *level), 0.5, 0.005);
  absl::StatusOr<std::vector<Polyline>> lines = MarchingSquares(density, *level);
  ASSERT_TRUE(lines.ok()) << lines.status();
  ASSERT_EQ(lines->size(), 1u);
  const Polyline& circle = lines->front();
  EXPECT_TRUE(circle.closed);
  EXPECT_FALSE(circle.touches_border);
  EXPECT_GT(circle.points.size(), 100u);
  const double radius = std::sqrt(2 * std::log(2.0));
  const auto [lo, hi] = RadiusRange(circle);
  EXPECT_NEAR(lo, radius, 0.01 * radius);
  EXPECT_NEAR(hi, radius, 0.01 * radius);
}

TEST(ContoursTest, CircleIsOneClosedPolylineWithConsecutiveNeighbours) {
  const Grid field =
      Field(-2, 2, -2, 2, 81, 81, [](double x, double y) { return -(x * x + y * y); });
  absl::StatusOr<std::vector<Polyline>> lines = MarchingSquares(field, -1.0);
  ASSERT_TRUE(lines.ok()) << lines.status();
  ASSERT_EQ(lines->size(), 1u);
  const Polyline& line = lines->front();
  EXPECT_TRUE(line.closed);
  const auto [lo, hi] = RadiusRange(line);
  EXPECT_NEAR(lo, 1.0, 2e-3);  // linear interpolation of x^2 + y^2 across a 0.05 cell
  EXPECT_NEAR(hi, 1.0, 2e-3);
  // Vertices are in order around the circle: successive ones are within a cell's diagonal, and
  // the angle turns once through 2 pi.
  double turned = 0;
  for (size_t i = 0; i < line.points.size(); ++i) {
    const LatentPoint a = line.points[i];
    const LatentPoint b = line.points[(i + 1) % line.points.size()];
    EXPECT_LT(std::hypot(b.x - a.x, b.y - a.y), 0.05 * std::sqrt(2.0) + 1e-12);
    turned += std::remainder(std::atan2(b.y, b.x) - std::atan2(a.y, a.x), 2 * M_PI);
  }
  EXPECT_NEAR(std::abs(turned), 2 * M_PI, 1e-9);
}

TEST(ContoursTest, TwoSeparateBlobsGiveTwoPolylines) {
  const Grid field = Field(-4, 4, -3, 3, 97, 73, [](double x, double y) {
    return std::exp(-((x + 2) * (x + 2) + y * y)) + std::exp(-((x - 2) * (x - 2) + y * y));
  });
  absl::StatusOr<std::vector<Polyline>> lines = MarchingSquares(field, 0.5);
  ASSERT_TRUE(lines.ok()) << lines.status();
  ASSERT_EQ(lines->size(), 2u);
  double centres[2];
  for (int i = 0; i < 2; ++i) {
    const Polyline& line = (*lines)[i];
    EXPECT_TRUE(line.closed);
    double sum = 0;
    for (const LatentPoint& p : line.points) sum += p.x;
    centres[i] = sum / line.points.size();
    // exp(-r^2) = 0.5 (the other blob adds < 1e-4 there): r = sqrt(ln 2).
    const auto [lo, hi] = RadiusRange(line, centres[i] < 0 ? -2 : 2, 0);
    EXPECT_NEAR(lo, std::sqrt(std::log(2.0)), 5e-3);
    EXPECT_NEAR(hi, std::sqrt(std::log(2.0)), 5e-3);
  }
  EXPECT_NEAR(std::min(centres[0], centres[1]), -2, 0.01);
  EXPECT_NEAR(std::max(centres[0], centres[1]), 2, 0.01);
  // A lower level joins them into one.
  EXPECT_EQ(MarchingSquares(field, 0.01)->size(), 1u);
}

// One cell, f = x y at corners (-1,-1), (1,-1), (1,1), (-1,1): values 1, -1, 1, -1, centre 0.
TEST(ContoursTest, SaddleCellIsResolvedByItsCentre) {
  const Grid saddle = Field(-1, 1, -1, 1, 2, 2, [](double x, double y) { return x * y; });
  ContourOptions open;
  open.close_at_border = false;
  // Level 0.5 > centre: the two inside corners (-1,-1) and (1,1) are cut off separately; the
  // crossings are where x y reaches 0.5 along the edges: 1/4 of the way from each inside corner.
  absl::StatusOr<std::vector<Polyline>> high = MarchingSquares(saddle, 0.5, open);
  ASSERT_TRUE(high.ok()) << high.status();
  ASSERT_EQ(high->size(), 2u);
  for (const Polyline& line : *high) {
    ASSERT_EQ(line.points.size(), 2u);
    EXPECT_FALSE(line.closed);
    EXPECT_TRUE(line.touches_border);
    const double sx = line.points[0].x + line.points[1].x;  // +-1.5 - 0.5 sign pattern
    const double sy = line.points[0].y + line.points[1].y;
    EXPECT_NEAR(std::abs(sx), 1.5, 1e-12);
    EXPECT_NEAR(std::abs(sy), 1.5, 1e-12);
    EXPECT_GT(sx * sy, 0);  // near (-1,-1) or (1,1): the inside corners
  }
  // Level -0.5 < centre: the inside corners are joined; the outside corners (1,-1) and (-1,1)
  // are cut off.
  absl::StatusOr<std::vector<Polyline>> low = MarchingSquares(saddle, -0.5, open);
  ASSERT_TRUE(low.ok());
  ASSERT_EQ(low->size(), 2u);
  for (const Polyline& line : *low) {
    const double sx = line.points[0].x + line.points[1].x;
    const double sy = line.points[0].y + line.points[1].y;
    EXPECT_LT(sx * sy, 0);  // near (1,-1) or (-1,1)
  }
}

// A blob centred on the left border: closed along the border, or returned open.
TEST(ContoursTest, ContourReachingTheBorderIsClosedAlongItOrFlaggedOpen) {
  const Grid field =
      Field(0, 3, -1.5, 1.5, 61, 61, [](double x, double y) { return std::exp(-(x * x + y * y)); });
  absl::StatusOr<std::vector<Polyline>> closed = MarchingSquares(field, 0.5);
  ASSERT_TRUE(closed.ok());
  ASSERT_EQ(closed->size(), 1u);
  EXPECT_TRUE(closed->front().closed);
  EXPECT_TRUE(closed->front().touches_border);
  int on_border = 0;
  for (const LatentPoint& p : closed->front().points) on_border += p.x == 0 ? 1 : 0;
  EXPECT_GE(on_border, 2);  // the half-disc's diameter runs along x = 0
  for (const LatentPoint& p : closed->front().points) {
    EXPECT_LE(std::hypot(p.x, p.y), std::sqrt(std::log(2.0)) + 1e-3);
  }

  ContourOptions open;
  open.close_at_border = false;
  absl::StatusOr<std::vector<Polyline>> arc = MarchingSquares(field, 0.5, open);
  ASSERT_TRUE(arc.ok());
  ASSERT_EQ(arc->size(), 1u);
  EXPECT_FALSE(arc->front().closed);
  EXPECT_TRUE(arc->front().touches_border);
  EXPECT_EQ(arc->front().points.front().x, 0.0);  // both ends on the border x = 0
  EXPECT_EQ(arc->front().points.back().x, 0.0);
  EXPECT_NEAR(std::abs(arc->front().points.front().y), std::sqrt(std::log(2.0)), 2e-3);
}

TEST(ContoursTest, LevelsOutsideTheFieldGiveNoPolylines) {
  const Grid field = Field(-1, 1, -1, 1, 11, 11, [](double x, double y) { return x + y; });
  EXPECT_TRUE(MarchingSquares(field, 10)->empty());
  // Everything inside: closed along the whole border, once.
  absl::StatusOr<std::vector<Polyline>> all = MarchingSquares(field, -10);
  ASSERT_EQ(all->size(), 1u);
  EXPECT_TRUE(all->front().touches_border);
  EXPECT_EQ(all->front().points.size(), 40u);  // the 40 border nodes
}

TEST(ContoursTest, RefusesBadInput) {
  Grid grid = Field(0, 1, 0, 1, 4, 4, [](double x, double y) { return x * y; });
  EXPECT_THAT(IsoProportionLevel(grid, 0).status().message(), HasSubstr("p = 0"));
  EXPECT_THAT(IsoProportionLevel(grid, 1.5).status().message(), HasSubstr("p = 1.5"));
  EXPECT_THAT(MarchingSquares(grid, std::nan("")).status().message(), HasSubstr("level = nan"));
  grid.at(2, 1) = std::nan("");
  EXPECT_THAT(IsoProportionLevel(grid, 0.5).status().message(), HasSubstr("(ix 2, iy 1) = nan"));
  EXPECT_THAT(MarchingSquares(grid, 0.5).status().message(), HasSubstr("= nan"));
  grid.at(2, 1) = -1;
  EXPECT_THAT(EnclosedMass(grid, 0.5).status().message(), HasSubstr("is negative"));
  Grid zero = *Grid::Create(0, 0, 1, 1, 3, 3);
  EXPECT_THAT(IsoProportionLevel(zero, 0.5).status().message(), HasSubstr("zero everywhere"));
}

}  // namespace
}  // namespace latentspace
