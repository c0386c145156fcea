// Tests of the event selections, including that the real channel-1 files pass their own selection.
#include "core/features/selection.h"

#include "core/events/darkmachines_reader.h"
#include "gtest/gtest.h"
#include "tests/testing/paths.h"

namespace latentspace {
namespace {

Event Parse(const char* line) {
  Event event;
  EXPECT_TRUE(ParseDarkMachinesLine(line, &event).ok());
  return event;
}

TEST(SelectionTest, Channel1CutsEachApply) {
  // Four jets 250/150/120/100 GeV: HT 620, MET 200 -> MET/HT 0.32: passes.
  const char* pass =
      "1;p;1;200000;0;j,250000,250000,0,0;j,150000,150000,0,0;"
      "b,120000,120000,0,0;j,100000,100000,0,0;";
  EXPECT_TRUE(PassesSelection(Parse(pass), Selection::kDarkMachinesChannel1));
  // MET 190 GeV < 200.
  EXPECT_FALSE(PassesSelection(Parse("1;p;1;190000;0;j,250000,250000,0,0;j,150000,150000,0,0;"
                                     "b,120000,120000,0,0;j,100000,100000,0,0;"),
                               Selection::kDarkMachinesChannel1));
  // Fourth jet 50 GeV is not > 50.
  EXPECT_FALSE(PassesSelection(Parse("1;p;1;300000;0;j,350000,350000,0,0;j,150000,150000,0,0;"
                                     "b,120000,120000,0,0;j,50000,50000,0,0;"),
                               Selection::kDarkMachinesChannel1));
  // No jet above 200 GeV.
  EXPECT_FALSE(PassesSelection(Parse("1;p;1;300000;0;j,190000,190000,0,0;j,190000,190000,0,0;"
                                     "b,190000,190000,0,0;j,190000,190000,0,0;"),
                               Selection::kDarkMachinesChannel1));
  // HT 1250 makes MET/HT = 0.16 < 0.2.
  EXPECT_FALSE(PassesSelection(Parse("1;p;1;200000;0;j,600000,600000,0,0;j,250000,250000,0,0;"
                                     "b,200000,200000,0,0;j,200000,200000,0,0;"),
                               Selection::kDarkMachinesChannel1));
  // Leptons are not jets.
  EXPECT_FALSE(PassesSelection(Parse("1;p;1;200000;0;j,250000,250000,0,0;j,150000,150000,0,0;"
                                     "b,120000,120000,0,0;m-,100000,100000,0,0;"),
                               Selection::kDarkMachinesChannel1));
}

TEST(SelectionTest, EveryBundledChannel1EventPassesTheChannel1Selection) {
  for (const char* name :
       {"background_chan1_7.79_reduced.csv.gz", "monojet_Zp2000.0_DM_50.0_chan1.csv.gz",
        "sqsq_sq1800_neut800_chan1.csv.gz"}) {
    absl::StatusOr<std::vector<Event>> events =
        ReadEventFile(testing::BundledDataDir() + "/" + name, EventFormat::kDarkMachines);
    ASSERT_TRUE(events.ok()) << events.status();
    int failing = 0;
    for (const Event& event : *events) {
      failing += !PassesSelection(event, Selection::kDarkMachinesChannel1);
    }
    EXPECT_EQ(failing, 0) << name;
  }
}

TEST(SelectionTest, NamesRoundTrip) {
  for (Selection s : {Selection::kNone, Selection::kDarkMachinesChannel1, Selection::kMonojet}) {
    EXPECT_EQ(*ParseSelection(SelectionName(s)), s);
  }
  EXPECT_FALSE(ParseSelection("chan2").ok());
}

}  // namespace
}  // namespace latentspace
