// Tests of nice ticks: known answers for 1-2-5 steps, at least two ticks, empty for degenerate
// intervals, and labels with the decimals the step needs.
#include "client/plot/ticks.h"

#include <cmath>
#include <limits>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace latentspace::plot {
namespace {

using ::testing::DoubleNear;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(NiceTicksTest, KnownAnswers) {
  Ticks ticks = NiceTicks(0, 1, 5);
  EXPECT_DOUBLE_EQ(ticks.step, 0.2);
  EXPECT_THAT(ticks.values,
              ElementsAre(0, DoubleNear(0.2, 1e-12), DoubleNear(0.4, 1e-12), DoubleNear(0.6, 1e-12),
                          DoubleNear(0.8, 1e-12), DoubleNear(1, 1e-12)));
  ticks = NiceTicks(-3.7, 4.2, 5);
  EXPECT_DOUBLE_EQ(ticks.step, 2);
  EXPECT_THAT(ticks.values, ElementsAre(-2, 0, 2, 4));
  ticks = NiceTicks(0, 100, 5);
  EXPECT_DOUBLE_EQ(ticks.step, 20);
  EXPECT_THAT(ticks.values, ElementsAre(0, 20, 40, 60, 80, 100));
  ticks = NiceTicks(1234, 1789, 6);  // raw step 92.5 -> 100
  EXPECT_DOUBLE_EQ(ticks.step, 100);
  EXPECT_THAT(ticks.values, ElementsAre(1300, 1400, 1500, 1600, 1700));
  ticks = NiceTicks(0.0012, 0.0087, 3);  // raw 0.0025 -> 0.005, one tick -> finer: 0.002
  EXPECT_DOUBLE_EQ(ticks.step, 0.002);
  EXPECT_EQ(ticks.values.size(), 4u);
}

TEST(NiceTicksTest, StepsAreOneTwoOrFiveTimesAPowerOfTen) {
  for (double hi = 0.013; hi < 1e5; hi *= 1.37) {
    const Ticks ticks = NiceTicks(-0.31 * hi, hi, 6);
    ASSERT_GE(ticks.values.size(), 2u) << hi;
    EXPECT_LE(ticks.values.size(), 7u) << hi;
    const double mantissa = ticks.step / std::pow(10.0, std::floor(std::log10(ticks.step)));
    EXPECT_TRUE(std::abs(mantissa - 1) < 1e-9 || std::abs(mantissa - 2) < 1e-9 ||
                std::abs(mantissa - 5) < 1e-9)
        << "step " << ticks.step;
    EXPECT_GE(ticks.values.front(), -0.31 * hi - 1e-9 * hi);
    EXPECT_LE(ticks.values.back(), hi * (1 + 1e-9));
  }
}

TEST(NiceTicksTest, EmptyForDegenerateIntervals) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_THAT(NiceTicks(1, 1).values, IsEmpty());
  EXPECT_THAT(NiceTicks(2, 1).values, IsEmpty());
  EXPECT_THAT(NiceTicks(nan, 1).values, IsEmpty());
  EXPECT_THAT(NiceTicks(0, inf).values, IsEmpty());
  EXPECT_THAT(NiceTicks(0, 1, 0).values, IsEmpty());
}

TEST(FormatTickTest, DecimalsFollowTheStep) {
  EXPECT_EQ(FormatTick(0.6000000001, 0.2), "0.6");
  EXPECT_EQ(FormatTick(2, 1), "2");
  EXPECT_EQ(FormatTick(1500, 500), "1500");
  EXPECT_EQ(FormatTick(0.05, 0.05), "0.05");
  EXPECT_EQ(FormatTick(-1.5, 0.5), "-1.5");
  EXPECT_EQ(FormatTick(-0.0, 0.5), "0.0");
  EXPECT_EQ(FormatTick(-1e-17, 2), "0");
  EXPECT_EQ(FormatTick(3 * 0.1 - 0.3, 0.1), "0.0");
  EXPECT_EQ(FormatTick(1.5e6, 5e5), "1.5e+06");
  EXPECT_EQ(FormatTick(2e-5, 1e-5), "2e-05");
}

}  // namespace
}  // namespace latentspace::plot
