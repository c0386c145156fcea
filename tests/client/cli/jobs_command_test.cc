// Tests of `latentctl jobs` against a fake latentd: list with a state filter, get, watch (JSON
// lines), cancel, and NOT_FOUND.
#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/client/fake_latentd.h"
#include "tests/client/latentctl_runner.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;
using testing::LatentctlResult;
using testing::RunLatentctl;
using testing::ServerFlag;

v1::Job MakeJob(const std::string& id, v1::JobState state, int64_t epoch) {
  v1::Job job;
  job.set_id(id);
  job.set_state(state);
  job.mutable_request()->set_encoder("enc");
  job.mutable_request()->add_samples("a");
  job.mutable_request()->add_samples("b");
  job.mutable_progress()->set_epoch(epoch);
  job.mutable_progress()->set_epochs(3);
  return job;
}

class JobsCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.list_jobs = [this](grpc::ServerContext*, const v1::ListJobsRequest& request,
                               v1::ListJobsResponse* response) {
      listed_state_ = request.state();
      *response->add_jobs() = MakeJob("job-2", v1::JOB_STATE_RUNNING, 2);
      *response->add_jobs() = MakeJob("job-1", v1::JOB_STATE_SUCCEEDED, 3);
      return grpc::Status::OK;
    };
    server_.get_job = [](grpc::ServerContext*, const v1::GetJobRequest& request, v1::Job* job) {
      if (request.id() != "job-1") {
        return grpc::Status(grpc::StatusCode::NOT_FOUND, "job '" + request.id() + "' not found");
      }
      *job = MakeJob("job-1", v1::JOB_STATE_SUCCEEDED, 3);
      return grpc::Status::OK;
    };
    server_.watch_job = [](grpc::ServerContext*, const v1::WatchJobRequest& request,
                           grpc::ServerWriter<v1::Job>* writer) {
      for (int epoch = 1; epoch <= 3; ++epoch) {
        writer->Write(MakeJob(request.id(),
                              epoch == 3 ? v1::JOB_STATE_CANCELLED : v1::JOB_STATE_RUNNING, epoch));
      }
      return grpc::Status::OK;
    };
    server_.cancel_job = [](grpc::ServerContext*, const v1::CancelJobRequest& request,
                            v1::Job* job) {
      if (request.id() == "job-1") {
        return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, "job 'job-1' has finished");
      }
      *job = MakeJob(request.id(), v1::JOB_STATE_CANCELLED, 2);
      return grpc::Status::OK;
    };
    ASSERT_TRUE(server_.Start());
    flag_ = ServerFlag(server_.address());
  }

  testing::FakeLatentd server_;
  std::string flag_;
  v1::JobState listed_state_ = v1::JOB_STATE_UNSPECIFIED;
};

TEST_F(JobsCommandTest, ListWithStateFilter) {
  LatentctlResult result = RunLatentctl(flag_ + "jobs list --state running");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(listed_state_, v1::JOB_STATE_RUNNING);
  EXPECT_THAT(result.out, HasSubstr("ID"));
  EXPECT_THAT(result.out, HasSubstr("job-2"));
  EXPECT_THAT(result.out, HasSubstr("RUNNING"));
  EXPECT_THAT(result.out, HasSubstr("2/3"));
  result = RunLatentctl(flag_ + "jobs list --json");
  EXPECT_EQ(listed_state_, v1::JOB_STATE_UNSPECIFIED);
  EXPECT_EQ(result.json()["jobs"].size(), 2u);
  EXPECT_EQ(result.json()["jobs"][1]["state"], "SUCCEEDED");
  EXPECT_EQ(RunLatentctl(flag_ + "jobs list --state done").exit_code, 2);
}

TEST_F(JobsCommandTest, GetAndNotFound) {
  LatentctlResult result = RunLatentctl(flag_ + "jobs get job-1 --json");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.json()["id"], "job-1");
  result = RunLatentctl(flag_ + "jobs get job-9");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err, "error: job 'job-9' not found (NOT_FOUND)\n");
}

TEST_F(JobsCommandTest, WatchJsonPrintsOneLinePerUpdate) {
  const LatentctlResult result = RunLatentctl(flag_ + "jobs watch job-3 --json");
  EXPECT_EQ(result.exit_code, 1);  // it ended CANCELLED
  EXPECT_THAT(result.err, HasSubstr("job job-3 ended CANCELLED"));
  std::istringstream lines(result.out);
  std::string line;
  std::vector<nlohmann::json> updates;
  while (std::getline(lines, line)) updates.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(updates.size(), 3u);
  EXPECT_EQ(updates[0]["progress"]["epoch"], 1);
  EXPECT_EQ(updates[2]["state"], "CANCELLED");
}

TEST_F(JobsCommandTest, Cancel) {
  LatentctlResult result = RunLatentctl(flag_ + "jobs cancel job-2");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("CANCELLED"));
  result = RunLatentctl(flag_ + "jobs cancel job-1");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err, "error: job 'job-1' has finished (FAILED_PRECONDITION)\n");
  EXPECT_EQ(RunLatentctl(flag_ + "jobs cancel").exit_code, 2);
}

}  // namespace
}  // namespace latentspace
