// Training jobs: persistent queue, bounded workers, cancellation and progress fan-out.
#include "server/jobs/job_manager.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "core/status_macros.h"
#include "server/jobs/job_conversion.h"
#include "server/jobs/training_kind.h"

namespace latentspace::server {
namespace {

constexpr absl::Duration kCancelWait = absl::Seconds(5);
constexpr int kCancelAttempts = 100;
constexpr char kShutdownError[] = "interrupted by server shutdown";

v1::JobProgress ProgressToProto(const TrainingProgress& p) {
  v1::JobProgress out;
  out.set_attempt(p.attempt);
  out.set_epoch(ApiEpoch(p.epoch));
  out.set_epochs(p.epochs);
  out.set_step(p.step);
  out.set_steps_per_epoch(p.steps_per_epoch);
  out.set_train_loss(p.train_loss);
  out.set_validation_loss(p.validation_loss);
  out.set_sets_per_second(p.sets_per_second);
  out.set_eta_seconds(p.eta_seconds);
  out.set_ratio(std::clamp(p.fraction, 0.0, 1.0));
  out.set_initialisation(p.initialisation);
  out.set_initialisations(p.initialisations);
  return out;
}

}  // namespace

struct JobManager::Active {
  CancellationToken cancel;
  v1::Job snapshot;
  // The epoch whose progress was last written to the store; the worker's own.
  int64_t stored_epoch = -1;
};

JobManager::JobManager(store::Store* store, JobRunner runner, const JobManagerOptions& options,
                       std::function<void(const v1::Job&)> on_finished)
    : store_(store),
      runner_(std::move(runner)),
      options_(options),
      on_finished_(std::move(on_finished)) {}

JobManager::~JobManager() { Shutdown(); }

absl::Status JobManager::Start() {
  LATENT_ASSIGN_OR_RETURN(std::vector<store::JobRecord> queued,
                          store_->ListJobs(store::JobState::kQueued));
  {
    absl::MutexLock lock(&mutex_);
    // ListJobs is newest first; the queue runs oldest first.
    for (auto it = queued.rbegin(); it != queued.rend(); ++it) queue_.push_back(it->id);
  }
  for (int i = 0; i < std::max(1, options_.max_concurrent_jobs); ++i) {
    workers_.emplace_back([this] { WorkerLoop(); });
  }
  return absl::OkStatus();
}

void JobManager::Shutdown() {
  {
    absl::MutexLock lock(&mutex_);
    if (stopping_ && workers_.empty()) return;
    stopping_ = true;
    for (auto& [id, active] : running_) active->cancel.Cancel();
  }
  for (std::thread& worker : workers_) worker.join();
  workers_.clear();
}

absl::StatusOr<v1::Job> JobManager::Submit(const google::protobuf::Message& request) {
  const TrainingKind* kind = KindOfRequest(request);
  if (kind == nullptr) {
    return absl::InternalError(
        absl::StrCat(request.GetTypeName(), " is no training kind's request"));
  }
  {
    absl::MutexLock lock(&mutex_);
    if (stopping_) return absl::UnavailableError("the server is shutting down");
    if (static_cast<int>(queue_.size()) >= options_.max_queued_jobs) {
      return absl::ResourceExhaustedError(
          absl::StrCat("the job queue is full (", queue_.size(), " queued jobs, --max-queued-jobs ",
                       options_.max_queued_jobs, "); retry when some have run"));
    }
  }
  LATENT_ASSIGN_OR_RETURN(store::JobRecord record,
                          store_->CreateJob(kind->names.job_kind, ToJson(request)));
  {
    absl::MutexLock lock(&mutex_);
    queue_.push_back(record.id);
  }
  return JobToProto(record);
}

absl::StatusOr<v1::Job> JobManager::Get(const std::string& id) {
  absl::MutexLock lock(&mutex_);
  return GetLocked(id);
}

absl::StatusOr<v1::Job> JobManager::GetLocked(const std::string& id) {
  if (auto it = running_.find(id); it != running_.end()) return it->second->snapshot;
  LATENT_ASSIGN_OR_RETURN(store::JobRecord record, store_->GetJob(id));
  return JobToProto(record);
}

absl::StatusOr<std::vector<v1::Job>> JobManager::List(v1::JobState state) {
  std::optional<store::JobState> filter;
  if (state != v1::JOB_STATE_UNSPECIFIED) {
    store::JobState parsed;
    if (!JobStateFromProto(state, &parsed)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "ListJobsRequest.state = ", static_cast<int>(state),
          " is not a job state (0: every state, 1..5: QUEUED, RUNNING, SUCCEEDED, FAILED, "
          "CANCELLED)"));
    }
    filter = parsed;
  }
  LATENT_ASSIGN_OR_RETURN(std::vector<store::JobRecord> records, store_->ListJobs(filter));
  std::vector<v1::Job> jobs;
  absl::MutexLock lock(&mutex_);
  for (const store::JobRecord& record : records) {
    auto it = running_.find(record.id);
    jobs.push_back(it != running_.end() ? it->second->snapshot : JobToProto(record));
  }
  return jobs;
}

absl::StatusOr<v1::Job> JobManager::Cancel(const std::string& id) {
  // A worker may be taking the job from the queue right now (QUEUED -> RUNNING before it shows in
  // running_): then look again shortly.
  for (int attempt = 0; attempt < kCancelAttempts; ++attempt) {
    {
      absl::MutexLock lock(&mutex_);
      if (auto it = running_.find(id); it != running_.end()) {
        it->second->cancel.Cancel();
        auto ended = [this, &id]()
                         ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) { return running_.count(id) == 0; };
        mutex_.AwaitWithTimeout(absl::Condition(&ended), kCancelWait);
        // CANCELLED, or SUCCEEDED or FAILED when the request came too late.
        return GetLocked(id);
      }
      auto queued = std::find(queue_.begin(), queue_.end(), id);
      if (queued != queue_.end()) queue_.erase(queued);
    }
    LATENT_ASSIGN_OR_RETURN(store::JobRecord record, store_->GetJob(id));
    if (record.state == store::JobState::kQueued) {
      absl::StatusOr<store::JobRecord> cancelled =
          store_->TransitionJob(id, store::JobState::kCancelled, "cancelled by request");
      if (cancelled.ok()) {
        const v1::Job job = JobToProto(*cancelled);
        Notify(job);
        return job;
      }
    } else if (record.state != store::JobState::kRunning) {
      return absl::FailedPreconditionError(absl::StrCat(
          "job ", id, " already ended ", store::JobStateName(record.state), "; nothing to cancel"));
    }
    absl::SleepFor(absl::Milliseconds(10));
  }
  return absl::UnavailableError(absl::StrCat("job ", id, " is changing state; retry the cancel"));
}

absl::StatusOr<uint64_t> JobManager::Watch(const std::string& id, JobListener listener) {
  LATENT_ASSIGN_OR_RETURN(v1::Job job, Get(id));
  absl::MutexLock lock(&notify_mutex_);
  const uint64_t handle = next_watcher_++;
  watchers_[handle] = {id, std::move(listener)};
  // Read again under notify_mutex_: a change since the first read has been or will be notified
  // after this snapshot, so the watcher never misses the final state.
  absl::StatusOr<v1::Job> now = Get(id);
  watchers_[handle].listener(now.ok() ? *now : job);
  return handle;
}

void JobManager::Unwatch(uint64_t handle) {
  absl::MutexLock lock(&notify_mutex_);
  watchers_.erase(handle);
}

std::vector<v1::Job> JobManager::Running() {
  absl::MutexLock lock(&mutex_);
  std::vector<v1::Job> jobs;
  for (const auto& [id, active] : running_) jobs.push_back(active->snapshot);
  return jobs;
}

void JobManager::Notify(const v1::Job& job) {
  absl::MutexLock lock(&notify_mutex_);
  for (auto& [handle, watcher] : watchers_) {
    if (watcher.job_id == job.id()) watcher.listener(job);
  }
}

void JobManager::WorkerLoop() {
  while (true) {
    std::string id;
    {
      absl::MutexLock lock(&mutex_);
      auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
        return stopping_ || !queue_.empty();
      };
      mutex_.Await(absl::Condition(&ready));
      if (stopping_) return;
      id = queue_.front();
      queue_.pop_front();
    }
    RunJob(id);
  }
}

void JobManager::RunJob(const std::string& id) {
  absl::StatusOr<store::JobRecord> started = store_->TransitionJob(id, store::JobState::kRunning);
  if (!started.ok()) return;  // cancelled (or deleted) while queued
  auto active = std::make_shared<Active>();
  active->snapshot = JobToProto(*started);
  const v1::Job submitted = active->snapshot;
  {
    absl::MutexLock lock(&mutex_);
    running_[id] = active;
    if (stopping_) active->cancel.Cancel();
  }
  Notify(active->snapshot);

  auto progress = [this, &id, &active](const TrainingProgress& p) {
    const v1::JobProgress report = ProgressToProto(p);
    // The store keeps one snapshot per epoch (a write is an fsync), written before Get can show
    // the report, so that an epoch a reader has seen survives a crash; watchers get every report.
    // Only this worker's thread touches stored_epoch.
    if (p.epoch != active->stored_epoch) {
      active->stored_epoch = p.epoch;
      (void)store_->UpdateJobProgress(id, ToJson(report));
    }
    v1::Job snapshot;
    {
      absl::MutexLock lock(&mutex_);
      *active->snapshot.mutable_progress() = report;
      active->snapshot.set_sets_per_second(p.sets_per_second);
      snapshot = active->snapshot;
    }
    Notify(snapshot);
  };
  absl::StatusOr<store::ModelRecord> result = runner_(submitted, progress, active->cancel);

  v1::JobProgress last;
  bool stopping = false;
  {
    absl::MutexLock lock(&mutex_);
    last = active->snapshot.progress();
    stopping = stopping_;
  }
  (void)store_->UpdateJobProgress(id, ToJson(last));
  if (!result.ok()) {
    const bool cancelled =
        result.status().code() == absl::StatusCode::kCancelled && active->cancel.cancelled();
    if (cancelled && !stopping) {
      (void)store_->TransitionJob(id, store::JobState::kCancelled, "cancelled by request");
    } else {
      (void)store_->TransitionJob(id, store::JobState::kFailed,
                                  cancelled ? kShutdownError : result.status().ToString());
    }
  }
  absl::StatusOr<store::JobRecord> final_record = store_->GetJob(id);
  v1::Job final_job = final_record.ok() ? JobToProto(*final_record) : active->snapshot;
  {
    absl::MutexLock lock(&mutex_);
    running_.erase(id);
  }
  Notify(final_job);
  if (on_finished_) on_finished_(final_job);
}

}  // namespace latentspace::server
