// An encoder's training request as the server accepts it: defaults filled in, every field
// range-checked with errors naming the field and value (the fields every kind shares through
// common_training_request.h), and the translation into the core's training options.
#ifndef LATENTSPACE_SERVER_JOBS_ENCODER_TRAINING_REQUEST_H_
#define LATENTSPACE_SERVER_JOBS_ENCODER_TRAINING_REQUEST_H_

#include "absl/status/statusor.h"
#include "core/nn/encoder_training.h"
#include "core/nn/training_types.h"
#include "latentspace/v1/job_service.pb.h"

namespace latentspace::server {

// The request with zero values replaced by the defaults (see job_service.proto). INVALID_ARGUMENT
// naming the field for a bad encoder or sample name, fewer than 2 or repeated samples, an unknown
// preset, variant or missing-jets policy, or a number out of range (test_fraction (0, 0.5], and
// with validation_fraction at most 0.9). Sample existence is not checked here.
absl::StatusOr<v1::TrainingRequest> NormalizeTrainingRequest(v1::TrainingRequest request);

// Options of a normalized request, trained on `device` with `threads` LibTorch threads.
EncoderTrainingOptions TrainingOptionsFromRequest(const v1::TrainingRequest& request,
                                                  DeviceChoice device, int threads);

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_JOBS_ENCODER_TRAINING_REQUEST_H_
