// A training request of any kind from a client to a queued job: normalized by its kind (errors
// name the field), every sample it reads looked up in the store and checked against the preset,
// then queued.
#ifndef LATENTSPACE_SERVER_JOBS_JOB_SUBMISSION_H_
#define LATENTSPACE_SERVER_JOBS_JOB_SUBMISSION_H_

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "latentspace/v1/job_service.pb.h"
#include "server/jobs/job_manager.h"
#include "server/store/store.h"

namespace latentspace::server {

// INVALID_ARGUMENT from the kind's normalization, NOT_FOUND for a sample that is not stored,
// FAILED_PRECONDITION for one that cannot give the preset's features (CheckSampleGivesPreset),
// RESOURCE_EXHAUSTED when the queue is full, INTERNAL for a message of no training kind.
absl::StatusOr<v1::Job> SubmitTrainingJob(store::Store& store, JobManager& jobs,
                                          const google::protobuf::Message& request);

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_JOBS_JOB_SUBMISSION_H_
