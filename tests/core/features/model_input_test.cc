// Tests of the checks and standardisation of raw rows given to a trained model.
#include "core/features/model_input.h"

#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;

Standardiser Fitted() {
  // Column a: mean 2, std 1; column b: mean 10, std 5.
  return *Standardiser::Fit({{"a", "b"}, {1, 5, 3, 15}});
}

TEST(ModelInputTest, StandardisesValidRows) {
  FeatureMatrix rows{{"a", "b"}, {2, 20, 4, 0}};
  ASSERT_TRUE(StandardiseModelInput(Fitted(), &rows).ok());
  EXPECT_EQ(rows.values, (std::vector<float>{0, 2, 2, -2}));
}

TEST(ModelInputTest, RefusesNonFiniteFarAndForeignValues) {
  FeatureMatrix nan{{"a", "b"}, {2, 20, 4, std::nanf("")}};
  EXPECT_THAT(StandardiseModelInput(Fitted(), &nan).message(),
              HasSubstr("feature row 1 column 'b' = nan is not finite"));
  FeatureMatrix far{{"a", "b"}, {2e7f, 20}};
  EXPECT_THAT(StandardiseModelInput(Fitted(), &far).message(),
              HasSubstr("feature row 0 column 'a' lies 2e+07 standard deviations from the "
                        "training mean (at most 1e+06 accepted)"));
  FeatureMatrix foreign{{"b", "a"}, {1, 2}};
  EXPECT_FALSE(StandardiseModelInput(Fitted(), &foreign).ok());
}

}  // namespace
}  // namespace latentspace
