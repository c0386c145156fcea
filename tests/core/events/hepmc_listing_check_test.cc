// Tests of the HepMC listing check: what HepMC3 3.1 would crash on or allocate without bound is
// refused naming the field, real records pass, and fields are read as HepMC3 reads them.
#include "core/events/hepmc_listing_check.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace latentspace {
namespace {

// The problems of `lines` in order ("" for an accepted line).
std::vector<std::string> Check(HepMCListing listing, const std::vector<std::string>& lines) {
  HepMCListingCheck check(listing);
  std::vector<std::string> problems;
  for (const std::string& line : lines) problems.push_back(check.Check(line));
  return problems;
}

const std::vector<std::string> kHepMC3Event = {
    "HepMC::Version 3.01.02",
    "HepMC::Asciiv3-START_EVENT_LISTING",
    "E 0 1 3",
    "U GEV MM",
    "P 1 0 2212 0 0 6500 6500 0.938 4",
    "P 2 0 2212 0 0 -6500 6500 0.938 4",
    "V -1 0 [1,2]",
    "P 3 -1 21 -296.997 -42.336 -60 305.941 0 1",
    "HepMC::Asciiv3-END_EVENT_LISTING",
};

const std::vector<std::string> kHepMC2Event = {
    "HepMC::Version 2.06.09",
    "HepMC::IO_GenEvent-START_EVENT_LISTING",
    "E 0 -1 -1 -1 -1 0 -1 1 1 2 0 1 2.47448e-08",
    "N 1 \"0\"",
    "U GEV MM",
    "V -1 0 0 0 0 0 2 1 0",
    "P 1 2212 0 0 6500 6500 0.938 4 0 0 -1 0",
    "P 2 2212 0 0 -6500 6500 0.938 4 0 0 -1 0",
    "P 3 211 -309.6 707.4 470.9 906.59 0 1 0 0 0 0",
    "HepMC::IO_GenEvent-END_EVENT_LISTING",
};

// The problem with line `index` of `lines` once it reads `line`.
std::string ProblemWith(HepMCListing listing, std::vector<std::string> lines, size_t index,
                        const std::string& line) {
  lines[index] = line;
  return Check(listing, lines)[index];
}

TEST(HepMCListingCheckTest, RecordsPass) {
  EXPECT_THAT(Check(HepMCListing::kHepMC3, kHepMC3Event), ::testing::Each(""));
  EXPECT_THAT(Check(HepMCListing::kHepMC2, kHepMC2Event), ::testing::Each(""));
  HepMCListingCheck check(HepMCListing::kHepMC3);
  for (const std::string& line : kHepMC3Event) check.Check(line);
  EXPECT_EQ(check.events(), 1);
}

TEST(HepMCListingCheckTest, HepMC3CountsAndIdsMustFit) {
  const HepMCListing v3 = HepMCListing::kHepMC3;
  EXPECT_EQ(ProblemWith(v3, kHepMC3Event, 2, "E 0 1 2000000000"),
            "the particle count 2000000000 is outside 0..1000000");
  EXPECT_EQ(ProblemWith(v3, kHepMC3Event, 2, "E 0 -1 3"),
            "the vertex count -1 is outside 0..1000000");
  EXPECT_EQ(ProblemWith(v3, kHepMC3Event, 2, "E 0 99999999999 3"),
            "the vertex count is not an integer that fits in an int");
  EXPECT_EQ(ProblemWith(v3, kHepMC3Event, 7, "P 4 -1 21 1 1 1 2 0 1"),
            "the particle id 4 is outside 1..3");
  EXPECT_EQ(ProblemWith(v3, kHepMC3Event, 7, "P 3 -2 21 1 1 1 2 0 1"),
            "the mother id -2 is outside -1..3");
  EXPECT_EQ(ProblemWith(v3, kHepMC3Event, 6, "V 1 0 [1,2]"), "the vertex id 1 is outside -1..-1");
  EXPECT_EQ(ProblemWith(v3, kHepMC3Event, 6, "V -1 0 [1,4]"),
            "the incoming particle id 4 is outside 1..3");
  // Found by the fuzzer: "E  1 0" declares one vertex and no particles (HepMC3 reads the 1
  // twice); the vertex's incoming particle 2 then crashed HepMC3 3.1.
  EXPECT_EQ(Check(v3, {"E  1 0", "V -1 [2]"})[1], "the incoming particle id 2 is outside 1..0");
  EXPECT_EQ(Check(v3, {"P 1 0 2212 0 0 1 1 0 4"})[0],
            "a particle line before the first event line");
}

TEST(HepMCListingCheckTest, HepMC2CountsMustFitAndParticlesFollowAVertex) {
  const HepMCListing v2 = HepMCListing::kHepMC2;
  // Runs of spaces: HepMC3 reads the one number as every field, a random state count included.
  EXPECT_EQ(ProblemWith(v2, kHepMC2Event, 2, "E           261590844"),
            "the vertex count 261590844 is outside 0..1000000");
  EXPECT_EQ(ProblemWith(v2, kHepMC2Event, 2, "E 0 -1 -1 -1 -1 0 -1 1 1 2 100000000 1"),
            "the random state count 100000000 is outside 0..511");
  EXPECT_EQ(ProblemWith(v2, kHepMC2Event, 2, "E 0 -1 -1 -1 -1 0 -1 1 1 2 2 5 6 100000000 1"),
            "the weight count 100000000 is outside 0..511");
  EXPECT_EQ(ProblemWith(v2, kHepMC2Event, 3, "N 100000000 \"0\""),
            "the weight name count 100000000 is outside 1..511");
  EXPECT_EQ(ProblemWith(v2, kHepMC2Event, 5, "V -1 0 0 0 0 0 2 1 1 0.5"),
            "the vertex weight count 1 is not 0 (vertex weights are not supported)");
  std::vector<std::string> lines = kHepMC2Event;
  lines.erase(lines.begin() + 5);  // the vertex line
  EXPECT_EQ(Check(v2, lines)[5], "a particle line before the event's first vertex line");
  lines = kHepMC2Event;
  lines.insert(lines.begin() + 8, "HepMC::IO_GenEvent-START_EVENT_LISTING");  // ends the event
  EXPECT_EQ(Check(v2, lines)[9], "a particle line before the event's first vertex line");
}

TEST(HepMCListingCheckTest, AttributeNamesFitAndNoLoneBackslashEnds) {
  const std::string long_name(64, 'n');
  std::vector<std::string> lines = kHepMC3Event;
  lines.insert(lines.begin() + 2, "A " + long_name + " 1");    // a run attribute
  lines.insert(lines.begin() + 4, "A 0 " + long_name + " 1");  // the event's
  lines.insert(lines.begin() + 5, "A 0 " + long_name.substr(1) + " 1");
  lines.insert(lines.begin() + 6, "A 0 tool \\\\");  // an escaped backslash
  lines.insert(lines.begin() + 7, "A 0 tool x\\");
  const std::vector<std::string> problems = Check(HepMCListing::kHepMC3, lines);
  EXPECT_EQ(problems[2], "the attribute name is longer than 63 characters");
  EXPECT_EQ(problems[4], "the attribute name is longer than 63 characters");
  EXPECT_EQ(problems[5], "");
  EXPECT_EQ(problems[6], "");
  EXPECT_EQ(problems[7], "the line ends with a lone backslash");
}

TEST(HepMCListingCheckTest, WeightLinesEndWithoutALoneBackslash) {
  // Found by the fuzzer: HepMC3 3.1 unescapes weight names past their end.
  std::vector<std::string> lines = kHepMC3Event;
  lines.insert(lines.begin() + 2, "W weight\\");
  lines.insert(lines.begin() + 3, "W nominal \\\\");  // an escaped backslash
  const std::vector<std::string> problems = Check(HepMCListing::kHepMC3, lines);
  EXPECT_EQ(problems[2], "the line ends with a lone backslash");
  EXPECT_EQ(problems[3], "");
}

TEST(HepMCListingCheckTest, NothingIsCheckedAfterAForeignListing) {
  // HepMC3 stops at another listing's header; its lines are not this listing's.
  std::vector<std::string> lines = kHepMC3Event;
  lines.insert(lines.end(), kHepMC2Event.begin(), kHepMC2Event.end());
  EXPECT_THAT(Check(HepMCListing::kHepMC3, lines), ::testing::Each(""));
}

}  // namespace
}  // namespace latentspace
