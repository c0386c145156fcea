// The training side of crash_safety_test.cc: tiny trainings submitted at random moments (one runs
// at a time, the others queue), watched until latentd is killed; an encoder seen SUCCEEDED is
// recorded with its Embed answer, and old versions are deleted now and then. After the restart it
// checks jobs and encoders against what was seen: an acknowledged job is never lost, a job seen
// RUNNING ended SUCCEEDED or FAILED "interrupted by restart", a queued one runs, a finished one is
// unchanged, every encoder of a succeeded job is listed (unless its deletion was acknowledged) and
// answers Embed exactly as before, and no encoder exists without the job that made it.
#ifndef LATENTSPACE_TESTS_E2E_CRASH_JOBS_H_
#define LATENTSPACE_TESTS_E2E_CRASH_JOBS_H_

#include <atomic>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tests/e2e/server_e2e.h"

namespace latentspace::e2e {

// The samples every training uses (uploaded once, never changed) and the encoder names.
inline const std::vector<std::string> kTrainingSamples = {"crash-train-squark",
                                                          "crash-train-zprime"};
inline constexpr char kCrashEncoder[] = "crash";
inline constexpr char kReferenceEncoder[] = "crash-reference";
inline constexpr char kInterrupted[] = "interrupted by restart";

// What the jobs of one trial were doing at the kill, as last seen.
struct JobTally {
  int running = 0;    // training
  int finishing = 0;  // training done: writing and committing the encoder
  int queued = 0;
  int succeeded = 0;  // seen SUCCEEDED before the kill
};

class TrainingDriver {
 public:
  // Uploads the training samples and trains the reference encoder (used to read samples back) as
  // a trial's training runs.
  ::testing::AssertionResult Setup(Api& api) {
    for (size_t i = 0; i < kTrainingSamples.size(); ++i) {
      const std::string model = i == 0 ? "squark_1800_800" : "zprime_monojet_2000_50";
      v1::SampleHeader header = HeaderOf(Bundled(model));
      header.set_name(kTrainingSamples[i]);
      const grpc::Status uploaded =
          api.Upload(header, testing::Slice(BundledEvents(model), 0, kTrainingEvents));
      if (!uploaded.ok()) return ::testing::AssertionFailure() << "upload: " << Describe(uploaded);
    }
    v1::Job job;
    const grpc::Status submitted = api.Submit(Training(kReferenceEncoder, 1), &job);
    if (!submitted.ok()) return ::testing::AssertionFailure() << "submit: " << Describe(submitted);
    job = api.AwaitJob(job.id());
    if (job.state() != v1::JOB_STATE_SUCCEEDED) {
      return ::testing::AssertionFailure() << "reference training: " << job.ShortDebugString();
    }
    jobs_[job.id()] = {job, false, false};
    const std::string recorded = Record(api, job);
    if (!recorded.empty()) return ::testing::AssertionFailure() << recorded;
    return ::testing::AssertionSuccess();
  }

  // Submits a training now and maybe one more later in `window` (while fewer than kMaxUnfinished
  // jobs are unfinished), deletes the oldest encoder version now and then, and watches every
  // unfinished job until `killed` is set.
  void Run(Api& api, uint32_t seed, const std::atomic<bool>& killed, Clock::duration window) {
    std::mt19937 random(seed);
    std::uniform_real_distribution<double> moment(0, 1);
    const Clock::time_point start = Clock::now();
    const Clock::time_point second_at =
        start + std::chrono::duration_cast<Clock::duration>(window * (0.6 * moment(random)));
    const Clock::time_point delete_at =
        start + std::chrono::duration_cast<Clock::duration>(window * moment(random));
    bool second = std::bernoulli_distribution(0.6)(random);
    bool deletion = true;
    Submit(api, seed, killed);
    while (!killed) {
      if (second && Clock::now() >= second_at) {
        second = false;
        Submit(api, seed + 1, killed);
      }
      if (deletion && Clock::now() >= delete_at) {
        deletion = false;
        DeleteOldest(api, killed);
      }
      Watch(api, killed);
      std::this_thread::sleep_for(milliseconds(20));
    }
  }

  // The jobs of this trial as last seen, for the summary ("" when none), counted in `tally`.
  std::string InFlight(JobTally* tally) const {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<std::string> parts;
    for (const auto& [id, seen] : jobs_) {
      if (!seen.in_trial) continue;
      const v1::Job& job = seen.last;
      const v1::JobProgress& p = job.progress();
      std::string part = absl::StrCat(id, " ", v1::JobState_Name(job.state()).substr(10));
      if (job.state() == v1::JOB_STATE_RUNNING && p.ratio() >= 1) {
        absl::StrAppend(&part, " finishing (last step done)");
        ++tally->finishing;
      } else if (job.state() == v1::JOB_STATE_RUNNING) {
        absl::StrAppend(&part, p.epochs() == 0
                                   ? " reading its samples"
                                   : absl::StrCat(" epoch ", p.epoch(), "/", p.epochs(), " step ",
                                                  p.step(), "/", p.steps_per_epoch()));
        ++tally->running;
      }
      tally->queued += job.state() == v1::JOB_STATE_QUEUED;
      tally->succeeded += job.state() == v1::JOB_STATE_SUCCEEDED;
      parts.push_back(part);
    }
    if (submits_in_flight_ > 0) parts.push_back("a submission");
    if (!deletion_in_flight_.empty()) parts.push_back("delete of " + deletion_in_flight_);
    return absl::StrJoin(parts, ", ");
  }

  // After the restart (at `restart_unix_ms`, whose recovery failed the jobs `interrupted`).
  void CheckRestarted(Api& api, int64_t restart_unix_ms,
                      const std::vector<std::string>& interrupted,
                      std::vector<std::string>* problems) {
    v1::ListJobsResponse listed;
    if (const grpc::Status status = api.ListJobs(v1::JOB_STATE_UNSPECIFIED, &listed);
        !status.ok()) {
      problems->push_back("ListJobs: " + Describe(status));
      return;
    }
    std::map<std::string, v1::Job> now;
    for (const v1::Job& job : listed.jobs()) now[job.id()] = job;
    for (const auto& [id, job] : now) {
      if (jobs_.count(id) > 0) continue;
      if (submits_in_flight_ == 0) {
        problems->push_back("job " + id + " was never acknowledged: " + job.ShortDebugString());
      }
      --submits_in_flight_;
      jobs_[id].last = job;
      jobs_[id].last.set_state(v1::JOB_STATE_QUEUED);  // not seen yet: any state may follow
    }
    submits_in_flight_ = 0;
    const std::set<std::string> interrupted_set(interrupted.begin(), interrupted.end());
    for (auto& [id, seen] : jobs_) {
      auto it = now.find(id);
      if (it == now.end()) {
        problems->push_back("acknowledged job " + id + " is gone");
        continue;
      }
      CheckJob(seen, it->second, restart_unix_ms, interrupted_set.count(id) > 0, problems);
      seen.last = it->second;
      seen.running_seen = it->second.state() == v1::JOB_STATE_RUNNING;
      seen.in_trial = false;
    }
    CheckEncoders(api, now, problems);
  }

  // The queue runs after a restart: a queued job is taken up while no other runs.
  bool QueueRuns(Api& api) {
    return WaitFor(
        [&] {
          v1::ListJobsResponse running, queued;
          return api.ListJobs(v1::JOB_STATE_RUNNING, &running).ok() &&
                 api.ListJobs(v1::JOB_STATE_QUEUED, &queued).ok() &&
                 (running.jobs_size() > 0 || queued.jobs_size() == 0);
        },
        seconds(20));
  }

  // Waits for every job to end; each SUCCEEDED or FAILED because it was interrupted.
  void AwaitAll(Api& api, std::vector<std::string>* problems) {
    for (const auto& [id, seen] : jobs_) {
      const v1::Job job = api.AwaitJob(id, seconds(120));
      const bool interrupted =
          job.state() == v1::JOB_STATE_FAILED && absl::StrContains(job.error(), kInterrupted);
      if (job.state() != v1::JOB_STATE_SUCCEEDED && !interrupted) {
        problems->push_back("job " + id + " ended " + job.ShortDebugString());
      }
    }
  }

  int jobs() const { return static_cast<int>(jobs_.size()); }
  int encoders_checked() const { return encoders_checked_; }
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  static constexpr size_t kTrainingEvents = 400;
  static constexpr size_t kKeptVersions = 2;  // older versions of kCrashEncoder are deleted
  static constexpr int kMaxUnfinished = 2;

  struct JobSeen {
    v1::Job last;               // the last snapshot
    bool running_seen = false;  // seen RUNNING since latentd last started
    bool in_trial = true;       // not yet checked after a restart
  };
  enum class Deletion { kNone, kInFlight, kAcknowledged };
  struct EncoderSeen {
    v1::Encoder record;
    v1::EmbedResponse embedded;
    Deletion deletion = Deletion::kNone;
  };
  using EncoderKey = std::pair<std::string, int64_t>;

  static v1::TrainingRequest Training(const std::string& encoder, uint64_t seed) {
    v1::TrainingRequest request = TrainingRequest(encoder, kTrainingSamples, 3);
    request.set_seed(seed);
    request.set_initialisations(1);
    request.set_batch_size(16);
    return request;
  }

  static v1::EmbedRequest EmbedProbe(const EncoderKey& key) {
    v1::EmbedRequest request;
    request.mutable_encoder()->set_name(key.first);
    request.mutable_encoder()->set_version(key.second);
    *request.mutable_batch() =
        EventBatchOf(testing::Slice(BundledEvents("squark_1800_800"), 1000, 1100));
    return request;
  }

  // Records job's encoder: its description and its Embed answer. The error, "" on success.
  std::string Record(Api& api, const v1::Job& job) {
    const EncoderKey key{job.encoder(), job.encoder_version()};
    EncoderSeen seen;
    grpc::Status status = api.GetEncoder(key.first, key.second, &seen.record);
    if (status.ok()) status = api.Embed(EmbedProbe(key), &seen.embedded);
    if (!status.ok()) {
      return absl::StrCat("encoder ", key.first, ":", key.second, " of ", job.id(), ": ",
                          Describe(status));
    }
    std::lock_guard<std::mutex> lock(mutex_);
    encoders_[key] = std::move(seen);
    return "";
  }

  void Submit(Api& api, uint64_t seed, const std::atomic<bool>& killed) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      int unfinished = 0;
      for (const auto& [id, seen] : jobs_) unfinished += !IsFinal(seen.last.state());
      if (unfinished >= kMaxUnfinished) return;  // the queue stays short
      ++submits_in_flight_;
    }
    v1::Job job;
    const grpc::Status status = api.Submit(Training(kCrashEncoder, seed), &job);
    std::lock_guard<std::mutex> lock(mutex_);
    if (status.ok()) {
      --submits_in_flight_;
      jobs_[job.id()].last = job;
    } else if (!killed) {
      --submits_in_flight_;
      problems_.push_back("SubmitTraining: " + Describe(status));
    }
  }

  // Deletes the oldest versions of kCrashEncoder, one at a time, until kKeptVersions are left.
  void DeleteOldest(Api& api, const std::atomic<bool>& killed) {
    while (!killed) {
      std::vector<EncoderKey> kept;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        for (const auto& [key, seen] : encoders_) {
          if (key.first == kCrashEncoder && seen.deletion == Deletion::kNone) kept.push_back(key);
        }
        if (kept.size() <= kKeptVersions) return;
        encoders_[kept[0]].deletion = Deletion::kInFlight;
        deletion_in_flight_ = absl::StrCat(kept[0].first, ":", kept[0].second);
      }
      const grpc::Status status = api.DeleteEncoder(kept[0].first, kept[0].second);
      std::lock_guard<std::mutex> lock(mutex_);
      if (status.ok()) {
        encoders_[kept[0]].deletion = Deletion::kAcknowledged;
      } else if (!killed) {
        problems_.push_back("DeleteEncoder " + deletion_in_flight_ + ": " + Describe(status));
        return;
      } else {
        return;  // stays in flight
      }
      deletion_in_flight_.clear();
    }
  }

  // One look at every unfinished job; a newly SUCCEEDED one has its encoder recorded.
  void Watch(Api& api, const std::atomic<bool>& killed) {
    std::vector<std::string> ids;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      for (const auto& [id, seen] : jobs_) {
        if (!IsFinal(seen.last.state())) ids.push_back(id);
      }
    }
    for (const std::string& id : ids) {
      v1::Job job;
      if (const grpc::Status status = api.GetJob(id, &job); !status.ok()) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!killed) problems_.push_back("GetJob " + id + ": " + Describe(status));
        continue;
      }
      if (job.state() == v1::JOB_STATE_SUCCEEDED) {
        const std::string error = Record(api, job);
        if (!error.empty()) {
          std::lock_guard<std::mutex> lock(mutex_);
          if (!killed) problems_.push_back(error);
          continue;  // looked at again after the restart
        }
      }
      std::lock_guard<std::mutex> lock(mutex_);
      JobSeen& seen = jobs_[id];
      seen.last = job;
      seen.running_seen = seen.running_seen || job.state() == v1::JOB_STATE_RUNNING;
      seen.in_trial = true;
    }
  }

  static void CheckJob(const JobSeen& seen, const v1::Job& now, int64_t restart_unix_ms,
                       bool interrupted, std::vector<std::string>* problems) {
    const v1::Job& before = seen.last;
    const std::string what =
        absl::StrCat("job ", now.id(), " (seen ", v1::JobState_Name(before.state()),
                     seen.running_seen ? ", running" : "", ") is now ", now.ShortDebugString());
    if (interrupted != (now.state() == v1::JOB_STATE_FAILED && !IsFinal(before.state()))) {
      problems->push_back(absl::StrCat(
          what, interrupted ? "; the recovery interrupted it" : "; the recovery did not name it"));
    }
    if (IsFinal(before.state())) {
      if (!ProtoEquals(before, now, /*nan_is_equal=*/true)) {
        problems->push_back("a finished job changed: " + what);
      }
      return;
    }
    bool ok = false;
    switch (now.state()) {
      case v1::JOB_STATE_SUCCEEDED:
        ok = now.encoder() == kCrashEncoder && now.encoder_version() > 0;
        break;
      case v1::JOB_STATE_FAILED:
        ok = absl::StrContains(now.error(), kInterrupted);
        break;
      case v1::JOB_STATE_RUNNING:
        ok = !seen.running_seen && now.started_unix_ms() >= restart_unix_ms;
        break;
      case v1::JOB_STATE_QUEUED:
        ok = !seen.running_seen;
        break;
      default:
        break;
    }
    if (!ok) problems->push_back(what);
  }

  void CheckEncoders(Api& api, const std::map<std::string, v1::Job>& jobs,
                     std::vector<std::string>* problems) {
    v1::ListEncodersResponse listed;
    if (const grpc::Status status = api.ListEncoders(true, &listed); !status.ok()) {
      problems->push_back("ListEncoders: " + Describe(status));
      return;
    }
    std::set<EncoderKey> present;
    for (const v1::Encoder& encoder : listed.encoders()) {
      present.insert({encoder.name(), encoder.version()});
      auto listed_job = jobs.find(encoder.job_id());
      v1::Job job = listed_job == jobs.end() ? v1::Job() : listed_job->second;
      // A job queued at the kill may have run since the jobs were listed.
      if (job.state() != v1::JOB_STATE_SUCCEEDED && !api.GetJob(encoder.job_id(), &job).ok()) {
        job.Clear();
      }
      if (job.state() != v1::JOB_STATE_SUCCEEDED || job.encoder() != encoder.name() ||
          job.encoder_version() != encoder.version()) {
        problems->push_back(absl::StrCat("encoder ", encoder.name(), ":", encoder.version(),
                                         " is listed without a job that succeeded with it"));
      }
    }
    for (const auto& [id, job] : jobs) {
      if (job.state() != v1::JOB_STATE_SUCCEEDED) continue;
      const EncoderKey key{job.encoder(), job.encoder_version()};
      auto seen = encoders_.find(key);
      if (seen == encoders_.end()) {
        // Succeeded just before the kill, or seen too late to record: recorded now.
        if (present.count(key) == 0) {
          problems->push_back("job " + id + " SUCCEEDED, its encoder is not listed");
        } else if (const std::string error = Record(api, job); !error.empty()) {
          problems->push_back(error);
        }
        continue;
      }
      CheckEncoder(api, key, seen->second, present.count(key) > 0, problems);
    }
  }

  void CheckEncoder(Api& api, const EncoderKey& key, EncoderSeen& seen, bool present,
                    std::vector<std::string>* problems) {
    const std::string name = absl::StrCat("encoder ", key.first, ":", key.second);
    if (seen.deletion == Deletion::kInFlight) {
      seen.deletion = present ? Deletion::kNone : Deletion::kAcknowledged;
      deletion_in_flight_.clear();
    }
    if (seen.deletion == Deletion::kAcknowledged) {
      if (present) problems->push_back(name + " was deleted (acknowledged) and is back");
      return;
    }
    if (!present) {
      problems->push_back(name + " of a succeeded job is not listed");
      return;
    }
    v1::Encoder record;
    v1::EmbedResponse embedded;
    grpc::Status status = api.GetEncoder(key.first, key.second, &record);
    if (status.ok()) status = api.Embed(EmbedProbe(key), &embedded);
    if (!status.ok()) {
      problems->push_back(name + ": " + Describe(status));
      return;
    }
    if (::testing::AssertionResult same = ProtoEquals(seen.record, record, true); !same) {
      problems->push_back(absl::StrCat(name, " changed: ", same.message()));
    }
    if (::testing::AssertionResult same = ProtoEquals(seen.embedded, embedded); !same) {
      problems->push_back(absl::StrCat(name, " embeds differently: ", same.message()));
    }
    ++encoders_checked_;
  }

  mutable std::mutex mutex_;
  std::map<std::string, JobSeen> jobs_;
  std::map<EncoderKey, EncoderSeen> encoders_;
  int submits_in_flight_ = 0;
  std::string deletion_in_flight_;
  int encoders_checked_ = 0;
  std::vector<std::string> problems_;
};

}  // namespace latentspace::e2e

#endif  // LATENTSPACE_TESTS_E2E_CRASH_JOBS_H_
