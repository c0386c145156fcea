// Tests of the reference score calibration: cuts by kept fraction, tail fractions, the
// resolution limit, thinning of large references and validation of stored calibrations.
#include "core/analysis/score_calibration.h"

#include <cmath>
#include <limits>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;

TEST(ScoreCalibrationTest, CutsKeepTheRequestedShareOfTheReference) {
  const ScoreCalibration calibration =
      *ScoreCalibration::FromScores({5, 1, 4, 2, 3, 10, 8, 9, 6, 7});
  EXPECT_EQ(calibration.scores(), (std::vector<double>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
  EXPECT_EQ(calibration.events(), 10);
  EXPECT_DOUBLE_EQ(*calibration.CutForKeptFraction(0.2), 8.5);  // keeps 9 and 10
  EXPECT_DOUBLE_EQ(*calibration.CutForKeptFraction(0.1), 9.5);
  EXPECT_DOUBLE_EQ(*calibration.CutForKeptFraction(0.5), 5.5);
  EXPECT_EQ(*calibration.CutForKeptFraction(1.0), -std::numeric_limits<double>::infinity());
  EXPECT_DOUBLE_EQ(calibration.TailFraction(8.5), 0.2);
  EXPECT_DOUBLE_EQ(calibration.TailFraction(9), 0.2);  // 9 and 10 score >= 9
  EXPECT_DOUBLE_EQ(calibration.TailFraction(0), 1.0);
  EXPECT_DOUBLE_EQ(calibration.TailFraction(11), 0.0);
}

TEST(ScoreCalibrationTest, RefusesFractionsFinerThanItsEvents) {
  const ScoreCalibration calibration = *ScoreCalibration::FromScores({1, 2, 3, 4, 5, 6, 7, 8});
  EXPECT_THAT(calibration.CutForKeptFraction(0.01).status().message(),
              HasSubstr("kept fraction 0.01 must be in [0.125, 1]: the calibration holds 8 scores "
                        "of 8 held-out reference events"));
  EXPECT_FALSE(calibration.CutForKeptFraction(0).ok());
  EXPECT_FALSE(calibration.CutForKeptFraction(1.5).ok());
  EXPECT_FALSE(calibration.CutForKeptFraction(std::nan("")).ok());
}

TEST(ScoreCalibrationTest, LargeReferencesKeepEvenlySpacedOrderStatistics) {
  std::vector<double> scores(100000);
  for (size_t i = 0; i < scores.size(); ++i) scores[i] = static_cast<double>((i * 7919) % 100000);
  const ScoreCalibration calibration = *ScoreCalibration::FromScores(scores, 1001);
  ASSERT_EQ(calibration.scores().size(), 1001u);
  EXPECT_EQ(calibration.events(), 100000);
  EXPECT_EQ(calibration.scores().front(), 0);
  EXPECT_EQ(calibration.scores().back(), 99999);
  EXPECT_NEAR(*calibration.CutForKeptFraction(0.01), 99000, 100);
  EXPECT_NEAR(calibration.TailFraction(90000), 0.1, 0.002);
}

TEST(ScoreCalibrationTest, StoredCalibrationsAreValidated) {
  EXPECT_TRUE(ScoreCalibration::FromKept({1, 1, 2}, 30).ok());
  EXPECT_THAT(ScoreCalibration::FromKept({1, 3, 2}, 3).status().message(),
              HasSubstr("score 2 = 2 is not finite or below the one before it"));
  EXPECT_THAT(ScoreCalibration::FromKept({1, 2}, 1).status().message(),
              HasSubstr("events = 1 is below the 2 kept scores"));
  EXPECT_THAT(ScoreCalibration::FromKept({1}, 1).status().message(), HasSubstr("at least 2"));
  EXPECT_THAT(ScoreCalibration::FromScores({1, INFINITY}).status().message(),
              HasSubstr("reference score 1 = inf is not finite"));
}

}  // namespace
}  // namespace latentspace
