// Tests of `latentctl detectors train|list|show|delete` against a fake latentd: train sends every
// option and --wait follows the detector job like `train --wait`; list, show and delete print the
// documented JSON and text; bad arguments exit 2 before any call, server errors (NOT_FOUND,
// INVALID_ARGUMENT) 1, an unreachable server 3.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/client/fake_detector.h"
#include "tests/client/fake_handlers.h"
#include "tests/client/fake_latentd.h"
#include "tests/client/latentctl_runner.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;
using testing::LatentctlResult;
using testing::RunLatentctl;
using testing::ServerFlag;
using ::testing::UnorderedElementsAre;

std::vector<std::string> Keys(const nlohmann::json& json) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : json.items()) keys.push_back(key);
  return keys;
}

class DetectorsCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    detector_.Install(&server_);
    server_.submit_detector_training =
        [this](grpc::ServerContext*, const v1::DetectorTrainingRequest& request, v1::Job* job) {
          ++submissions_;
          request_ = request;
          if (request.kind() == "classifier" && request.signal().empty()) {
            return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                "signal: kind 'classifier' needs a signal sample");
          }
          if (request.reference() != "background") {
            return grpc::Status(grpc::StatusCode::NOT_FOUND,
                                absl::StrCat("sample '", request.reference(), "' not found"));
          }
          job->set_id("job-9");
          job->set_state(v1::JOB_STATE_QUEUED);
          *job->mutable_detector_request() = request;
          return grpc::Status::OK;
        };
    v1::Job job;
    job.mutable_detector_request()->set_detector("det");
    job.set_sets_per_second(25000);
    testing::WatchTwoEpochs(
        &server_, job, &final_state_,
        [](v1::Job* job) {
          job->set_detector("det");
          job->set_detector_version(3);
        },
        "reference has no accepted events");
    ASSERT_TRUE(server_.Start());
    flag_ = ServerFlag(server_.address());
  }

  testing::FakeLatentd server_;
  testing::FakeDetector detector_;
  std::string flag_;
  int submissions_ = 0;
  v1::DetectorTrainingRequest request_;
  v1::JobState final_state_ = v1::JOB_STATE_SUCCEEDED;
};

TEST_F(DetectorsCommandTest, TrainSendsEveryOptionAndPrintsTheJob) {
  const LatentctlResult result = RunLatentctl(
      flag_ +
      "detectors train --name det --kind vae-classifier --reference background --signal zp "
      "--preset rmm-3 --epochs 20 --batch-size 128 --seed 11 --learning-rate 0.002 --patience -1 "
      "--validation-fraction 0.25 --latent-dim 6 --kl-weight 0.5 --missing-jets zero "
      "--max-events-per-sample 500 --significance-keep 0.05 --json");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(request_.detector(), "det");
  EXPECT_EQ(request_.kind(), "vae-classifier");
  EXPECT_EQ(request_.reference(), "background");
  EXPECT_EQ(request_.signal(), "zp");
  EXPECT_EQ(request_.preset(), "rmm-3");
  EXPECT_EQ(request_.epochs(), 20);
  EXPECT_EQ(request_.batch_size(), 128);
  EXPECT_EQ(request_.seed(), 11u);
  EXPECT_EQ(request_.learning_rate(), 0.002);
  EXPECT_EQ(request_.patience(), -1);
  EXPECT_EQ(request_.validation_fraction(), 0.25);
  EXPECT_EQ(request_.latent_dim(), 6);
  EXPECT_EQ(request_.kl_weight(), 0.5);
  EXPECT_EQ(request_.missing_jets(), "zero");
  EXPECT_EQ(request_.max_events_per_sample(), 500);
  EXPECT_EQ(request_.significance_keep(), 0.05);
  const nlohmann::json json = result.json();
  EXPECT_THAT(Keys(json), UnorderedElementsAre("id", "state", "detector", "detector_version",
                                               "error", "created_at", "started_at", "finished_at",
                                               "sets_per_second", "progress", "detector_request"));
  EXPECT_EQ(json["id"], "job-9");
  EXPECT_EQ(json["state"], "QUEUED");
  EXPECT_EQ(json["detector_request"]["kind"], "vae-classifier");
  EXPECT_EQ(json["detector_request"]["signal"], "zp");
  EXPECT_EQ(json["detector_request"]["latent_dim"], 6);

  const LatentctlResult text =
      RunLatentctl(flag_ + "detectors train --name det --reference background");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_EQ(request_.kind(), "") << "the server's default";
  EXPECT_THAT(text.out, HasSubstr("job-9"));
  EXPECT_THAT(text.out, HasSubstr("detector   det"));
  EXPECT_THAT(text.out, HasSubstr("reference  background"));
}

TEST_F(DetectorsCommandTest, TrainWaitFollowsTheJobToItsEnd) {
  LatentctlResult result = RunLatentctl(
      flag_ + "--json detectors train --name det --kind vae --reference background --wait");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  nlohmann::json json = result.json();
  ASSERT_FALSE(json.is_discarded()) << result.out;
  EXPECT_EQ(json["state"], "SUCCEEDED");
  EXPECT_EQ(json["detector"], "det");
  EXPECT_EQ(json["detector_version"], 3);
  EXPECT_EQ(json["sets_per_second"], 25000);
  EXPECT_EQ(json["progress"]["epoch"], 2);

  result = RunLatentctl(flag_ + "detectors train --name det --reference background --wait");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("job job-9 submitted"));
  EXPECT_THAT(result.out, HasSubstr("det:3"));
  EXPECT_THAT(result.out, HasSubstr("events/s"));

  final_state_ = v1::JOB_STATE_FAILED;
  result = RunLatentctl(flag_ + "detectors train --name det --reference background --wait");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("job job-9 ended FAILED: reference has no accepted events"));
}

TEST_F(DetectorsCommandTest, TrainUsageAndServerErrors) {
  for (const std::string& arguments : std::vector<std::string>{
           "detectors train --reference background", "detectors train --name det",
           "detectors train --name det --reference background --kind forest",
           "detectors train --name det --reference background --epochs 0",
           "detectors train --name det --reference background --kl-weight -1"}) {
    EXPECT_EQ(RunLatentctl(flag_ + arguments).exit_code, 2) << arguments;
  }
  EXPECT_EQ(submissions_, 0);
  LatentctlResult result =
      RunLatentctl(flag_ + "detectors train --name det --reference background --kind classifier");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err,
            "error: signal: kind 'classifier' needs a signal sample (INVALID_ARGUMENT)\n");
  result = RunLatentctl(flag_ + "detectors train --name det --reference nope --wait");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err, "error: sample 'nope' not found (NOT_FOUND)\n");
}

TEST_F(DetectorsCommandTest, ListJsonAndTable) {
  LatentctlResult result = RunLatentctl(flag_ + "detectors list --json");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  nlohmann::json json = result.json();
  ASSERT_EQ(json["detectors"].size(), 1u);
  EXPECT_EQ(json["detectors"][0]["version"], 2);
  EXPECT_THAT(
      Keys(json["detectors"][0]),
      UnorderedElementsAre("name", "version", "job_id", "kind", "preset", "feature_names",
                           "reference", "signal", "reference_events", "signal_events", "latent_dim",
                           "kl_weight", "validation", "best_epoch", "best_validation_loss", "cuts",
                           "created_at", "stored_bytes", "loaded", "history"));
  EXPECT_TRUE(json["detectors"][0]["validation"]["auc"].is_null());
  EXPECT_EQ(json["detectors"][0]["cuts"], nlohmann::json::array());

  result = RunLatentctl(flag_ + "detectors list --all-versions");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out,
              HasSubstr("NAME  VERSION  KIND  PRESET        REFERENCE   SIGNAL  AUC  CREATED"));
  EXPECT_THAT(result.out, HasSubstr("det   1        vae   darkmachines  background  -       -"));
  EXPECT_THAT(result.out, HasSubstr("det   2"));
}

TEST_F(DetectorsCommandTest, ShowJsonTextAndErrors) {
  LatentctlResult result = RunLatentctl(flag_ + "detectors show det:1 --json");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json json = result.json();
  EXPECT_EQ(json["name"], "det");
  EXPECT_EQ(json["version"], 1);
  EXPECT_EQ(json["kind"], "vae");
  EXPECT_EQ(json["feature_names"], nlohmann::json({"met", "ht"}));
  ASSERT_EQ(json["cuts"].size(), 3u);
  EXPECT_EQ(json["cuts"][1]["keep"], 0.01);
  EXPECT_DOUBLE_EQ(json["cuts"][1]["score"].get<double>(), testing::FakeCut(0.01));
  EXPECT_EQ(json["history"][0]["validation_loss"], 1.25);
  EXPECT_EQ(json["created_at"], "2024-05-01T12:00:00.000Z");
  EXPECT_EQ(json["loaded"], true);

  result = RunLatentctl(flag_ + "detectors show det");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("version           2"));
  EXPECT_THAT(result.out, HasSubstr("reference         background (700 events)"));
  EXPECT_THAT(result.out, HasSubstr("KEEP   SCORE CUT"));
  EXPECT_THAT(result.out, HasSubstr("0.001  2072.33"));

  result = RunLatentctl(flag_ + "detectors show nope");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err, "error: detector 'nope:0' not found (NOT_FOUND)\n");
  result = RunLatentctl(flag_ + "detectors show det:4");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("(NOT_FOUND)"));
  result = RunLatentctl(flag_ + "detectors show det:x");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("detector 'det:x': version 'x' is not a positive integer"));
  EXPECT_EQ(RunLatentctl(flag_ + "detectors show").exit_code, 2);
  EXPECT_EQ(RunLatentctl(flag_ + "detectors").exit_code, 2);
}

TEST_F(DetectorsCommandTest, DeleteOneOrEveryVersion) {
  LatentctlResult result = RunLatentctl(flag_ + "detectors delete det");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "deleted every version of detector det\n");
  result = RunLatentctl(flag_ + "detectors delete det:2 --json");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.json(), nlohmann::json({{"deleted", "det"}, {"version", 2}}));
  result = RunLatentctl(flag_ + "detectors delete other:1");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err, "error: detector 'other:1' not found (NOT_FOUND)\n");
  EXPECT_EQ(RunLatentctl(flag_ + "detectors delete det:0").exit_code, 2);
  const std::vector<v1::DetectorRef> deleted = detector_.deleted();
  ASSERT_EQ(deleted.size(), 3u);
  EXPECT_EQ(deleted[0].version(), 0);
  EXPECT_EQ(deleted[1].version(), 2);
  EXPECT_EQ(deleted[2].name(), "other");
}

TEST_F(DetectorsCommandTest, UnreachableServerExitsThree) {
  const LatentctlResult result = RunLatentctl("--server 127.0.0.1:1 detectors list --timeout 5");
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_THAT(result.err, HasSubstr("cannot reach latentd at 127.0.0.1:1"));
}

}  // namespace
}  // namespace latentspace
