// Runs one detector training job to its end: reads the reference (and signal) sample from the
// store (checksums verified), extracts the preset's features, trains the detector (core/nn), and
// commits the checkpoint together with the job's success in one store transaction.
#ifndef LATENTSPACE_SERVER_JOBS_DETECTOR_TRAINING_RUNNER_H_
#define LATENTSPACE_SERVER_JOBS_DETECTOR_TRAINING_RUNNER_H_

#include <string>

#include "absl/status/statusor.h"
#include "core/nn/training_types.h"
#include "latentspace/v1/detector_service.pb.h"
#include "server/jobs/training_kind.h"
#include "server/store/store.h"

namespace latentspace::server {

// Trains job `job_id` (RUNNING) on its normalized `request`. On success the detector is stored and
// the job SUCCEEDED, atomically; on error nothing is stored and the caller records the failure.
// NOT_FOUND for a sample that is gone, DATA_LOSS for a corrupted one, CANCELLED when cancelled,
// INVALID_ARGUMENT when a sample has too few accepted events to train and hold out.
absl::StatusOr<store::DetectorRecord> RunDetectorTrainingJob(
    store::Store& store, const std::string& job_id, const v1::DetectorTrainingRequest& request,
    const TrainingRunnerOptions& options, const TrainingProgressCallback& progress,
    const CancellationToken& cancel);

// The detector's entry in the table of training kinds: job kind "train-detector",
// Job.detector_request, Job.detector and Job.detector_version.
const TrainingKind& DetectorTrainingKind();

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_JOBS_DETECTOR_TRAINING_RUNNER_H_
