// End-to-end tests of `latentctl inspect`: the real binary on real files, its JSON shape, its
// table, and its exit codes for bad files and bad arguments.
#include <filesystem>
#include <fstream>
#include <map>

#include "absl/strings/str_cat.h"
#include "core/features/preset.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/testing/build_paths.h"
#include "tests/testing/paths.h"
#include "tests/testing/run_command.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;

using Result = testing::CommandResult;

// Runs latentctl with `arguments`; stdout and stderr together.
Result RunLatentctl(const std::string& arguments) {
  return testing::RunCommand(absl::StrCat(testing::LatentctlPath(), " ", arguments, " 2>&1"));
}

nlohmann::json RunJson(const std::string& arguments) {
  const Result result = RunLatentctl(arguments);
  EXPECT_EQ(result.exit_code, 0) << result.output;
  return nlohmann::json::parse(result.output, nullptr, false);
}

// Lines per process id (the second ';'-separated field), counted from the raw text.
std::map<std::string, int64_t> CountLinesPerProcess(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::map<std::string, int64_t> counts;
  while (std::getline(in, line)) {
    const size_t first = line.find(';');
    ++counts[line.substr(first + 1, line.find(';', first + 1) - first - 1)];
  }
  return counts;
}

TEST(InspectCommandTest, CountsExactlyTheLinesOfEverySharedFile) {
  const std::string shared = testing::SharedDataDir();
  if (shared.empty()) GTEST_SKIP() << "../shared/data/darkmachines not present";
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(shared)) {
    if (entry.path().extension() != ".csv") continue;
    ++files;
    const std::string path = entry.path().string();
    const nlohmann::json json = RunJson("inspect --json " + path);
    const std::map<std::string, int64_t> expected = CountLinesPerProcess(path);
    int64_t lines = 0;
    for (const auto& [process, count] : expected) lines += count;
    EXPECT_EQ(json["events"], lines) << path;
    const auto processes = json["processes"].get<std::map<std::string, int64_t>>();
    EXPECT_EQ(processes, expected) << path;
    EXPECT_EQ(json["skipped"], 0) << path;  // channel-1 events all have >= 4 jets
  }
  EXPECT_EQ(files, 6);
}

TEST(InspectCommandTest, JsonHasTheShapeScriptsDependOn) {
  // --json accepted after the file too.
  const nlohmann::json json =
      RunJson(absl::StrCat("inspect ", testing::BundledDataDir(),
                           "/background_chan1_7.79_reduced.csv.gz --preset gluino --json"));
  EXPECT_EQ(json["events"], 700);
  // The background file mixes Standard Model processes.
  EXPECT_EQ(json["processes"]["njets"], 605);
  EXPECT_EQ(json["processes"]["ttbar"], 39);
  EXPECT_EQ(json["processes"].size(), 10u);
  EXPECT_EQ(json["preset"], "gluino");
  ASSERT_EQ(json["features"].size(), 23u);
  for (const char* key : {"mean", "std", "min", "max"}) {
    EXPECT_TRUE(json["features"]["met"][key].is_number()) << key;
  }
  // Channel 1 requires MET >= 200 GeV.
  EXPECT_GE(json["features"]["met"]["min"].get<double>(), 200.0);
  EXPECT_LE(json["features"]["jet1_dphi"]["max"].get<double>(), M_PI);
  EXPECT_TRUE(json["skipped"].is_number());
  EXPECT_GE(json["objects_per_event"]["all"]["min"].get<double>(), 4.0);
  EXPECT_GT(json["objects_per_event"]["bjets"]["mean"].get<double>(), 0.0);
}

TEST(InspectCommandTest, SkippedEventsAreCounted) {
  const std::string path =
      testing::WriteFile(testing::ScratchDir() + "/few.csv",
                         "1;p;1;300000;0;j,250000,250000,0,1;\n2;p;1;300000;0;j,250000,250000,0,1;"
                         "j,120000,120000,0,-1;j,90000,90000,0,2;j,70000,70000,0,3;\n");
  const nlohmann::json json = RunJson("inspect --json " + path);
  EXPECT_EQ(json["events"], 2);
  EXPECT_EQ(json["skipped"], 1);
  EXPECT_EQ(json["skipped_reasons"]["too_few_jets"], 1);
}

TEST(InspectCommandTest, TableNamesEveryFeature) {
  const Result result =
      RunLatentctl(absl::StrCat("inspect ", testing::BundledDataDir(),
                                "/monojet_Zp2000.0_DM_50.0_chan1.csv.gz --preset monojet"));
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_THAT(result.output, HasSubstr("events   791"));
  EXPECT_THAT(result.output, HasSubstr("monojet_Zp2000.0_DM_50.0"));
  for (const char* name : {"jet1_pt", "jet2_dphi", "met", "skipped"}) {
    EXPECT_THAT(result.output, HasSubstr(name));
  }
}

// The help lists the presets from their registry, and every one it lists is accepted.
TEST(InspectCommandTest, HelpListsEveryPresetAndTheRmmIsAccepted) {
  const Result help = RunLatentctl("inspect --help");
  EXPECT_EQ(help.exit_code, 0) << help.output;
  EXPECT_THAT(help.output, HasSubstr(FeaturePreset::DescribeNames()));
  const Result result =
      RunLatentctl(absl::StrCat("inspect ", testing::BundledDataDir(),
                                "/monojet_Zp2000.0_DM_50.0_chan1.csv.gz --preset rmm-2"));
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_THAT(result.output, HasSubstr("preset rmm-2"));
}

TEST(InspectCommandTest, MalformedFileExitsOneNamingFileAndLine) {
  const std::string path = testing::WriteFile(testing::ScratchDir() + "/bad.csv",
                                              "1;p;1;300000;0;\n2;p;1;300000;0;x,1,1,0,0;\n");
  const Result result = RunLatentctl("inspect " + path);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.output, HasSubstr(path + ":2: field 6 (object)"));
  EXPECT_THAT(result.output, HasSubstr("unknown object code 'x'"));
  const Result missing = RunLatentctl("inspect /nonexistent.csv --json");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.output, HasSubstr("/nonexistent.csv: no such file"));
}

// A CSV whose first line names columns is a feature table: each column's distribution, found by
// its header or forced with --format table; a bad row exits 1 naming the file, line and column;
// --dataset is for HDF5 tables only.
TEST(InspectCommandTest, AFeatureTableShowsItsColumns) {
  const std::string dir = testing::ScratchDir();
  const std::string path = testing::WriteFile(dir + "/table.csv", "PTJ1,MET\n100,20\n300,40\n");
  const nlohmann::json json = RunJson("inspect --json " + path);
  EXPECT_EQ(json["format"], "table");
  EXPECT_EQ(json["rows"], 2);
  EXPECT_EQ(json["columns"], nlohmann::json({"PTJ1", "MET"}));
  EXPECT_EQ(json["features"]["PTJ1"]["mean"], 200);
  EXPECT_EQ(json["features"]["MET"]["max"], 40);
  const Result text = RunLatentctl("inspect " + path);
  EXPECT_EQ(text.exit_code, 0) << text.output;
  EXPECT_THAT(text.output, HasSubstr("(feature table)"));
  EXPECT_THAT(text.output, HasSubstr("rows     2"));
  const std::string txt = testing::WriteFile(dir + "/table.txt", "1,2\n3,4\n");  // no header
  const Result forced = RunLatentctl("inspect --format table " + txt);
  EXPECT_EQ(forced.exit_code, 1);
  EXPECT_THAT(forced.output, HasSubstr(txt + ":1: column 1 is named '1', a number"));
  const std::string bad = testing::WriteFile(dir + "/bad_table.csv", "PTJ1,MET\n100,-\n");
  const Result refused = RunLatentctl("inspect " + bad);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.output, HasSubstr(bad + ":2: column 'MET': '-' is not a number"));
  const Result dataset = RunLatentctl("inspect --dataset /t " + path);
  EXPECT_EQ(dataset.exit_code, 1);
  EXPECT_THAT(dataset.output, HasSubstr(path + " is not an HDF5 file: a dataset ('/t') names a "
                                               "table inside an HDF5 file only"));
}

TEST(InspectCommandTest, BadArgumentsExitTwo) {
  const std::string file = testing::BundledDataDir() + "/background_chan1_7.79_reduced.csv.gz";
  EXPECT_EQ(RunLatentctl("inspect " + file + " --preset gluon").exit_code, 2);
  EXPECT_EQ(RunLatentctl("inspect " + file + " --missing-jets maybe").exit_code, 2);
  EXPECT_EQ(RunLatentctl("inspect").exit_code, 2);
  EXPECT_EQ(RunLatentctl("frobnicate").exit_code, 2);
}

}  // namespace
}  // namespace latentspace
