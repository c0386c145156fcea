// End to end: latentctl's anomaly-detection loop on a real latentd: `detectors train --wait
// --json` (a classifier of the bundled background against the squark sample), `detectors
// list/show/delete`, `score` to CSV with the kept events written back as a Dark Machines file that
// uploads as a sample, and `interpret` (the forward-modelled verdict; with --method nearest,
// nearest's JSON plus the selection, and a picture). One
// latentd with its encoder and detector serves the whole suite.
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/client/cli_e2e_fixture.h"
#include "tests/testing/png_inspection.h"

namespace latentspace {
namespace {

using testing::BackgroundSample;
using ::testing::HasSubstr;
using testing::SquarkSample;
using testing::ZprimeSample;

constexpr char kEncoder[] = "cli_known";   // knows the Z' and the squark models
constexpr char kDetector[] = "cli_cwola";  // background against squarks

class CliDetectorsE2eTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new testing::CliServer();
    if (!server_->Start(testing::CliServer::SuiteDataDir("CliDetectorsE2eTest"))) return;
    for (const testing::CliSample& sample : {BackgroundSample(), SquarkSample(), ZprimeSample()}) {
      server_->Upload(sample);
    }
    server_->Json(absl::StrCat("train --encoder ", kEncoder, " --samples ", ZprimeSample().name,
                               ",", SquarkSample().name,
                               " --epochs 40 --initialisations 1 --seed 1 --wait"));
    trained_ = new nlohmann::json(server_->Json(
        absl::StrCat("detectors train --name ", kDetector, " --kind classifier --reference ",
                     BackgroundSample().name, " --signal ", SquarkSample().name,
                     " --epochs 40 --seed 2 --wait")));
  }
  static void TearDownTestSuite() {
    delete server_;
    delete trained_;
    server_ = nullptr;
    trained_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(trained_, nullptr) << "latentd did not start or training did not run";
  }
  void TearDown() override {
    if (HasFailure()) std::cerr << "---- latentd log:\n" << server_->log() << "----\n";
  }

  static std::string Scratch(const std::string& name) {
    const std::string dir = testing::CliServer::SuiteDataDir("CliDetectorsE2eTest_files");
    std::filesystem::create_directories(dir);
    return dir + "/" + name;
  }

  static testing::CliServer* server_;
  static nlohmann::json* trained_;  // the finished job `detectors train --wait --json` printed
};

testing::CliServer* CliDetectorsE2eTest::server_ = nullptr;
nlohmann::json* CliDetectorsE2eTest::trained_ = nullptr;

TEST_F(CliDetectorsE2eTest, TrainWaitListAndShow) {
  const nlohmann::json& job = *trained_;
  EXPECT_EQ(job["state"], "SUCCEEDED") << job;
  EXPECT_EQ(job["detector"], kDetector);
  EXPECT_EQ(job["detector_version"], 1);
  EXPECT_EQ(job["detector_request"]["kind"], "classifier");
  EXPECT_EQ(job["detector_request"]["signal"], SquarkSample().name);

  const nlohmann::json listed = server_->Json("detectors list");
  ASSERT_EQ(listed["detectors"].size(), 1u) << listed;
  EXPECT_EQ(listed["detectors"][0]["name"], kDetector);
  const nlohmann::json shown = server_->Json(absl::StrCat("detectors show ", kDetector, ":1"));
  EXPECT_EQ(shown["kind"], "classifier");
  EXPECT_EQ(shown["reference"], BackgroundSample().name);
  EXPECT_GT(shown["validation"]["auc"].get<double>(), 0.85) << shown["validation"];
  EXPECT_EQ(shown["feature_names"].size(), 17u);
  EXPECT_FALSE(shown["cuts"].empty());
  const testing::LatentctlResult text = server_->Run(absl::StrCat("detectors show ", kDetector));
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("classifier"));
}

TEST_F(CliDetectorsE2eTest, ScoreWritesTheScoresAndTheKeptEventsAsAnUploadableSample) {
  const std::string scores = Scratch("scores.csv");
  const std::string kept = Scratch("kept.csv");
  const nlohmann::json summary = server_->Json(
      absl::StrCat("score --detector ", kDetector, " ", testing::BundledPath(ZprimeSample()),
                   " --keep 0.1 --out ", scores, " --events-out ", kept));
  const int64_t accepted = summary["accepted_events"];
  const int64_t kept_events = summary["kept_events"];
  EXPECT_EQ(accepted + summary["skipped_events"].get<int64_t>(), ZprimeSample().events);
  EXPECT_GT(kept_events, 0);
  EXPECT_LT(kept_events, accepted);

  std::ifstream in(scores);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "index,event_id,score,reference_tail,kept");
  int64_t rows = 0, kept_rows = 0, previous = -1;
  while (std::getline(in, line)) {
    const std::vector<std::string> fields = absl::StrSplit(line, ',');
    ASSERT_EQ(fields.size(), 5u) << line;
    const int64_t index = std::stoll(fields[0]);
    EXPECT_GT(index, previous);
    previous = index;
    ++rows;
    kept_rows += fields[4] == "1" ? 1 : 0;
  }
  EXPECT_EQ(rows, accepted);
  EXPECT_EQ(kept_rows, kept_events);

  // The kept events are a Dark Machines file the server takes as a sample of that many events.
  const nlohmann::json uploaded =
      server_->Json(absl::StrCat("samples upload ", kept, " --name cli_kept"));
  EXPECT_EQ(uploaded["num_events"], kept_events) << uploaded;
}

TEST_F(CliDetectorsE2eTest, InterpretNamesTheModelOfTheKeptEventsAndDrawsThem) {
  // Forward modelling (the default): every known model through the same cut, with a verdict. A
  // long call (pseudo-experiments and the fraction's calibration): this whole test took 29 s in a
  // sanitized suite, close to latentctl's default deadline of 30 s a call.
  const nlohmann::json forward = server_->Json(absl::StrCat(
      "interpret --detector ", kDetector, " --encoder ", kEncoder, " ",
      testing::BundledPath(SquarkSample()), " --keep 0.1 --pseudo-experiments 40 --timeout 120"));
  ASSERT_FALSE(forward["ranking"].empty()) << forward;
  EXPECT_EQ(forward["ranking"][0]["model"], SquarkSample().name) << forward["ranking"];
  // The reference's held-out events leave 7 selected background events for the pseudo-data
  // against about 1,900 kept: too few to make any p-value small, and the note says so.
  EXPECT_EQ(forward["verdict"], "background") << forward["note"];
  EXPECT_THAT(forward["note"].get<std::string>(),
              HasSubstr("calibration-limited: pseudo-data draw on 7 selected background "
                        "events"));
  EXPECT_EQ(forward["ranking"][0]["signal_fraction_interval"].size(), 2u);
  EXPECT_EQ(forward["pseudo_experiments"], 40);
  EXPECT_EQ(forward["selection"]["kept_events"], forward["kept_events"]);

  // Today's ranking of the kept events against the models' unselected events, and the picture.
  const std::string picture = Scratch("interpret.png");
  const nlohmann::json result = server_->Json(
      absl::StrCat("interpret --method nearest --detector ", kDetector, " --encoder ", kEncoder,
                   " ", testing::BundledPath(SquarkSample()), " --keep 0.1 --out ", picture));
  ASSERT_FALSE(result["ranking"].empty()) << result;
  EXPECT_EQ(result["ranking"][0]["model"], SquarkSample().name) << result["ranking"];
  const nlohmann::json& selection = result["selection"];
  EXPECT_EQ(selection["detector"], kDetector);
  EXPECT_DOUBLE_EQ(selection["keep"].get<double>(), 0.1);
  EXPECT_GE(selection["kept_events"].get<int64_t>(), 10 * result["sets"].get<int64_t>());
  // Most squarks lie above the cut that keeps 10% of the background.
  EXPECT_GT(selection["kept_events"].get<double>(), 0.5 * SquarkSample().events);
  const std::optional<testing::PngImage> png = testing::ReadPng(picture);
  ASSERT_TRUE(png.has_value());
  EXPECT_GT(png->width, 400);
}

TEST_F(CliDetectorsE2eTest, UnknownDetectorsAndVersionsExitOne) {
  const testing::LatentctlResult score =
      server_->Run("score --detector no_such_detector " + testing::BundledPath(ZprimeSample()));
  EXPECT_EQ(score.exit_code, 1);
  EXPECT_THAT(score.err, HasSubstr("detector \"no_such_detector\" not found"));
  const testing::LatentctlResult deleted =
      server_->Run(absl::StrCat("detectors delete ", kDetector, ":9"));
  EXPECT_EQ(deleted.exit_code, 1);
  EXPECT_THAT(deleted.err, HasSubstr("version 9 not found"));
}

}  // namespace
}  // namespace latentspace
