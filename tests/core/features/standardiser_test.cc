// Tests of the standardiser: moments after fitting on real features, serialisation, refusals.
#include "core/features/standardiser.h"

#include <cmath>

#include "core/features/feature_extraction.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/paths.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;

FeatureMatrix RealFeatures() {
  const std::string path = testing::BundledDataDir() + "/sqsq_sq1800_neut800_chan1.csv.gz";
  absl::StatusOr<FeatureMatrix> matrix =
      ReadFeatures(path, EventFormat::kDarkMachines, *FeaturePreset::Get("gluino"));
  EXPECT_TRUE(matrix.ok()) << matrix.status();
  return *matrix;
}

TEST(StandardiserTest, FittedTransformGivesZeroMeanUnitStd) {
  FeatureMatrix matrix = RealFeatures();
  ASSERT_GT(matrix.rows(), 1000);
  absl::StatusOr<Standardiser> standardiser = Standardiser::Fit(matrix);
  ASSERT_TRUE(standardiser.ok());
  ASSERT_TRUE(standardiser->Apply(&matrix).ok());
  for (int64_t c = 0; c < matrix.cols(); ++c) {
    double sum = 0, sum2 = 0;
    for (int64_t r = 0; r < matrix.rows(); ++r) {
      sum += matrix.row(r)[c];
      sum2 += double{matrix.row(r)[c]} * matrix.row(r)[c];
    }
    const double mean = sum / matrix.rows();
    EXPECT_NEAR(mean, 0.0, 1e-4) << matrix.names[c];
    EXPECT_NEAR(std::sqrt(sum2 / matrix.rows() - mean * mean), 1.0, 1e-4) << matrix.names[c];
  }
}

TEST(StandardiserTest, ConstantColumnMapsToZero) {
  FeatureMatrix matrix{{"a", "b"}, {1, 5, 2, 5, 3, 5}};
  absl::StatusOr<Standardiser> standardiser = Standardiser::Fit(matrix);
  ASSERT_TRUE(standardiser.ok());
  EXPECT_EQ(standardiser->scale()[1], 1.0);
  ASSERT_TRUE(standardiser->Apply(&matrix).ok());
  EXPECT_EQ(matrix.row(0)[1], 0.0f);
  EXPECT_NEAR(matrix.row(0)[0], -std::sqrt(1.5), 1e-6);
}

TEST(StandardiserTest, JsonRoundTripIsExact) {
  const FeatureMatrix matrix = RealFeatures();
  const Standardiser original = *Standardiser::Fit(matrix);
  absl::StatusOr<Standardiser> copy = Standardiser::FromJson(original.ToJson());
  ASSERT_TRUE(copy.ok()) << copy.status();
  EXPECT_EQ(copy->names(), original.names());
  EXPECT_EQ(copy->mean(), original.mean());
  EXPECT_EQ(copy->scale(), original.scale());
}

TEST(StandardiserTest, RefusesBadJsonNamingTheField) {
  EXPECT_THAT(Standardiser::FromJson("{").status().message(), HasSubstr("not a JSON object"));
  EXPECT_THAT(Standardiser::FromJson(R"({"format": 2})").status().message(),
              HasSubstr("'format' must be 1"));
  EXPECT_THAT(Standardiser::FromJson(R"({"format":1,"features":["a"],"mean":[0,1],"std":[1]})")
                  .status()
                  .message(),
              HasSubstr("same non-zero length (1, 2, 1)"));
  EXPECT_THAT(Standardiser::FromJson(R"({"format":1,"features":["met"],"mean":[0],"std":[0]})")
                  .status()
                  .message(),
              HasSubstr("std[0] (met) is not a finite positive number"));
}

TEST(StandardiserTest, RefusesMismatchedColumnsAndEmptyFit) {
  FeatureMatrix matrix{{"a"}, {1, 2}};
  const Standardiser standardiser = *Standardiser::Fit(matrix);
  FeatureMatrix other{{"b"}, {1}};
  EXPECT_THAT(standardiser.Apply(&other).message(), HasSubstr("do not match"));
  EXPECT_EQ(other.values[0], 1.0f);
  EXPECT_FALSE(Standardiser::Fit(FeatureMatrix{{"a"}, {}}).ok());
}

}  // namespace
}  // namespace latentspace
