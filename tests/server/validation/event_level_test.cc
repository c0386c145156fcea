// Event levels: the API's enum and the stored names, and the warning of a comparison across levels.
#include "server/validation/event_level.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace latentspace::server {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

TEST(EventLevelTest, NamesRoundTripAndAValueOutsideTheEnumIsNamed) {
  EXPECT_EQ(*EventLevelName(v1::EVENT_LEVEL_UNSPECIFIED, "level"), "detector");
  for (v1::EventLevel level :
       {v1::EVENT_LEVEL_DETECTOR, v1::EVENT_LEVEL_TRUTH, v1::EVENT_LEVEL_PARTON}) {
    EXPECT_EQ(EventLevelFromName(*EventLevelName(level, "level")), level);
  }
  EXPECT_EQ(EventLevelFromName(""), v1::EVENT_LEVEL_DETECTOR);
  const absl::Status refused = EventLevelName(-1, "header.level").status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(refused.message(), HasSubstr("field 'header.level': -1 is not an EventLevel"));
}

TEST(EventLevelTest, AWarningNamesTheModelsAtAnotherLevelAndOnlyThem) {
  EXPECT_THAT(LevelWarnings("truth", {{"a", "truth"}, {"b", "truth"}}), IsEmpty());
  EXPECT_THAT(LevelWarnings("detector", {}), IsEmpty());
  const std::vector<std::string> mixed =
      LevelWarnings("truth", {{"a", "truth"}, {"b", "detector"}, {"c", "parton"}});
  ASSERT_EQ(mixed.size(), 1u);
  EXPECT_THAT(mixed[0],
              AllOf(HasSubstr("the query's events are truth level"),
                    HasSubstr("2 of the 3 known models are not"), HasSubstr("1 detector level (b)"),
                    HasSubstr("1 parton level"), HasSubstr("(c)"), Not(HasSubstr("(a"))));
  std::vector<ModelLevel> many;
  many.reserve(7);
  for (int m = 0; m < 7; ++m) many.push_back({"m" + std::to_string(m), "detector"});
  const std::vector<std::string> counted = LevelWarnings("parton", many);
  ASSERT_EQ(counted.size(), 1u);
  EXPECT_THAT(counted[0],
              AllOf(HasSubstr("the query's events are parton level"),
                    HasSubstr("7 detector level (m0, m1, m2, m3, 3 more)"), HasSubstr("--smear")));
}

}  // namespace
}  // namespace latentspace::server
