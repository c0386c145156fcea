// End-to-end tests of `latentctl simulate`: the real binary writes files that read back, the same
// seed gives the same bytes, --json has the shape scripts rely on, and bad requests exit 2 (bad
// family or parameter) or 1 (unwritable file) without leaving a file behind.
#include <filesystem>
#include <string>

#include "absl/strings/str_cat.h"
#include "core/events/event_reader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/client/latentctl_runner.h"
#include "tests/testing/paths.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;
using testing::LatentctlResult;
using testing::RunLatentctl;

constexpr char kGluino[] =
    "simulate --family gluino --param mgluino=1600 --param mneutralino=500 --events 300 ";

TEST(SimulateCommandTest, JsonHasTheShapeScriptsDependOnAndTheFileReadsBack) {
  const std::string out = testing::ScratchDir() + "/gluino.csv";
  const LatentctlResult result =
      RunLatentctl(absl::StrCat(kGluino, "--seed 5 --out ", out, " --json"));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json json = result.json();
  ASSERT_TRUE(json.is_object()) << result.out;
  EXPECT_EQ(json["family"], "gluino");
  EXPECT_EQ(json["parameters"]["mgluino"], 1600.0);
  EXPECT_EQ(json["parameters"]["mneutralino"], 500.0);
  EXPECT_EQ(json["process"], "gluino_mgluino1600_mneutralino500");
  EXPECT_EQ(json["events"], 300);
  EXPECT_EQ(json["seed"], 5);
  EXPECT_EQ(json["out"], out);
  EXPECT_TRUE(json["seconds"].is_number());
  EXPECT_EQ(json.size(), 7u);

  absl::StatusOr<std::vector<Event>> events = ReadEventFile(out, EventFormat::kDarkMachines);
  ASSERT_TRUE(events.ok()) << events.status();
  ASSERT_EQ(events->size(), 300u);
  for (const Event& event : *events) {
    EXPECT_EQ(event.process_id, "gluino_mgluino1600_mneutralino500");
    EXPECT_GT(event.met, 0);
  }
}

TEST(SimulateCommandTest, SameSeedSameBytesAndGzipWhenAsked) {
  const std::string dir = testing::ScratchDir();
  for (const char* name : {"a.csv", "b.csv", "c.csv", "d.csv.gz"}) {
    const std::string seed = std::string(name) == "c.csv" ? "8" : "7";
    const LatentctlResult result =
        RunLatentctl(absl::StrCat(kGluino, "--seed ", seed, " --out ", dir, "/", name));
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_THAT(result.out, HasSubstr(absl::StrCat("wrote 300 events of "
                                                   "gluino_mgluino1600_mneutralino500 (seed ",
                                                   seed, ")")));
  }
  const std::string a = testing::ReadFile(dir + "/a.csv");
  EXPECT_EQ(testing::ReadFile(dir + "/b.csv"), a);
  EXPECT_NE(testing::ReadFile(dir + "/c.csv"), a);
  const std::string gzip = testing::ReadFile(dir + "/d.csv.gz");
  ASSERT_GE(gzip.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(gzip[0]), 0x1f);  // gzip magic
  EXPECT_EQ(static_cast<unsigned char>(gzip[1]), 0x8b);
  EXPECT_TRUE(*ReadEventFile(dir + "/d.csv.gz", EventFormat::kDarkMachines) ==
              *ReadEventFile(dir + "/a.csv", EventFormat::kDarkMachines));
}

TEST(SimulateCommandTest, BadRequestsExitTwoNamingTheProblemAndWriteNothing) {
  const std::string dir = testing::ScratchDir();
  const std::string out = " --out " + dir + "/x.csv";
  const struct {
    std::string line;
    std::string message;
  } cases[] = {
      {"simulate --family glunio" + out, "unknown family 'glunio' (known: gluino, dm-vector"},
      {"simulate --family gluino --param mgluino=1600 --param mneutralino=1700" + out,
       "gluino: mneutralino = 1700 GeV must be below mgluino = 1600 GeV"},
      {"simulate --family gluino --param mgluino=1600" + out,
       "gluino: missing parameter 'mneutralino'"},
      {"simulate --family gluino --param mgluino=1600 --param mneutralino=5 --param mx=1" + out,
       "gluino: unknown parameter 'mx'"},
      {"simulate --family gluino --param mgluino=big --param mneutralino=5" + out,
       "value 'big' is not a finite number"},
      {"simulate --family gluino --param mgluino=1600 --param mneutralino=5 --events 0" + out,
       "--events 0: must be at least 1"},
      {"simulate --family gluino --param mgluino=1600 --param mneutralino=5", "--out is required"},
      {"simulate" + out, "--family is required"},
  };
  for (const auto& c : cases) {
    const LatentctlResult result = RunLatentctl(c.line);
    EXPECT_EQ(result.exit_code, 2) << c.line;
    EXPECT_THAT(result.err, HasSubstr(c.message)) << c.line;
  }
  EXPECT_EQ(RunLatentctl(absl::StrCat(kGluino, "--seed -1", out)).exit_code, 2);
  EXPECT_TRUE(std::filesystem::is_empty(dir));
}

TEST(SimulateCommandTest, UnwritableOutputExitsOneWithoutAPartialFile) {
  const std::string dir = testing::ScratchDir();
  const LatentctlResult result =
      RunLatentctl(absl::StrCat(kGluino, "--out ", dir, "/missing/dir/x.csv"));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("missing/dir/x.csv: cannot create"));
  EXPECT_TRUE(std::filesystem::is_empty(dir));
}

TEST(SimulateCommandTest, ListShowsEveryFamilyAndItsParameters) {
  const LatentctlResult table = RunLatentctl("simulate --list");
  ASSERT_EQ(table.exit_code, 0) << table.err;
  for (const char* text :
       {"gluino", "dm-vector", "dm-pseudoscalar", "dm-squark", "squark-pair", "stop-pair",
        "zprime-monojet", "background", "--param mgluino=VALUE", "--param mzprime=VALUE"}) {
    EXPECT_THAT(table.out, HasSubstr(text));
  }
  const LatentctlResult json = RunLatentctl("simulate --list --json");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const nlohmann::json families = json.json()["families"];
  ASSERT_EQ(families.size(), 8u);
  EXPECT_EQ(families[0]["name"], "gluino");
  EXPECT_EQ(families[0]["parameters"][0]["name"], "mgluino");
  EXPECT_EQ(families[0]["parameters"][0]["min"], 200.0);
  EXPECT_EQ(families[7]["name"], "background");
  EXPECT_TRUE(families[7]["parameters"].empty());
}

}  // namespace
}  // namespace latentspace
