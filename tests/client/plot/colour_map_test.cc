// Tests of the heat-map colour map: viridis's endpoints, clamping, NaN as the missing-value grey,
// brightness rising with the value, and the range a colour scale spans.
#include "client/plot/colour_map.h"

#include <cmath>
#include <limits>

#include "gtest/gtest.h"

namespace latentspace::plot {
namespace {

void ExpectHex(const Rgb& colour, uint32_t hex) {
  const Rgb expected = Rgb::FromHex(hex);
  EXPECT_NEAR(colour.r, expected.r, 1e-9);
  EXPECT_NEAR(colour.g, expected.g, 1e-9);
  EXPECT_NEAR(colour.b, expected.b, 1e-9);
}

TEST(ViridisTest, EndpointsAndClamping) {
  ExpectHex(Viridis(0), 0x440154);
  ExpectHex(Viridis(1), 0xfde725);
  ExpectHex(Viridis(-3), 0x440154);
  ExpectHex(Viridis(7), 0xfde725);
  ExpectHex(Viridis(0.5), 0x21908c);
}

TEST(ViridisTest, NanIsTheMissingValueGrey) {
  ExpectHex(Viridis(std::numeric_limits<double>::quiet_NaN()), 0xd9d9d9);
  const Rgb grey = kMissingValueColour;
  EXPECT_EQ(grey.r, grey.g);
  EXPECT_EQ(grey.g, grey.b);
}

TEST(ViridisTest, BrightnessRisesWithTheValue) {
  double previous = -1;
  for (int i = 0; i <= 100; ++i) {
    const double luminance = Luminance(Viridis(i / 100.0));
    EXPECT_GT(luminance, previous) << i;
    previous = luminance;
  }
}

TEST(ColourScaleRangeTest, FiniteExtremesWidenedWhenEqual) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(ColourScaleRange({3, nan, -2, inf, 1}), std::make_pair(-2.0, 3.0));
  EXPECT_EQ(ColourScaleRange({4, 4}), std::make_pair(3.5, 4.5));
  EXPECT_EQ(ColourScaleRange({nan}), std::make_pair(0.0, 1.0));
  EXPECT_EQ(ColourScaleRange({}), std::make_pair(0.0, 1.0));
}

}  // namespace
}  // namespace latentspace::plot
