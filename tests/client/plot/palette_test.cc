// Tests of the categorical palette: eighteen colours, all far apart and far from white, and
// indices past the end wrapping around.
#include "client/plot/palette.h"

#include <cmath>

#include "gtest/gtest.h"

namespace latentspace::plot {
namespace {

// Euclidean distance in 8-bit RGB.
double Distance(const Rgb& a, const Rgb& b) {
  return 255 * std::sqrt((a.r - b.r) * (a.r - b.r) + (a.g - b.g) * (a.g - b.g) +
                         (a.b - b.b) * (a.b - b.b));
}

TEST(PaletteTest, EighteenWellSeparatedColours) {
  ASSERT_EQ(kCategoricalColourCount, 18);
  for (int i = 0; i < kCategoricalColourCount; ++i) {
    EXPECT_GT(Distance(CategoricalColour(i), kWhite), 80) << i << " is too pale";
    for (int j = 0; j < i; ++j) {
      EXPECT_GT(Distance(CategoricalColour(i), CategoricalColour(j)), 60) << i << " vs " << j;
    }
  }
}

TEST(PaletteTest, KnownFirstColoursAndWrapAround) {
  EXPECT_EQ(std::lround(CategoricalColour(0).r * 255), 0x1f);
  EXPECT_EQ(std::lround(CategoricalColour(0).g * 255), 0x77);
  EXPECT_EQ(std::lround(CategoricalColour(0).b * 255), 0xb4);
  EXPECT_EQ(std::lround(CategoricalColour(1).r * 255), 0xff);
  EXPECT_EQ(Distance(CategoricalColour(kCategoricalColourCount + 3), CategoricalColour(3)), 0);
  EXPECT_EQ(Distance(CategoricalColour(-1), CategoricalColour(kCategoricalColourCount - 1)), 0);
}

}  // namespace
}  // namespace latentspace::plot
