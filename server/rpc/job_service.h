// JobService: submit, inspect, watch (a server stream of snapshots) and cancel training jobs.
#ifndef LATENTSPACE_SERVER_RPC_JOB_SERVICE_H_
#define LATENTSPACE_SERVER_RPC_JOB_SERVICE_H_

#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "latentspace/v1/job_service.grpc.pb.h"
#include "server/auth/call_gate.h"
#include "server/jobs/job_manager.h"
#include "server/store/store.h"

namespace latentspace::server {

class JobServiceImpl final : public v1::JobService::CallbackService {
 public:
  JobServiceImpl(CallGate* gate, store::Store* store, JobManager* jobs)
      : gate_(gate), store_(store), jobs_(jobs) {}

  grpc::ServerUnaryReactor* SubmitTraining(grpc::CallbackServerContext* context,
                                           const v1::TrainingRequest* request,
                                           v1::Job* response) override;
  grpc::ServerUnaryReactor* SubmitDetectorTraining(grpc::CallbackServerContext* context,
                                                   const v1::DetectorTrainingRequest* request,
                                                   v1::Job* response) override;
  grpc::ServerUnaryReactor* GetJob(grpc::CallbackServerContext* context,
                                   const v1::GetJobRequest* request, v1::Job* response) override;
  grpc::ServerUnaryReactor* ListJobs(grpc::CallbackServerContext* context,
                                     const v1::ListJobsRequest* request,
                                     v1::ListJobsResponse* response) override;
  grpc::ServerWriteReactor<v1::Job>* WatchJob(grpc::CallbackServerContext* context,
                                              const v1::WatchJobRequest* request) override;
  grpc::ServerUnaryReactor* CancelJob(grpc::CallbackServerContext* context,
                                      const v1::CancelJobRequest* request,
                                      v1::Job* response) override;

 private:
  // Either kind of training request, through SubmitTrainingJob.
  grpc::ServerUnaryReactor* Submit(grpc::CallbackServerContext* context, absl::string_view method,
                                   const google::protobuf::Message& request, v1::Job* response);

  CallGate* const gate_;
  store::Store* const store_;
  JobManager* const jobs_;
};

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_RPC_JOB_SERVICE_H_
