// End to end: latentctl drives training and inference on a real latentd: `train --wait --json`
// on two bundled samples, `jobs list/get/watch/cancel`, `encoders list/show`, `embed` to CSV and
// `nearest --json` (the true model ranked first), and NOT_FOUND paths exiting 1. One latentd and
// its trained encoders serve the whole suite.
#include <cmath>
#include <memory>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/client/cli_e2e_fixture.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;
using testing::SquarkSample;
using testing::ZprimeSample;

constexpr char kEncoder[] = "cli_enc";           // 2 epochs, as a quick smoke test
constexpr char kRankedEncoder[] = "cli_ranked";  // trained long enough to separate the models

std::string TrainingSamples() {
  return absl::StrCat(ZprimeSample().name, ",", SquarkSample().name);
}

class CliTrainingE2eTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new testing::CliServer();
    if (!server_->Start(testing::CliServer::SuiteDataDir("CliTrainingE2eTest"))) return;
    server_->Upload(ZprimeSample());
    server_->Upload(SquarkSample());
    trained_ = new nlohmann::json(
        server_->Json(absl::StrCat("train --encoder ", kEncoder, " --samples ", TrainingSamples(),
                                   " --epochs 2 --seed 3 --wait")));
    server_->Json(absl::StrCat("train --encoder ", kRankedEncoder, " --samples ", TrainingSamples(),
                               " --epochs 40 --initialisations 1 --seed 1 --wait"));
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

  static testing::CliServer* server_;
  static nlohmann::json* trained_;  // the finished job `train --wait --json` printed
};

testing::CliServer* CliTrainingE2eTest::server_ = nullptr;
nlohmann::json* CliTrainingE2eTest::trained_ = nullptr;

TEST_F(CliTrainingE2eTest, TrainWaitJsonPrintsTheSucceededJob) {
  const nlohmann::json& job = *trained_;
  EXPECT_TRUE(job["id"].is_string() && !job["id"].get<std::string>().empty()) << job;
  EXPECT_EQ(job["state"], "SUCCEEDED");
  EXPECT_TRUE(testing::IsIsoUtc(job["started_at"])) << job;
  EXPECT_TRUE(testing::IsIsoUtc(job["finished_at"])) << job;
  EXPECT_GE(job["finished_at"].get<std::string>(), job["started_at"].get<std::string>());
  EXPECT_GT(job["sets_per_second"].get<double>(), 0);
  EXPECT_EQ(job["encoder"], kEncoder);
  EXPECT_EQ(job["encoder_version"], 1);
  EXPECT_EQ(job["error"], "");
  EXPECT_EQ(job["progress"]["epochs"], 2);
  EXPECT_EQ(job["request"]["seed"], 3);
}

TEST_F(CliTrainingE2eTest, JobsListAndGet) {
  const std::string id = (*trained_)["id"];
  const nlohmann::json all = server_->Json("jobs list");
  ASSERT_GE(all["jobs"].size(), 2u);
  bool listed = false;
  for (const nlohmann::json& job : all["jobs"]) listed |= job["id"] == id;
  EXPECT_TRUE(listed);
  const nlohmann::json succeeded = server_->Json("jobs list --state succeeded");
  ASSERT_FALSE(succeeded["jobs"].empty());
  for (const nlohmann::json& job : succeeded["jobs"]) {
    EXPECT_EQ(job["state"], "SUCCEEDED");
  }
  EXPECT_EQ(server_->Json("jobs get " + id)["state"], "SUCCEEDED");
  const testing::LatentctlResult table = server_->Run("jobs list");
  EXPECT_THAT(table.out, HasSubstr(id));
  const testing::LatentctlResult missing = server_->Run("jobs get no-such-job");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.err, HasSubstr("(NOT_FOUND)"));
  EXPECT_EQ(server_->Run("jobs watch no-such-job").exit_code, 1);
}

TEST_F(CliTrainingE2eTest, EncodersListAndShow) {
  const nlohmann::json list = server_->Json("encoders list");
  std::vector<std::string> names;
  for (const nlohmann::json& encoder : list["encoders"]) names.push_back(encoder["name"]);
  EXPECT_THAT(names, ::testing::IsSupersetOf({std::string(kEncoder), std::string(kRankedEncoder)}));

  const nlohmann::json encoder = server_->Json(absl::StrCat("encoders show ", kEncoder, ":1"));
  EXPECT_EQ(encoder["name"], kEncoder);
  EXPECT_EQ(encoder["version"], 1);
  EXPECT_EQ(encoder["job_id"], (*trained_)["id"]);
  ASSERT_EQ(encoder["models"].size(), 2u);
  EXPECT_EQ(encoder["models"][0]["name"], ZprimeSample().name);
  EXPECT_EQ(encoder["models"][0]["parameters"]["mzprime"], 2000);
  EXPECT_EQ(encoder["models"][1]["name"], SquarkSample().name);
  EXPECT_EQ(encoder["latent_dim"], 2);
  EXPECT_FALSE(encoder["history"].empty());

  const testing::LatentctlResult text = server_->Run(absl::StrCat("encoders show ", kEncoder));
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr(SquarkSample().name));
  for (const std::string& ref : {absl::StrCat(kEncoder, ":99"), std::string("no_such_encoder")}) {
    const testing::LatentctlResult missing = server_->Run("encoders show " + ref);
    EXPECT_EQ(missing.exit_code, 1) << ref;
    EXPECT_THAT(missing.err, HasSubstr("(NOT_FOUND)")) << ref;
  }
}

TEST_F(CliTrainingE2eTest, EmbedWritesOnePointPerSet) {
  const std::string out = testing::ScratchDir() + "/latent.csv";
  const testing::LatentctlResult result = server_->Run(absl::StrCat(
      "embed --encoder ", kEncoder, " ", testing::BundledPath(ZprimeSample()), " --out ", out));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const int k = server_->Json(absl::StrCat("encoders show ", kEncoder))["events_per_set"];
  const std::vector<std::string> lines =
      absl::StrSplit(testing::ReadFile(out), '\n', absl::SkipEmpty());
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0], "set,x,y");
  EXPECT_EQ(static_cast<int64_t>(lines.size()) - 1, ZprimeSample().events / k);
  for (size_t i = 1; i < lines.size(); ++i) {
    const std::vector<std::string> cells = absl::StrSplit(lines[i], ',');
    ASSERT_EQ(cells.size(), 3u) << lines[i];
    EXPECT_EQ(cells[0], std::to_string(i - 1));
    double x = 0;
    double y = 0;
    EXPECT_TRUE(absl::SimpleAtod(cells[1], &x) && std::isfinite(x)) << lines[i];
    EXPECT_TRUE(absl::SimpleAtod(cells[2], &y) && std::isfinite(y)) << lines[i];
  }
  EXPECT_EQ(server_->Run("embed --encoder no_such_encoder " + testing::BundledPath(ZprimeSample()))
                .exit_code,
            1);
}

TEST_F(CliTrainingE2eTest, NearestRanksTheTrueModelFirst) {
  for (const testing::CliSample* sample : {&ZprimeSample(), &SquarkSample()}) {
    const nlohmann::json json = server_->Json(
        absl::StrCat("nearest --encoder ", kRankedEncoder, " ", testing::BundledPath(*sample)));
    ASSERT_EQ(json.size(), 12u) << json;
    EXPECT_EQ(json["warnings"], nlohmann::json::array()) << "detector level throughout";
    EXPECT_EQ(json["encoder"], kRankedEncoder);
    EXPECT_TRUE(json["parameter_likelihood"].is_null()) << "no --out, no map";
    ASSERT_EQ(json["ranking"].size(), 2u) << json;
    EXPECT_EQ(json["ranking"][0]["model"], sample->name) << json;
    double posteriors = 0;
    for (const nlohmann::json& match : json["ranking"]) {
      EXPECT_EQ(match.size(), 8u) << match;
      for (const char* key : {"posterior", "log_likelihood", "distance", "fraction"}) {
        EXPECT_TRUE(match[key].is_number()) << key << " " << match;
      }
      EXPECT_TRUE(match["parameters"].is_object());
      posteriors += match["posterior"].get<double>();
    }
    EXPECT_NEAR(posteriors, 1.0, 1e-9) << json;
    EXPECT_GT(json["ranking"][0]["posterior"].get<double>(), 0.5) << json;
    // The fit test against the best model's held-out sets ran (the file is the model's own
    // sample, so it fits).
    ASSERT_TRUE(json["fit"].is_object()) << json;
    EXPECT_EQ(json["fit"]["model"], sample->name);
    EXPECT_GT(json["fit"]["p_value"].get<double>(), 0.01) << json["fit"];
    // Bundled Dark Machines files carry no family: no parameters are inferred across models.
    EXPECT_TRUE(json["inferred"].empty()) << json;
    EXPECT_THAT(json["inference_note"].get<std::string>(), HasSubstr("no family label"));
    // An independent statistic agrees with the ranking: the true model wins more of the sample's
    // sets than the other model.
    EXPECT_GT(json["ranking"][0]["fraction"].get<double>(),
              json["ranking"][1]["fraction"].get<double>())
        << json;
    EXPECT_GT(json["sets"].get<int64_t>(), 0);
  }
  const testing::LatentctlResult table = server_->Run(
      absl::StrCat("nearest --encoder ", kRankedEncoder, " --sample ", SquarkSample().name));
  EXPECT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(table.out, HasSubstr("POSTERIOR"));
  EXPECT_THAT(table.out, HasSubstr("as well as its held-out sets do"));
  const testing::LatentctlResult missing =
      server_->Run("nearest --encoder no_such_encoder " + testing::BundledPath(ZprimeSample()));
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.err, HasSubstr("(NOT_FOUND)"));
}

TEST_F(CliTrainingE2eTest, CancelARunningJob) {
  const nlohmann::json submitted = server_->Json(
      absl::StrCat("train --encoder cli_cancelled --samples ", TrainingSamples(),
                   " --epochs 10000 --patience -1"));  // minutes of training: no early stop
  const std::string id = submitted["id"];
  EXPECT_EQ(submitted["state"], "QUEUED");
  const bool ran =
      testing::Eventually([&] { return server_->Json("jobs get " + id)["state"] == "RUNNING"; });
  EXPECT_TRUE(ran) << "job " << id << " never ran";
  const testing::LatentctlResult cancel = server_->Run("jobs cancel " + id);
  EXPECT_EQ(cancel.exit_code, 0) << cancel.err;
  // The watch ends with the job CANCELLED: not a success.
  const testing::LatentctlResult watch = server_->Run("jobs watch " + id + " --json");
  EXPECT_EQ(watch.exit_code, 1);
  EXPECT_THAT(watch.err, HasSubstr("ended CANCELLED"));
  EXPECT_EQ(server_->Json("jobs get " + id)["state"], "CANCELLED");
  // A job that already SUCCEEDED cannot be cancelled.
  const testing::LatentctlResult finished =
      server_->Run("jobs cancel " + (*trained_)["id"].get<std::string>());
  EXPECT_EQ(finished.exit_code, 1);
  EXPECT_THAT(finished.err, HasSubstr("(FAILED_PRECONDITION)"));
}

TEST_F(CliTrainingE2eTest, TrainingOnAMissingSampleIsNotFound) {
  const testing::LatentctlResult result = server_->Run(
      absl::StrCat("train --encoder x --samples ", ZprimeSample().name, ",no_such_sample --wait"));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("(NOT_FOUND)"));
}

}  // namespace
}  // namespace latentspace
