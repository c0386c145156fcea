// JobService: submit, inspect, watch and cancel training jobs (of encoders and detectors).
#include "server/rpc/job_service.h"

#include <optional>

#include "absl/synchronization/mutex.h"
#include "core/status_macros.h"
#include "server/jobs/job_submission.h"
#include "server/rpc/latest_write_reactor.h"
#include "server/rpc/status_mapping.h"
#include "server/rpc/unary_reactor.h"

namespace latentspace::server {
namespace {

bool IsFinal(v1::JobState state) {
  return state == v1::JOB_STATE_SUCCEEDED || state == v1::JOB_STATE_FAILED ||
         state == v1::JOB_STATE_CANCELLED;
}

// Streams a job's snapshots, the latest of them while the client reads (LatestWriteReactor), and
// finishes after the final state is written. A call that is not admitted (`slot` an error) is
// finished at once.
class WatchReactor : public LatestWriteReactor<v1::Job> {
 public:
  WatchReactor(absl::StatusOr<CallGate::StreamSlot> slot, JobManager* jobs, const std::string& id)
      : jobs_(jobs) {
    if (!slot.ok()) {
      FinishOnce(ToGrpcStatus(slot.status()));
      return;
    }
    slot_ = *std::move(slot);
    absl::StatusOr<uint64_t> handle =
        jobs_->Watch(id, [this](const v1::Job& job) { Offer(job, IsFinal(job.state())); });
    if (!handle.ok()) {
      FinishOnce(ToGrpcStatus(handle.status()));
      return;
    }
    absl::MutexLock lock(&handle_mutex_);
    handle_ = *handle;
  }

  void OnDone() override {
    std::optional<uint64_t> handle;
    {
      absl::MutexLock lock(&handle_mutex_);
      handle = handle_;
    }
    if (handle) jobs_->Unwatch(*handle);
    delete this;
  }

 private:
  JobManager* const jobs_;
  CallGate::StreamSlot slot_;
  absl::Mutex handle_mutex_;
  std::optional<uint64_t> handle_ ABSL_GUARDED_BY(handle_mutex_);
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
