// Tests of `latentctl train` against a fake latentd: the request carries every option; --wait
// follows the job and exits 0 only when it SUCCEEDED, printing the finished job (JSON fields
// scripts use).
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/client/fake_handlers.h"
#include "tests/client/fake_latentd.h"
#include "tests/client/latentctl_runner.h"

namespace latentspace {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::LatentctlResult;
using testing::RunLatentctl;
using testing::ServerFlag;

class TrainCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.submit_training = [this](grpc::ServerContext*, const v1::TrainingRequest& request,
                                     v1::Job* job) {
      request_ = request;
      if (request.samples_size() < 2) {
        return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "samples: need at least 2");
      }
      job->set_id("job-7");
      job->set_state(v1::JOB_STATE_QUEUED);
      *job->mutable_request() = request;
      return grpc::Status::OK;
    };
    v1::Job job;
    job.set_started_unix_ms(1714564800000);
    job.set_finished_unix_ms(1714564830000);
    job.set_sets_per_second(812.5);
    job.mutable_progress()->set_train_loss(2.5);
    testing::WatchTwoEpochs(
        &server_, job, &final_state_,
        [](v1::Job* job) {
          job->set_encoder("enc");
          job->set_encoder_version(4);
        },
        "encoder collapsed 3 times");
    ASSERT_TRUE(server_.Start());
    flag_ = ServerFlag(server_.address());
  }

  testing::FakeLatentd server_;
  std::string flag_;
  v1::TrainingRequest request_;
  v1::JobState final_state_ = v1::JOB_STATE_SUCCEEDED;
};

TEST_F(TrainCommandTest, SubmitSendsEveryOptionAndPrintsTheJob) {
  const LatentctlResult result =
      RunLatentctl(flag_ +
                   "train --encoder enc --samples a,b,c --preset monojet --variant autoencoder "
                   "--epochs 2 --batch-size 64 --seed 7 --learning-rate 0.01 --patience -1 "
                   "--final-lr-fraction 0.1 --initialisations 3 "
                   "--events-per-set 5 --validation-fraction 0.3 --missing-jets zero "
                   "--max-events-per-sample 1000 --json");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.json()["id"], "job-7");
  EXPECT_EQ(result.json()["state"], "QUEUED");
  EXPECT_EQ(request_.encoder(), "enc");
  EXPECT_THAT(request_.samples(), ElementsAre("a", "b", "c"));
  EXPECT_EQ(request_.preset(), "monojet");
  EXPECT_EQ(request_.variant(), "autoencoder");
  EXPECT_EQ(request_.epochs(), 2);
  EXPECT_EQ(request_.batch_size(), 64);
  EXPECT_EQ(request_.seed(), 7u);
  EXPECT_EQ(request_.learning_rate(), 0.01);
  EXPECT_EQ(request_.patience(), -1);
  EXPECT_EQ(request_.final_learning_rate_fraction(), 0.1);
  EXPECT_EQ(request_.initialisations(), 3);
  EXPECT_EQ(request_.events_per_set(), 5);
  EXPECT_EQ(request_.validation_fraction(), 0.3);
  EXPECT_EQ(request_.missing_jets(), "zero");
  EXPECT_EQ(request_.max_events_per_sample(), 1000);

  const LatentctlResult text = RunLatentctl(flag_ + "train --encoder enc --samples a,b");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("job-7"));
  EXPECT_THAT(text.out, HasSubstr("QUEUED"));
}

TEST_F(TrainCommandTest, WaitJsonPrintsTheFinishedJob) {
  const LatentctlResult result =
      RunLatentctl(flag_ + "--json train --encoder enc --samples a,b --epochs 2 --wait");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json json = result.json();
  ASSERT_FALSE(json.is_discarded()) << result.out;
  EXPECT_EQ(json["id"], "job-7");
  EXPECT_EQ(json["state"], "SUCCEEDED");
  EXPECT_EQ(json["started_at"], "2024-05-01T12:00:00.000Z");
  EXPECT_EQ(json["finished_at"], "2024-05-01T12:00:30.000Z");
  EXPECT_EQ(json["sets_per_second"], 812.5);
  EXPECT_EQ(json["encoder"], "enc");
  EXPECT_EQ(json["encoder_version"], 4);
  EXPECT_EQ(json["error"], "");
  EXPECT_EQ(json["progress"]["epoch"], 2);
  EXPECT_EQ(json["progress"]["epochs"], 2);
}

TEST_F(TrainCommandTest, WaitOnAFailedJobExitsOneWithItsError) {
  final_state_ = v1::JOB_STATE_FAILED;
  LatentctlResult result = RunLatentctl(flag_ + "train --encoder enc --samples a,b --wait");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("job job-7 ended FAILED: encoder collapsed 3 times"));
  EXPECT_THAT(result.out, HasSubstr("FAILED"));
  result = RunLatentctl(flag_ + "train --encoder enc --samples a,b --wait --json");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.json()["state"], "FAILED");
  EXPECT_EQ(result.json()["error"], "encoder collapsed 3 times");
}

TEST_F(TrainCommandTest, ServerErrorsAndUsage) {
  LatentctlResult result = RunLatentctl(flag_ + "train --encoder enc --samples a --wait");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err, "error: samples: need at least 2 (INVALID_ARGUMENT)\n");
  EXPECT_EQ(RunLatentctl(flag_ + "train --samples a,b").exit_code, 2);
  EXPECT_EQ(RunLatentctl(flag_ + "train --encoder e --samples a,b --epochs x").exit_code, 2);
  EXPECT_EQ(RunLatentctl(flag_ + "train --encoder e --samples a,b --epochs 0").exit_code, 2);
}

}  // namespace
}  // namespace latentspace
