// Runs one encoder training job to its end: reads the job's samples from the store (checksums
// verified), extracts the preset's features, trains the encoder (core/nn), and commits the
// checkpoint together with the job's success in one store transaction.
#ifndef LATENTSPACE_SERVER_JOBS_ENCODER_TRAINING_RUNNER_H_
#define LATENTSPACE_SERVER_JOBS_ENCODER_TRAINING_RUNNER_H_

#include <string>

#include "absl/status/statusor.h"
#include "core/nn/training_types.h"
#include "latentspace/v1/job_service.pb.h"
#include "server/jobs/training_kind.h"
#include "server/store/store.h"

namespace latentspace::server {

// Trains job `job_id` (RUNNING) on its normalized `request`. On success the encoder is stored and
// the job SUCCEEDED, atomically; on error nothing is stored and the caller records the failure.
// NOT_FOUND for a sample that is gone, DATA_LOSS for a corrupted one, CANCELLED when cancelled.
absl::StatusOr<store::EncoderRecord> RunTrainingJob(store::Store& store, const std::string& job_id,
                                                    const v1::TrainingRequest& request,
                                                    const TrainingRunnerOptions& options,
                                                    const TrainingProgressCallback& progress,
                                                    const CancellationToken& cancel);

// The encoder's entry in the table of training kinds: job kind "train", Job.request, Job.encoder
// and Job.encoder_version.
const TrainingKind& EncoderTrainingKind();

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_JOBS_ENCODER_TRAINING_RUNNER_H_
