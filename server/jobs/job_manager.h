// Training jobs: a persistent queue (job state lives in the store), a bounded pool of workers that
// run them, cancellation, and live progress fanned out to any number of watchers. Queued jobs found
// in the store at start (after a restart) are run again; jobs that were running are failed by the
// store's recovery ("interrupted by restart").
#ifndef LATENTSPACE_SERVER_JOBS_JOB_MANAGER_H_
#define LATENTSPACE_SERVER_JOBS_JOB_MANAGER_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "core/nn/training_types.h"
#include "latentspace/v1/job_service.pb.h"
#include "server/store/store.h"

namespace latentspace::server {

// Runs one job (of any training kind) and returns the model it stored (latentd runs the job's
// kind, training_kind.h); injected so tests can run the manager without training.
using JobRunner = std::function<absl::StatusOr<store::ModelRecord>(
    const v1::Job& job, const TrainingProgressCallback& progress, const CancellationToken& cancel)>;

// Called with every snapshot of a watched job, on the thread that changed it; must not block and
// must not call back into the manager.
using JobListener = std::function<void(const v1::Job& job)>;

struct JobManagerOptions {
  int max_concurrent_jobs = 1;
  int max_queued_jobs = 64;
};

class JobManager {
 public:
  // `on_finished` (may be empty) is called after a job ends, from its worker.
  JobManager(store::Store* store, JobRunner runner, const JobManagerOptions& options,
             std::function<void(const v1::Job&)> on_finished = nullptr);
  // Stops: see Shutdown.
  ~JobManager();
  JobManager(const JobManager&) = delete;
  JobManager& operator=(const JobManager&) = delete;

  // Queues the store's QUEUED jobs (oldest first) and starts the workers.
  absl::Status Start();
  // Cancels running jobs (they end FAILED, "interrupted by server shutdown"), leaves queued jobs
  // queued in the store for the next start, and joins the workers.
  void Shutdown();

  // Stores a new QUEUED job for a normalized request of any training kind (training_kind.h) and
  // queues it. RESOURCE_EXHAUSTED when the queue is full, INTERNAL for a message of no kind.
  absl::StatusOr<v1::Job> Submit(const google::protobuf::Message& request);
  // The job with its latest progress. NOT_FOUND.
  absl::StatusOr<v1::Job> Get(const std::string& id);
  // Jobs in `state` (UNSPECIFIED: every job), newest first. INVALID_ARGUMENT for a value that is
  // no JobState.
  absl::StatusOr<std::vector<v1::Job>> List(v1::JobState state);
  // A queued job is cancelled at once; a running one is asked to stop and this waits (up to 5 s)
  // for it to end. FAILED_PRECONDITION for a finished job; NOT_FOUND.
  absl::StatusOr<v1::Job> Cancel(const std::string& id);

  // Calls `listener` with the job now and at every change until it ends (the last call carries
  // its final state). Returns a handle for Unwatch. NOT_FOUND.
  absl::StatusOr<uint64_t> Watch(const std::string& id, JobListener listener);
  // After this returns the listener is not running and will not be called again.
  void Unwatch(uint64_t handle);

  // Snapshot of the running jobs, for metrics.
  std::vector<v1::Job> Running();

 private:
  struct Active;  // a running job: its token and latest snapshot

  absl::StatusOr<v1::Job> GetLocked(const std::string& id) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  void WorkerLoop();
  void RunJob(const std::string& id);
  // Sends `job` to its watchers (under notify_mutex_, so Unwatch can wait for them).
  void Notify(const v1::Job& job);

  store::Store* const store_;
  const JobRunner runner_;
  const JobManagerOptions options_;
  const std::function<void(const v1::Job&)> on_finished_;

  absl::Mutex mutex_;
  std::deque<std::string> queue_ ABSL_GUARDED_BY(mutex_);
  std::map<std::string, std::shared_ptr<Active>> running_ ABSL_GUARDED_BY(mutex_);
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  std::vector<std::thread> workers_;

  // Taken before mutex_ when both are held (Watch).
  absl::Mutex notify_mutex_ ABSL_ACQUIRED_BEFORE(mutex_);
  struct Watcher {
    std::string job_id;
    JobListener listener;
  };
  std::map<uint64_t, Watcher> watchers_ ABSL_GUARDED_BY(notify_mutex_);
  uint64_t next_watcher_ ABSL_GUARDED_BY(notify_mutex_) = 1;
};

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_JOBS_JOB_MANAGER_H_
