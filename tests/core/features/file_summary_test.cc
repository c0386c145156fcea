// Tests of the file summary against counts and moments computed independently from the raw text.
#include "core/features/file_summary.h"

#include <cmath>
#include <sstream>

#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "tests/testing/paths.h"

namespace latentspace {
namespace {

TEST(FileSummaryTest, CountsObjectsAndMetFromTheRawText) {
  const std::string path = testing::WriteFile(
      testing::ScratchDir() + "/e.csv",
      "1;a;1;300000;0;j,250000,250000,0,1;j,120000,120000,0,-1;m+,50000,50000,0,0;\n"
      "2;b;1;200000;0;j,250000,250000,0,1;\n"
      "3;a;1;100000;0;g,30000,30000,0,1;b,60000,60000,0,2;j,70000,70000,0,3;e-,9000,9000,0,0;\n");
  absl::StatusOr<FileSummary> summary =
      SummariseFile(path, EventFormat::kDarkMachines, *FeaturePreset::Get("monojet"), {});
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->events, 3);
  EXPECT_EQ(summary->processes, (std::vector<std::pair<std::string, int64_t>>{{"a", 2}, {"b", 1}}));
  EXPECT_DOUBLE_EQ(summary->objects_per_event.mean(), 8.0 / 3);
  EXPECT_EQ(summary->objects_per_event.max(), 4);
  EXPECT_DOUBLE_EQ(summary->objects_per_event_by_type[static_cast<int>(ObjectType::kJet)].mean(),
                   4.0 / 3);
  EXPECT_DOUBLE_EQ(summary->met.mean(), 200.0);
  EXPECT_DOUBLE_EQ(summary->met.std(), std::sqrt(20000.0 / 3));
  // Monojet: event 1 passes; event 2 has one jet; event 3's leading jet is 70 GeV < 100.
  EXPECT_EQ(summary->counts.accepted, 1);
  EXPECT_EQ(summary->counts.too_few_jets, 1);
  EXPECT_EQ(summary->counts.failed_selection, 1);
  EXPECT_DOUBLE_EQ(summary->features[0].mean(), 250.0);
}

TEST(FileSummaryTest, FeatureMomentsOnARealFileMatchAnIndependentParse) {
  const std::string shared = testing::SharedDataDir();
  if (shared.empty()) GTEST_SKIP() << "../shared/data/darkmachines not present";
  const std::string path = shared + "/monojet_Zp2000.0_DM_50.0_chan1.csv";
  absl::StatusOr<FileSummary> summary =
      SummariseFile(path, EventFormat::kDarkMachines, *FeaturePreset::Get("darkmachines"), {});
  ASSERT_TRUE(summary.ok()) << summary.status();
  // Independent: MET is field 4 in MeV; the leading jet's pt is the largest j/b pt.
  std::istringstream text(testing::ReadFile(path));
  std::string line;
  double met_sum = 0, jet_sum = 0;
  int n = 0;
  while (std::getline(text, line)) {
    std::vector<std::string> fields = absl::StrSplit(line, ';', absl::SkipEmpty());
    met_sum += std::stod(fields[3]) / 1000;
    double lead = 0;
    for (size_t i = 5; i < fields.size(); ++i) {
      std::vector<std::string> parts = absl::StrSplit(fields[i], ',');
      if (parts[0] == "j" || parts[0] == "b") lead = std::max(lead, std::stod(parts[2]) / 1000);
    }
    jet_sum += lead;
    ++n;
  }
  EXPECT_EQ(summary->events, n);
  EXPECT_EQ(summary->counts.accepted, n);  // channel 1 guarantees 4 jets
  EXPECT_NEAR(summary->met.mean(), met_sum / n, 1e-9);
  EXPECT_NEAR(summary->features[16].mean(), met_sum / n, 1e-9);  // "met"
  EXPECT_NEAR(summary->features[1].mean(), jet_sum / n, 1e-9);   // "jet1_pt"
}

}  // namespace
}  // namespace latentspace
