// Tests of the job manager over a real store with a scripted runner (no training): states, progress
// to watchers, cancellation of queued and running jobs, queue bound, failures, and shutdown and
// restart with queued jobs kept.
#include "server/jobs/job_manager.h"

#include <atomic>
#include <chrono>
#include <thread>

#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/server/store/store_testing.h"

namespace latentspace::server {
namespace {

using ::testing::HasSubstr;

v1::TrainingRequest Request(const std::string& encoder) {
  v1::TrainingRequest request;
  request.set_encoder(encoder);
  request.add_samples("a");
  request.add_samples("b");
  request.set_epochs(3);
  return request;
}

// A runner that reports one progress per epoch and commits a tiny "checkpoint"; `block` makes it
// wait for cancellation instead; `fail` makes it fail.
struct ScriptedRunner {
  store::Store* store = nullptr;
  std::atomic<bool> block{false};
  std::atomic<bool> fail{false};
  std::atomic<int> runs{0};
  absl::Notification started;

  JobRunner AsRunner() {
    return [this](const v1::Job& job, const TrainingProgressCallback& progress,
                  const CancellationToken& cancel) -> absl::StatusOr<store::ModelRecord> {
      ++runs;
      if (!started.HasBeenNotified()) started.Notify();
      const bool detector = job.has_detector_request();
      const int64_t epochs = detector ? job.detector_request().epochs() : job.request().epochs();
      for (int64_t epoch = 0; epoch < epochs; ++epoch) {
        TrainingProgress report;
        report.epoch = epoch;
        report.epochs = epochs;
        report.step = report.steps_per_epoch = 1;
        report.train_loss = 1.0 / (epoch + 1);
        report.validation_loss = 0.5;
        report.sets_per_second = 100;
        report.fraction = (epoch + 1.0) / epochs;
        report.eta_seconds = 1;
        progress(report);
      }
      while (block && !cancel.cancelled())
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      if (cancel.cancelled()) return absl::CancelledError("cancelled");
      if (fail) return absl::InternalError("scripted failure");
      const store::ModelKind kind =
          detector ? store::ModelKind::kDetector : store::ModelKind::kEncoder;
      auto blob = store->BeginModelUpload(kind);
      EXPECT_TRUE((*blob)->Append("weights").ok());
      store::ModelRecord record;
      record.name = detector ? job.detector_request().detector() : job.request().encoder();
      record.preset = "darkmachines";
      return store->CommitModelAndFinishJob(kind, job.id(), *std::move(blob), record);
    };
  }
};

v1::Job WaitForEnd(JobManager& jobs, const std::string& id) {
  for (int i = 0; i < 1000; ++i) {
    v1::Job job = *jobs.Get(id);
    if (job.state() != v1::JOB_STATE_QUEUED && job.state() != v1::JOB_STATE_RUNNING) return job;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ADD_FAILURE() << "job " << id << " did not end";
  return {};
}

class JobManagerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = store::testing::OpenScratchStore();
    ASSERT_NE(store_, nullptr);
    runner_.store = store_.get();
  }
  std::unique_ptr<store::Store> store_;
  ScriptedRunner runner_;
};

TEST_F(JobManagerTest, RunsAJobToSuccessAndTellsWatchers) {
  JobManager jobs(store_.get(), runner_.AsRunner(), {1, 8});
  absl::StatusOr<v1::Job> submitted = jobs.Submit(Request("enc"));
  ASSERT_TRUE(submitted.ok()) << submitted.status();
  EXPECT_EQ(submitted->state(), v1::JOB_STATE_QUEUED);
  absl::Mutex mutex;
  std::vector<v1::Job> seen;
  absl::StatusOr<uint64_t> handle = jobs.Watch(submitted->id(), [&](const v1::Job& job) {
    absl::MutexLock lock(&mutex);
    seen.push_back(job);
  });
  ASSERT_TRUE(handle.ok());
  ASSERT_TRUE(jobs.Start().ok());
  const v1::Job done = WaitForEnd(jobs, submitted->id());
  EXPECT_EQ(done.state(), v1::JOB_STATE_SUCCEEDED);
  EXPECT_EQ(done.encoder(), "enc");
  EXPECT_EQ(done.encoder_version(), 1);
  EXPECT_GT(done.started_unix_ms(), 0);
  EXPECT_GE(done.finished_unix_ms(), done.started_unix_ms());
  EXPECT_EQ(done.progress().epoch(), 3);
  EXPECT_DOUBLE_EQ(done.progress().ratio(), 1.0);
  jobs.Unwatch(*handle);
  absl::MutexLock lock(&mutex);
  ASSERT_GE(seen.size(), 5u);  // queued, running, 3 progress reports, succeeded
  EXPECT_EQ(seen.front().state(), v1::JOB_STATE_QUEUED);
  EXPECT_EQ(seen.back().state(), v1::JOB_STATE_SUCCEEDED);
  EXPECT_EQ(jobs.Cancel(submitted->id()).status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(JobManagerTest, RunsADetectorJobAndNamesItsDetector) {
  JobManager jobs(store_.get(), runner_.AsRunner(), {1, 8});
  ASSERT_TRUE(jobs.Start().ok());
  // An encoder and a detector of one name: each kind counts its own versions.
  const v1::Job encoder_job = WaitForEnd(jobs, jobs.Submit(Request("shared"))->id());
  v1::DetectorTrainingRequest request;
  request.set_detector("shared");
  request.set_kind("autoencoder");
  request.set_reference("a");
  request.set_epochs(2);
  absl::StatusOr<v1::Job> submitted = jobs.Submit(request);
  ASSERT_TRUE(submitted.ok()) << submitted.status();
  EXPECT_TRUE(submitted->has_detector_request());
  EXPECT_FALSE(submitted->has_request());
  const v1::Job done = WaitForEnd(jobs, submitted->id());
  EXPECT_EQ(done.state(), v1::JOB_STATE_SUCCEEDED) << done.error();
  EXPECT_EQ(done.detector(), "shared");
  EXPECT_EQ(done.detector_version(), 1);
  EXPECT_EQ(done.encoder(), "");
  EXPECT_EQ(done.detector_request().reference(), "a");
  EXPECT_EQ(done.progress().epoch(), 2);
  EXPECT_EQ(encoder_job.encoder_version(), 1);
  EXPECT_EQ(store_->GetJob(done.id())->kind, store::kTrainDetectorJob);
  EXPECT_EQ(store_->ListModels(store::ModelKind::kDetector)->size(), 1u);
  // Listed from the store after the run, the job still reads as a detector job.
  absl::StatusOr<std::vector<v1::Job>> listed = jobs.List(v1::JOB_STATE_SUCCEEDED);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].detector(), "shared");  // newest first
  EXPECT_EQ((*listed)[1].encoder(), "shared");
}

TEST_F(JobManagerTest, CancelsRunningAndQueuedJobs) {
  runner_.block = true;
  JobManager jobs(store_.get(), runner_.AsRunner(), {1, 8});
  ASSERT_TRUE(jobs.Start().ok());
  const std::string running = jobs.Submit(Request("one"))->id();
  const std::string queued = jobs.Submit(Request("two"))->id();
  runner_.started.WaitForNotification();
  absl::StatusOr<v1::Job> cancelled_queued = jobs.Cancel(queued);
  ASSERT_TRUE(cancelled_queued.ok()) << cancelled_queued.status();
  EXPECT_EQ(cancelled_queued->state(), v1::JOB_STATE_CANCELLED);
  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<v1::Job> cancelled_running = jobs.Cancel(running);
  ASSERT_TRUE(cancelled_running.ok());
  EXPECT_EQ(cancelled_running->state(), v1::JOB_STATE_CANCELLED);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  EXPECT_EQ(runner_.runs, 1);  // the queued job never ran
  EXPECT_EQ(jobs.Cancel("job-999999").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(JobManagerTest, RecordsFailuresAndBoundsTheQueue) {
  runner_.fail = true;
  JobManager jobs(store_.get(), runner_.AsRunner(), {1, 2});
  ASSERT_TRUE(jobs.Submit(Request("a1")).ok());
  ASSERT_TRUE(jobs.Submit(Request("a2")).ok());
  EXPECT_EQ(jobs.Submit(Request("a3")).status().code(), absl::StatusCode::kResourceExhausted);
  ASSERT_TRUE(jobs.Start().ok());
  const v1::Job failed = WaitForEnd(jobs, "job-000001");
  EXPECT_EQ(failed.state(), v1::JOB_STATE_FAILED);
  EXPECT_THAT(failed.error(), HasSubstr("scripted failure"));
  EXPECT_EQ(WaitForEnd(jobs, "job-000002").state(), v1::JOB_STATE_FAILED);
  EXPECT_EQ(jobs.List(v1::JOB_STATE_FAILED)->size(), 2u);
  EXPECT_EQ(jobs.List(v1::JOB_STATE_UNSPECIFIED)->size(), 2u);
  // A value that is no JobState is refused, not read as "every state".
  const absl::Status unknown = jobs.List(static_cast<v1::JobState>(42)).status();
  EXPECT_EQ(unknown.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(unknown.message()), HasSubstr("ListJobsRequest.state = 42"));
}

TEST_F(JobManagerTest, ShutdownInterruptsRunningJobsAndKeepsQueuedOnesForTheNextStart) {
  runner_.block = true;
  std::string running, queued;
  {
    JobManager jobs(store_.get(), runner_.AsRunner(), {1, 8});
    ASSERT_TRUE(jobs.Start().ok());
    running = jobs.Submit(Request("one"))->id();
    queued = jobs.Submit(Request("two"))->id();
    runner_.started.WaitForNotification();
    jobs.Shutdown();
    EXPECT_EQ(jobs.Submit(Request("three")).status().code(), absl::StatusCode::kUnavailable);
  }
  EXPECT_EQ(store_->GetJob(running)->state, store::JobState::kFailed);
  EXPECT_THAT(store_->GetJob(running)->error, HasSubstr("interrupted by server shutdown"));
  EXPECT_EQ(store_->GetJob(queued)->state, store::JobState::kQueued);
  runner_.block = false;
  JobManager restarted(store_.get(), runner_.AsRunner(), {1, 8});
  ASSERT_TRUE(restarted.Start().ok());
  EXPECT_EQ(WaitForEnd(restarted, queued).state(), v1::JOB_STATE_SUCCEEDED);
}

}  // namespace
}  // namespace latentspace::server
