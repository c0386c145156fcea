// End to end: latentd killed (SIGKILL) or stopped (SIGTERM) in the middle of a training, then
// started again on the same data directory. Samples and encoders that were acknowledged are intact
// and answer as before; the interrupted job is FAILED with the reason; a job still queued runs.
#include <filesystem>

#include "tests/e2e/server_e2e.h"

namespace latentspace::e2e {
namespace {

constexpr char kSquark[] = "squark_1800_800";
constexpr char kZprime[] = "zprime_monojet_2000_50";

class ServerRestart : public LatentdTest {
 protected:
  void UploadSmallPair() {
    ASSERT_TRUE(IsOk(UploadBundled(api(), kSquark, nullptr, 600)));
    ASSERT_TRUE(IsOk(UploadBundled(api(), kZprime, nullptr, 600)));
  }

  // A training that runs until it is stopped.
  static v1::TrainingRequest Endless(const std::string& encoder) {
    v1::TrainingRequest request = TrainingRequest(encoder, {kSquark, kZprime}, 2000);
    request.set_patience(-1);
    return request;
  }

  // Waits until job `id` is RUNNING and has reported progress.
  ::testing::AssertionResult AwaitProgress(const std::string& id) {
    const v1::Job job = api().AwaitJobUntil(id, [](const v1::Job& j) {
      return j.state() == v1::JOB_STATE_RUNNING && j.progress().ratio() > 0;
    });
    if (job.state() == v1::JOB_STATE_RUNNING && job.progress().ratio() > 0) {
      return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure()
           << "job " << id << " did not progress: " << job.DebugString();
  }

  bool StagingEmpty() const {
    std::error_code error;
    return std::filesystem::is_empty(data_dir() + "/staging", error) && !error;
  }
};

TEST_F(ServerRestart, KillDuringTrainingKeepsSamplesAndEncoders) {
  ASSERT_TRUE(StartServer());
  ASSERT_NO_FATAL_FAILURE(UploadSmallPair());
  v1::Job trained;
  ASSERT_TRUE(IsOk(api().Submit(TrainingRequest("before", {kSquark, kZprime}, 2), &trained)));
  trained = api().AwaitJob(trained.id());
  ASSERT_EQ(trained.state(), v1::JOB_STATE_SUCCEEDED) << trained.DebugString();

  v1::ListSamplesResponse samples_before;
  ASSERT_TRUE(IsOk(api().ListSamples(&samples_before)));
  v1::Encoder encoder_before;
  ASSERT_TRUE(IsOk(api().GetEncoder("before", 0, &encoder_before)));
  v1::EmbedRequest embed;
  embed.mutable_encoder()->set_name("before");
  *embed.mutable_batch() = EventBatchOf(testing::Slice(BundledEvents(kSquark), 1000, 1100));
  v1::EmbedResponse embedded_before;
  ASSERT_TRUE(IsOk(api().Embed(embed, &embedded_before)));
  ASSERT_EQ(embedded_before.points_size(), 10);

  v1::Job killed;
  ASSERT_TRUE(IsOk(api().Submit(Endless("killed"), &killed)));
  ASSERT_TRUE(AwaitProgress(killed.id()));
  server().Kill();
  // What a crash while writing the killed job's checkpoint would leave in the scratch directory.
  const std::string scratch = data_dir() + "/scratch";
  testing::WriteFile(scratch + "/" + killed.id() + ".ckpt", "half a checkpoint");

  ASSERT_TRUE(StartServer());
  // Samples: identical records, checksums included.
  v1::ListSamplesResponse samples_after;
  ASSERT_TRUE(IsOk(api().ListSamples(&samples_after)));
  EXPECT_TRUE(ProtoEquals(samples_before, samples_after));
  for (const v1::Sample& sample : samples_before.samples()) {
    v1::Sample got;
    ASSERT_TRUE(IsOk(api().GetSample(sample.name(), &got)));
    EXPECT_TRUE(ProtoEquals(sample, got));
  }
  // The encoder trained before the crash: the same record, the same answers.
  v1::EmbedResponse embedded_after;
  ASSERT_TRUE(IsOk(api().Embed(embed, &embedded_after)));
  EXPECT_TRUE(ProtoEquals(embedded_before, embedded_after));
  // The killed job: FAILED with the reason, no encoder, nothing staged left behind.
  v1::Job after;
  ASSERT_TRUE(IsOk(api().GetJob(killed.id(), &after)));
  EXPECT_EQ(after.state(), v1::JOB_STATE_FAILED) << after.DebugString();
  EXPECT_THAT(after.error(), ::testing::HasSubstr("interrupted by restart"));
  EXPECT_GT(after.finished_unix_ms(), 0) << "a failed job has ended";
  EXPECT_GT(after.started_unix_ms(), 0);
  EXPECT_GT(after.progress().ratio(), 0) << "the last stored progress is kept";
  v1::Job trained_after;
  ASSERT_TRUE(IsOk(api().GetJob(trained.id(), &trained_after)));
  EXPECT_TRUE(ProtoEquals(trained, trained_after));
  v1::Encoder none;
  EXPECT_TRUE(HasStatus(api().GetEncoder("killed", 0, &none), grpc::StatusCode::NOT_FOUND));
  v1::ListJobsResponse running;
  ASSERT_TRUE(IsOk(api().ListJobs(v1::JOB_STATE_RUNNING, &running)));
  EXPECT_EQ(running.jobs_size(), 0);
  EXPECT_TRUE(StagingEmpty());
  grpc::Status watch_status;
  const std::vector<v1::Job> watched = api().WatchJob(killed.id(), &watch_status);
  EXPECT_TRUE(IsOk(watch_status));
  ASSERT_EQ(watched.size(), 1u);
  EXPECT_EQ(watched[0].state(), v1::JOB_STATE_FAILED);
  EXPECT_THAT(server().log(), ::testing::HasSubstr(killed.id()))
      << "the recovery report names the interrupted job";
  // The encoder's full description is the same too.
  v1::Encoder encoder_after;
  ASSERT_TRUE(IsOk(api().GetEncoder("before", 0, &encoder_after)));
  EXPECT_TRUE(ProtoEquals(encoder_before, encoder_after));
  EXPECT_TRUE(std::filesystem::is_empty(scratch)) << "a restart empties " << scratch;
}

TEST_F(ServerRestart, QueuedJobRunsAfterAKill) {
  const std::vector<std::string> one_at_a_time = {"--max-concurrent-jobs", "1"};
  ASSERT_TRUE(StartServer(one_at_a_time));
  ASSERT_NO_FATAL_FAILURE(UploadSmallPair());
  v1::Job running, queued;
  ASSERT_TRUE(IsOk(api().Submit(Endless("killed"), &running)));
  ASSERT_TRUE(IsOk(api().Submit(TrainingRequest("after", {kSquark, kZprime}, 2), &queued)));
  ASSERT_TRUE(AwaitProgress(running.id()));
  v1::Job waiting;
  ASSERT_TRUE(IsOk(api().GetJob(queued.id(), &waiting)));
  ASSERT_EQ(waiting.state(), v1::JOB_STATE_QUEUED);
  server().Kill();

  ASSERT_TRUE(StartServer(one_at_a_time));
  v1::Job interrupted;
  ASSERT_TRUE(IsOk(api().GetJob(running.id(), &interrupted)));
  EXPECT_EQ(interrupted.state(), v1::JOB_STATE_FAILED);
  EXPECT_THAT(interrupted.error(), ::testing::HasSubstr("interrupted by restart"));
  const v1::Job ran = api().AwaitJob(queued.id());
  ASSERT_EQ(ran.state(), v1::JOB_STATE_SUCCEEDED) << ran.DebugString();
  EXPECT_EQ(ran.created_unix_ms(), queued.created_unix_ms()) << "the same job, not a copy";
  EXPECT_EQ(ran.encoder(), "after");
  EXPECT_EQ(ran.encoder_version(), 1);
  v1::Encoder encoder;
  EXPECT_TRUE(IsOk(api().GetEncoder("after", 0, &encoder)));
}

TEST_F(ServerRestart, SigtermDuringTrainingStopsPromptlyAndKeepsTheQueue) {
  const std::vector<std::string> one_at_a_time = {"--max-concurrent-jobs", "1"};
  ASSERT_TRUE(StartServer(one_at_a_time));
  ASSERT_NO_FATAL_FAILURE(UploadSmallPair());
  v1::Job running, queued;
  ASSERT_TRUE(IsOk(api().Submit(Endless("stopped"), &running)));
  ASSERT_TRUE(IsOk(api().Submit(TrainingRequest("after", {kSquark, kZprime}, 2), &queued)));
  ASSERT_TRUE(AwaitProgress(running.id()));

  const Clock::time_point stop = Clock::now();
  EXPECT_EQ(StopServer(), 0);
  const double stop_seconds = std::chrono::duration<double>(Clock::now() - stop).count();
  EXPECT_LT(stop_seconds, 3.0) << "a running job stops within a second, and no RPC is in flight";
  std::cout << "[ timing ] SIGTERM during a training: exited after " << stop_seconds << " s"
            << std::endl;

  ASSERT_TRUE(StartServer(one_at_a_time));
  v1::Job interrupted;
  ASSERT_TRUE(IsOk(api().GetJob(running.id(), &interrupted)));
  EXPECT_EQ(interrupted.state(), v1::JOB_STATE_FAILED);
  EXPECT_THAT(interrupted.error(), ::testing::HasSubstr("interrupted by server shutdown"));
  EXPECT_GT(interrupted.finished_unix_ms(), 0);
  const v1::Job ran = api().AwaitJob(queued.id());
  EXPECT_EQ(ran.state(), v1::JOB_STATE_SUCCEEDED) << ran.DebugString();
  EXPECT_TRUE(StagingEmpty());
}

}  // namespace
}  // namespace latentspace::e2e
