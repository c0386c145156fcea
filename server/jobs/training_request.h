// A training request as the server accepts it: defaults filled in, every field range-checked with
// errors naming the field and value, and the translation into the core's training options.
#ifndef LATENTSPACE_SERVER_JOBS_TRAINING_REQUEST_H_
#define LATENTSPACE_SERVER_JOBS_TRAINING_REQUEST_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/nn/encoder_training.h"
#include "core/nn/training_types.h"
#include "latentspace/v1/job_service.pb.h"

namespace latentspace::server {

// The request with zero values replaced by the defaults (see job_service.proto). INVALID_ARGUMENT
// naming the field for a bad encoder or sample name, fewer than 2 or repeated samples, an unknown
// preset, variant or missing-jets policy, or a number out of range (test_fraction (0, 0.5], and
// with validation_fraction at most 0.9). Sample existence is not
// checked here.
absl::StatusOr<v1::TrainingRequest> NormalizeTrainingRequest(v1::TrainingRequest request);

// INVALID_ARGUMENT "<request> field '<field>' = <value> must be in <range>".
absl::Status RequestFieldOutOfRange(absl::string_view request, absl::string_view field,
                                    double value, absl::string_view range);
// The settings both kinds of training request share (defaults already filled in), checked:
// epochs 1..10000, batch_size 2..65536, learning_rate (0, 1], patience -1 or more,
// validation_fraction (0, 0.9], max_events_per_sample >= 0; the error names `request`'s field.
struct SharedTrainingFields {
  int64_t epochs = 0;
  int64_t batch_size = 0;
  double learning_rate = 0;
  int64_t patience = 0;
  double validation_fraction = 0;
  int64_t max_events_per_sample = 0;
};
absl::Status CheckSharedTrainingFields(absl::string_view request,
                                       const SharedTrainingFields& fields);

// Fills in the default preset ("darkmachines") and missing-jets policy ("skip") and checks both,
// naming the field of `request` ("training request").
absl::Status NormalizePresetAndMissingJets(absl::string_view request, std::string* preset,
                                           std::string* missing_jets);

// Options of a normalized request, trained on `device` with `threads` LibTorch threads.
EncoderTrainingOptions TrainingOptionsFromRequest(const v1::TrainingRequest& request,
                                                  DeviceChoice device, int threads);

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_JOBS_TRAINING_REQUEST_H_
