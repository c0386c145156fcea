// A detector training request as the server accepts it: defaults filled in, every field checked
// with errors naming the field and value, and the translation into the core's training options.
#ifndef LATENTSPACE_SERVER_JOBS_DETECTOR_TRAINING_REQUEST_H_
#define LATENTSPACE_SERVER_JOBS_DETECTOR_TRAINING_REQUEST_H_

#include "absl/status/statusor.h"
#include "core/nn/detector_training.h"
#include "core/nn/training_types.h"
#include "latentspace/v1/detector_service.pb.h"

namespace latentspace::server {

// The request with zero values replaced by the defaults (see detector_service.proto).
// INVALID_ARGUMENT naming the field for a bad detector or sample name, an unknown kind, preset or
// missing-jets policy, a kind that needs a signal without one, the signal equal to the reference,
// or a number out of range. Sample existence is not checked here.
absl::StatusOr<v1::DetectorTrainingRequest> NormalizeDetectorTrainingRequest(
    v1::DetectorTrainingRequest request);

// Options of a normalized request, trained on `device` with `threads` LibTorch threads.
DetectorTrainingOptions DetectorOptionsFromRequest(const v1::DetectorTrainingRequest& request,
                                                   DeviceChoice device, int threads);

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_JOBS_DETECTOR_TRAINING_REQUEST_H_
