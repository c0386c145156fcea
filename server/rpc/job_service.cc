// JobService: submit, inspect, watch and cancel training jobs (of encoders and detectors).
#include "server/rpc/job_service.h"

#include <optional>

#include "absl/synchronization/mutex.h"
#include "core/status_macros.h"
#include "server/jobs/job_submission.h"
#include "server/rpc/status_mapping.h"
#include "server/rpc/unary_reactor.h"

namespace latentspace::server {
namespace {

bool IsFinal(v1::JobState state) {
  return state == v1::JOB_STATE_SUCCEEDED || state == v1::JOB_STATE_FAILED ||
         state == v1::JOB_STATE_CANCELLED;
}

// Streams a job's snapshots. One write is in flight at a time; snapshots arriving meanwhile are
// coalesced to the latest (a watcher wants the present, not every intermediate step), and the
// stream finishes after the final state is written. StartWrite and Finish are called outside the
// lock, so a reaction run inline cannot deadlock on it. A call that is not admitted (`slot` an
// error) is finished at once.
class WatchReactor : public grpc::ServerWriteReactor<v1::Job> {
 public:
  WatchReactor(absl::StatusOr<CallGate::StreamSlot> slot, JobManager* jobs, const std::string& id)
      : jobs_(jobs) {
    if (!slot.ok()) {
      FinishOnce(ToGrpcStatus(slot.status()));
      return;
    }
    slot_ = *std::move(slot);
    absl::StatusOr<uint64_t> handle = jobs_->Watch(id, [this](const v1::Job& job) { Offer(job); });
    if (!handle.ok()) {
      FinishOnce(ToGrpcStatus(handle.status()));
      return;
    }
    absl::MutexLock lock(&mutex_);
    handle_ = *handle;
  }

  void OnWriteDone(bool ok) override {
    bool finish = false;
    {
      absl::MutexLock lock(&mutex_);
      writing_ = false;
      if (!ok) return;  // the client went away; OnCancel and OnDone follow
      finish = written_final_;
    }
    if (finish) {
      FinishOnce(grpc::Status::OK);
    } else {
      WriteLatest();
    }
  }

  void OnCancel() override { FinishOnce(grpc::Status::CANCELLED); }

  void OnDone() override {
    std::optional<uint64_t> handle;
    {
      absl::MutexLock lock(&mutex_);
      handle = handle_;
    }
    if (handle) jobs_->Unwatch(*handle);
    delete this;
  }

 private:
  void Offer(const v1::Job& job) {
    {
      absl::MutexLock lock(&mutex_);
      if (finished_ || written_final_) return;
      pending_ = job;
    }
    WriteLatest();
  }

  void WriteLatest() {
    {
      absl::MutexLock lock(&mutex_);
      if (writing_ || !pending_ || finished_) return;
      current_ = *std::move(pending_);
      pending_.reset();
      written_final_ = IsFinal(current_.state());
      writing_ = true;
    }
    StartWrite(&current_);  // current_ stays untouched until OnWriteDone
  }

  void FinishOnce(const grpc::Status& status) {
    {
      absl::MutexLock lock(&mutex_);
      if (finished_) return;
      finished_ = true;
    }
    Finish(status);
  }

  JobManager* const jobs_;
  CallGate::StreamSlot slot_;
  absl::Mutex mutex_;
  std::optional<uint64_t> handle_ ABSL_GUARDED_BY(mutex_);
  std::optional<v1::Job> pending_ ABSL_GUARDED_BY(mutex_);
  v1::Job current_;
  bool writing_ ABSL_GUARDED_BY(mutex_) = false;
  bool written_final_ ABSL_GUARDED_BY(mutex_) = false;
  bool finished_ ABSL_GUARDED_BY(mutex_) = false;
};

}  // namespace

grpc::ServerUnaryReactor* JobServiceImpl::SubmitTraining(grpc::CallbackServerContext* context,
                                                         const v1::TrainingRequest* request,
                                                         v1::Job* response) {
  return Submit(context, "JobService.SubmitTraining", *request, response);
}

grpc::ServerUnaryReactor* JobServiceImpl::SubmitDetectorTraining(
    grpc::CallbackServerContext* context, const v1::DetectorTrainingRequest* request,
    v1::Job* response) {
  return Submit(context, "JobService.SubmitDetectorTraining", *request, response);
}

grpc::ServerUnaryReactor* JobServiceImpl::Submit(grpc::CallbackServerContext* context,
                                                 absl::string_view method,
                                                 const google::protobuf::Message& request,
                                                 v1::Job* response) {
  return FinishUnary(context, *gate_, method, [&]() -> absl::Status {
    LATENT_ASSIGN_OR_RETURN(v1::Job job, SubmitTrainingJob(*store_, *jobs_, request));
    *response = std::move(job);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* JobServiceImpl::GetJob(grpc::CallbackServerContext* context,
                                                 const v1::GetJobRequest* request,
                                                 v1::Job* response) {
  return FinishUnary(context, *gate_, "JobService.GetJob", [&]() -> absl::Status {
    LATENT_ASSIGN_OR_RETURN(v1::Job job, jobs_->Get(request->id()));
    *response = std::move(job);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* JobServiceImpl::ListJobs(grpc::CallbackServerContext* context,
                                                   const v1::ListJobsRequest* request,
                                                   v1::ListJobsResponse* response) {
  return FinishUnary(context, *gate_, "JobService.ListJobs", [&]() -> absl::Status {
    LATENT_ASSIGN_OR_RETURN(std::vector<v1::Job> jobs, jobs_->List(request->state()));
    for (v1::Job& job : jobs) *response->add_jobs() = std::move(job);
    return absl::OkStatus();
  });
}

grpc::ServerWriteReactor<v1::Job>* JobServiceImpl::WatchJob(grpc::CallbackServerContext* context,
                                                            const v1::WatchJobRequest* request) {
  return new WatchReactor(gate_->AdmitStream(context, "JobService.WatchJob"), jobs_, request->id());
}

grpc::ServerUnaryReactor* JobServiceImpl::CancelJob(grpc::CallbackServerContext* context,
                                                    const v1::CancelJobRequest* request,
                                                    v1::Job* response) {
  return FinishUnary(context, *gate_, "JobService.CancelJob", [&]() -> absl::Status {
    LATENT_ASSIGN_OR_RETURN(v1::Job job, jobs_->Cancel(request->id()));
    *response = std::move(job);
    return absl::OkStatus();
  });
}

}  // namespace latentspace::server
