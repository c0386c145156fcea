// End to end, crash safety: 24 trials of kill -9 at a random moment on one data directory (so that
// damage would accumulate). In each, three clients upload and delete samples (crash_clients.h) and
// trainings run and queue (crash_jobs.h) until latentd is killed at a moment drawn uniformly over
// a window of two trainings' time (measured first, under the clients' load; 1 to 3 s), which
// spans upload streaming and commits, training epochs and the encoder's commit. Then:
//   * the directory as the kill left it is copied; its database passes integrity_check and names
//     no missing blob, and `latentd --check-store` passes on the copy (integrity, every blob's
//     size and CRC-32, every checkpoint loads), after which it holds exactly the blobs its rows
//     name and an empty staging/;
//   * latentd restarts on the original and reports the same recovery (the orphans and staging
//     files counted on the copy, the jobs that were RUNNING); staging/ and scratch/ are empty;
//   * every acknowledged sample, job and encoder is as acknowledged (a sample read back through
//     QueryNearest), nothing unacknowledged is visible unless it was complete on the wire, jobs
//     that were RUNNING are FAILED "interrupted by restart" and queued ones run.
// The seed is printed; LATENT_CRASH_SEED=<seed> replays a run's choices (the kill moments scale
// with the measured training time) and LATENT_CRASH_TRIALS=<n> runs more or fewer trials (the
// sanitized suite runs 8: scripts/dev sanitize).
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <thread>

#include "absl/strings/str_join.h"
#include "server/store/store.h"
#include "tests/e2e/crash_clients.h"
#include "tests/e2e/crash_jobs.h"
#include "tests/testing/build_paths.h"
#include "tests/testing/run_command.h"
#include "tests/testing/store_files.h"

namespace latentspace::e2e {
namespace {

namespace fs = std::filesystem;

constexpr uint32_t kDefaultSeed = 20240731;
constexpr int kDefaultTrials = 24;
constexpr int kClients = 3;
constexpr int kNamesPerClient = 3;
const std::vector<std::string> kServerArgs = {"--max-concurrent-jobs", "1"};

uint32_t FromEnvironment(const char* name, uint32_t otherwise) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? static_cast<uint32_t>(std::stoul(value)) : otherwise;
}

int64_t NowUnixMs() {
  return std::chrono::duration_cast<milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

double Seconds(Clock::duration duration) { return std::chrono::duration<double>(duration).count(); }

// Counts over all trials, for the closing line.
struct Totals {
  int streaming = 0;        // trials killed with an upload mid-stream
  int awaiting_ack = 0;     // ... with an upload complete on the wire, not yet acknowledged
  int staged = 0;           // ... with an upload in latentd's staging/ (mid-stream or commit)
  int training = 0;         // ... with a training mid-run
  int finishing = 0;        // ... with a training writing or committing its encoder
  int queued = 0;           // ... with a training queued
  int succeeded = 0;        // ... after a training of the trial had succeeded
  int unacked_commits = 0;  // operations that committed without an acknowledgement
  int orphans = 0;          // orphan blobs the recoveries removed
  int staging = 0;          // staging files the recoveries removed
  int interrupted = 0;      // jobs the recoveries failed
};

class CrashSafety : public LatentdTest {
 protected:
  // What a kill left: the database's view of the copy, and the recovery line Open must report.
  struct CrashState {
    testing::StoreFiles files;
    std::string recovery;  // RecoveryReport::ToString() of what Open must repair
  };

  // Copies the data directory as the kill left it (latentd is not running) and checks the copy:
  // as it lies, then with `latentd --check-store`, then after the recovery that ran.
  void CheckCrashCopy(CrashState* state) {
    const std::string copy = ScratchDir() + "/crash-copy";
    fs::remove_all(copy);
    fs::create_directories(copy);
    for (const char* part :
         {"latentd.db", "latentd.db-wal", "latentd.db-shm", "blobs", "staging"}) {
      if (fs::exists(data_dir() + "/" + part)) {
        fs::copy(data_dir() + "/" + part, copy + "/" + part, fs::copy_options::recursive);
      }
    }
    absl::StatusOr<testing::StoreFiles> files = testing::ReadStoreFiles(copy);
    ASSERT_TRUE(files.ok()) << files.status();
    EXPECT_EQ(files->integrity, "ok");
    EXPECT_EQ(files->foreign_key_faults, 0);
    EXPECT_THAT(files->Missing(), ::testing::IsEmpty()) << "rows whose blob file is gone";
    store::RecoveryReport expected;
    expected.staging_files_removed = static_cast<int64_t>(files->staging.size());
    expected.orphan_blobs_removed = static_cast<int64_t>(files->Orphans().size());
    expected.interrupted_jobs = files->jobs["RUNNING"];
    state->files = *files;
    state->recovery = expected.ToString();

    const testing::CommandResult check = testing::RunCommand(
        std::string(testing::LatentdPath()) + " --check-store --data-dir '" + copy + "' 2>&1");
    EXPECT_EQ(check.exit_code, 0) << check.output;
    EXPECT_THAT(check.output, ::testing::HasSubstr("opening: " + state->recovery + "\n"));
    EXPECT_THAT(check.output, ::testing::HasSubstr("store OK"));

    absl::StatusOr<testing::StoreFiles> recovered = testing::ReadStoreFiles(copy);
    ASSERT_TRUE(recovered.ok()) << recovered.status();
    EXPECT_THAT(recovered->Orphans(), ::testing::IsEmpty()) << "after --check-store's recovery";
    EXPECT_THAT(recovered->Missing(), ::testing::IsEmpty());
    EXPECT_THAT(recovered->staging, ::testing::IsEmpty());
    EXPECT_EQ(recovered->jobs.count("RUNNING"), 0u);
  }

  // QueryNearest of a stored sample answers as QueryNearest of the events that were sent: its
  // blob reads back as those events, in order (a few events may give no set of k: then both fail
  // alike).
  void ReadBack(const std::string& name, const SampleVersion& version,
                std::vector<std::string>* problems) {
    v1::QueryNearestRequest request;
    request.mutable_encoder()->set_name(kReferenceEncoder);
    request.set_sample_name(name);
    v1::QueryNearestResponse stored, sent;
    const grpc::Status by_name = api().QueryNearest(request, &stored);
    *request.mutable_events() = EventBatchOf(version.source.Events());
    const grpc::Status by_events = api().QueryNearest(request, &sent);
    if (!by_name.ok() || !by_events.ok()) {
      if (Describe(by_name) != Describe(by_events) ||
          by_name.error_code() != grpc::StatusCode::INVALID_ARGUMENT) {
        problems->push_back(absl::StrCat("QueryNearest of ", name, ": ", Describe(by_name),
                                         "; of its events: ", Describe(by_events)));
      }
      return;
    }
    for (v1::QueryNearestResponse* response : {&stored, &sent}) {
      response->clear_ranking();  // may hold NaN; the points decide
      response->clear_inferred();
    }
    if (::testing::AssertionResult same = ProtoEquals(sent, stored); !same) {
      problems->push_back("sample " + name + " reads back differently: " + same.message());
    }
  }

  // ListSamples holds exactly the samples the clients have (and the training samples).
  void CheckListing(const std::map<std::string, const SampleVersion*>& present,
                    std::vector<std::string>* problems) {
    v1::ListSamplesResponse listed;
    if (const grpc::Status status = api().ListSamples(&listed); !status.ok()) {
      problems->push_back("ListSamples: " + Describe(status));
      return;
    }
    size_t found = 0;
    for (const v1::Sample& sample : listed.samples()) {
      auto it = present.find(sample.name());
      if (it != present.end() && ProtoEquals(it->second->record, sample)) {
        ++found;
      } else if (std::find(kTrainingSamples.begin(), kTrainingSamples.end(), sample.name()) ==
                 kTrainingSamples.end()) {
        problems->push_back("ListSamples has " + sample.ShortDebugString());
      }
    }
    if (found != present.size()) {
      problems->push_back(absl::StrCat("ListSamples has ", found, " of the ", present.size(),
                                       " samples the clients have"));
    }
  }

  // Starts the clients, each on its own channel, until `stop`. Every channel exists before any
  // client runs, and each client is handed its own: a client reading channels_ while a later
  // push_back moves it read freed memory (a SEGV under AddressSanitizer, 2026-12-06).
  void StartClients(int trial, uint32_t seed, const std::atomic<bool>& stop,
                    std::vector<std::thread>* threads) {
    channels_.clear();
    for (size_t i = 0; i < clients_.size(); ++i) {
      channels_.push_back(std::make_unique<Api>(server().address()));
    }
    for (size_t i = 0; i < clients_.size(); ++i) {
      Api* channel = channels_[i].get();
      SampleClient* client = clients_[i].get();
      threads->emplace_back([client, channel, i, trial, seed, &stop] {
        client->Run(*channel, seed + static_cast<uint32_t>(i), trial, stop);
      });
    }
  }

  // The reference training under the clients' load, which then stop: how long a training takes.
  Clock::duration Calibrate(uint32_t seed) {
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    StartClients(0, seed, stop, &threads);
    const Clock::time_point start = Clock::now();
    EXPECT_TRUE(training_.Setup(api()));
    const Clock::duration took = Clock::now() - start;
    stop = true;
    for (std::thread& thread : threads) thread.join();
    return took;
  }

  // One trial: the workload, the kill at `kill_at`, the copy's checks, the restart and its checks.
  void RunTrial(int trial, uint32_t seed, Clock::duration window, Clock::duration kill_at,
                std::mt19937& random) {
    std::vector<int> acked_before;
    for (const auto& client : clients_) {
      acked_before.push_back(client->acked_uploads() + client->acked_deletes());
    }
    std::atomic<bool> killed{false};
    std::vector<std::thread> threads;
    const Clock::time_point start = Clock::now();
    StartClients(trial, seed, killed, &threads);
    Api training_channel(server().address());
    threads.emplace_back([&] { training_.Run(training_channel, seed + kClients, killed, window); });
    std::this_thread::sleep_until(start + kill_at);
    killed = true;
    std::vector<std::string> in_flight;
    for (const auto& client : clients_) {
      if (std::string what = client->InFlight(); !what.empty()) in_flight.push_back(what);
    }
    JobTally jobs;
    if (std::string what = training_.InFlight(&jobs); !what.empty()) in_flight.push_back(what);
    server().Kill();
    for (std::thread& thread : threads) thread.join();
    std::vector<std::string> problems;
    for (const auto& client : clients_) {
      problems.insert(problems.end(), client->problems().begin(), client->problems().end());
    }
    problems.insert(problems.end(), training_.problems().begin(), training_.problems().end());

    CrashState crash;
    ASSERT_NO_FATAL_FAILURE(CheckCrashCopy(&crash));
    const std::vector<std::string>& interrupted = crash.files.jobs["RUNNING"];

    const size_t log_before = server().log().size();
    const int64_t restart_unix_ms = NowUnixMs();
    ASSERT_TRUE(StartServer(kServerArgs));
    EXPECT_THAT(testing::FileNamesIn(data_dir() + "/staging"), ::testing::IsEmpty());
    EXPECT_THAT(testing::FileNamesIn(data_dir() + "/scratch"), ::testing::IsEmpty());
    EXPECT_THAT(server().log().substr(log_before),
                ::testing::HasSubstr("store " + data_dir() + ": " + crash.recovery + "\n"))
        << "latentd's recovery differs from the one --check-store made on the copy";

    int unacked_commits = 0;
    std::map<std::string, const SampleVersion*> present;
    for (const auto& client : clients_) {
      client->CheckRestarted(api(), &problems, &unacked_commits);
      for (const auto& [name, version] : client->Present()) present[name] = version;
    }
    CheckListing(present, &problems);
    if (!present.empty()) {
      auto it = present.begin();
      std::advance(it, std::uniform_int_distribution<size_t>(0, present.size() - 1)(random));
      ReadBack(it->first, *it->second, &problems);
    }
    training_.CheckRestarted(api(), restart_unix_ms, interrupted, &problems);
    if (!training_.QueueRuns(api())) problems.push_back("a queued job did not start");

    int acked = 0;
    for (size_t i = 0; i < clients_.size(); ++i) {
      acked += clients_[i]->acked_uploads() + clients_[i]->acked_deletes() - acked_before[i];
    }
    const std::string all_in_flight = absl::StrJoin(in_flight, "; ");
    totals_.streaming += absl::StrContains(all_in_flight, "streaming");
    totals_.awaiting_ack += absl::StrContains(all_in_flight, "awaiting ack");
    totals_.staged += !crash.files.staging.empty();
    totals_.training += jobs.running > 0;
    totals_.finishing += jobs.finishing > 0;
    totals_.queued += jobs.queued > 0;
    totals_.succeeded += jobs.succeeded > 0;
    totals_.unacked_commits += unacked_commits;
    totals_.orphans += static_cast<int>(crash.files.Orphans().size());
    totals_.staging += static_cast<int>(crash.files.staging.size());
    totals_.interrupted += static_cast<int>(interrupted.size());
    std::cout << "[ trial " << trial << " ] killed at " << Seconds(kill_at) << " s of "
              << Seconds(window) << " s, " << acked
              << " sample operations acknowledged; in flight: "
              << (in_flight.empty() ? "nothing" : all_in_flight)
              << " | after the restart: " << unacked_commits
              << " unacknowledged operations committed, " << present.size()
              << " samples; recovery: " << crash.recovery << std::endl;
    EXPECT_THAT(problems, ::testing::IsEmpty()) << "in trial " << trial;
  }

  std::vector<std::unique_ptr<SampleClient>> clients_;
  std::vector<std::unique_ptr<Api>> channels_;  // the clients'
  TrainingDriver training_;
  Totals totals_;
};

TEST_F(CrashSafety, KillNineAtRandomMomentsKeepsWhatWasAcknowledged) {
  const uint32_t seed = FromEnvironment("LATENT_CRASH_SEED", kDefaultSeed);
  const int trials = static_cast<int>(FromEnvironment("LATENT_CRASH_TRIALS", kDefaultTrials));
  std::cout << "[ crash ] seed " << seed << ", " << trials
            << " trials (replay with LATENT_CRASH_SEED=" << seed << ")" << std::endl;
  const Clock::time_point test_start = Clock::now();
  ASSERT_TRUE(StartServer(kServerArgs));
  for (int i = 0; i < kClients; ++i) {
    clients_.push_back(std::make_unique<SampleClient>(absl::StrCat("c", i), kNamesPerClient));
  }
  std::mt19937 random(seed);
  const Clock::duration training = Calibrate(static_cast<uint32_t>(random()));
  ASSERT_FALSE(HasFailure());
  // Two trainings' time: a trial's second training (when it has one) is submitted in the first
  // 60% and queues behind the first, so kills land in either, in the queue and after both.
  const Clock::duration window = std::clamp<Clock::duration>(2 * training, seconds(1), seconds(3));
  std::cout << "[ crash ] a training under the clients' load takes " << Seconds(training)
            << " s: kills within " << Seconds(window) << " s" << std::endl;

  for (int trial = 1; trial <= trials && !HasFailure(); ++trial) {
    const uint32_t trial_seed = static_cast<uint32_t>(random());
    const Clock::duration kill_at = std::chrono::duration_cast<Clock::duration>(
        window * std::uniform_real_distribution<double>(0, 1)(random));
    RunTrial(trial, trial_seed, window, kill_at, random);
  }
  if (HasFailure()) {
    std::cout << "[ crash ] failed: replay with LATENT_CRASH_SEED=" << seed << std::endl;
    return;
  }

  // The end: the queue drains; a graceful stop leaves a store with nothing to repair.
  std::vector<std::string> problems;
  training_.AwaitAll(api(), &problems);
  EXPECT_THAT(problems, ::testing::IsEmpty());
  EXPECT_EQ(StopServer(), 0);
  absl::StatusOr<testing::StoreFiles> files = testing::ReadStoreFiles(data_dir());
  ASSERT_TRUE(files.ok()) << files.status();
  EXPECT_EQ(files->integrity, "ok");
  EXPECT_THAT(files->Orphans(), ::testing::IsEmpty());
  EXPECT_THAT(files->Missing(), ::testing::IsEmpty());
  EXPECT_THAT(files->staging, ::testing::IsEmpty());
  const testing::CommandResult check = testing::RunCommand(
      std::string(testing::LatentdPath()) + " --check-store --data-dir '" + data_dir() + "' 2>&1");
  EXPECT_EQ(check.exit_code, 0) << check.output;
  EXPECT_THAT(check.output, ::testing::HasSubstr("opening: " + store::RecoveryReport().ToString()));
  std::cout << "[ crash ] " << trials << " trials in " << Seconds(Clock::now() - test_start)
            << " s; killed with an upload streaming in " << totals_.streaming
            << ", awaiting its ack in " << totals_.awaiting_ack << ", staged in latentd in "
            << totals_.staged << ", a training running in " << totals_.training << ", finishing in "
            << totals_.finishing << ", queued in " << totals_.queued
            << ", after a training of the trial "
            << "succeeded in " << totals_.succeeded << "; " << totals_.unacked_commits
            << " unacknowledged operations committed; recoveries removed " << totals_.staging
            << " staging files and " << totals_.orphans << " orphan blobs and failed "
            << totals_.interrupted << " running jobs; " << training_.jobs() << " jobs, "
            << training_.encoders_checked() << " encoder checks" << std::endl;
}

}  // namespace
}  // namespace latentspace::e2e
