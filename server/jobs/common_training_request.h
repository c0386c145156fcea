// What every kind's training request shares (encoders, detectors): the schedule's fields (epochs,
// batch size, learning rate, patience, seed), the validation fraction, the event limit per sample,
// the feature preset and the missing-jets policy. Their defaults, checks and translation into the
// core's TrainingSchedule are written here once; each kind's request file adds its own fields.
// The templates take any request message with these fields (protobuf accessors of the same names).
#ifndef LATENTSPACE_SERVER_JOBS_COMMON_TRAINING_REQUEST_H_
#define LATENTSPACE_SERVER_JOBS_COMMON_TRAINING_REQUEST_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "core/nn/training_types.h"
#include "core/status_macros.h"

namespace latentspace::server {

// INVALID_ARGUMENT "<request> field '<field>' = <value> must be in <range>".
absl::Status RequestFieldOutOfRange(absl::string_view request, absl::string_view field,
                                    double value, absl::string_view range);

// The shared fields (defaults already filled in), checked: epochs 1..10000, batch_size 2..65536,
// learning_rate (0, 1], patience -1 or more, validation_fraction (0, 0.9], max_events_per_sample
// >= 0; the error names `request`'s field.
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

// Replaces the zero shared fields of `request` by `defaults` (the kind's trainer defaults) and
// `validation_fraction`, fills in the preset and missing-jets policy, and checks them all; errors
// name the field of `what` ("detector training request").
template <typename Request>
absl::Status NormalizeSharedTrainingFields(absl::string_view what, const TrainingSchedule& defaults,
                                           double validation_fraction, Request* request) {
  LATENT_RETURN_IF_ERROR(NormalizePresetAndMissingJets(what, request->mutable_preset(),
                                                       request->mutable_missing_jets()));
  if (request->epochs() == 0) request->set_epochs(static_cast<int32_t>(defaults.epochs));
  if (request->batch_size() == 0) {
    request->set_batch_size(static_cast<int32_t>(defaults.batch_size));
  }
  if (request->learning_rate() == 0) request->set_learning_rate(defaults.learning_rate);
  if (request->patience() == 0) request->set_patience(static_cast<int32_t>(defaults.patience));
  if (request->validation_fraction() == 0) request->set_validation_fraction(validation_fraction);
  return CheckSharedTrainingFields(
      what,
      {request->epochs(), request->batch_size(), request->learning_rate(), request->patience(),
       request->validation_fraction(), request->max_events_per_sample()});
}

// The schedule of a normalized request (patience -1 is kNeverStopEarly, as in the core), trained
// on `device` with `threads` LibTorch threads. What the request does not carry keeps the value
// `schedule` has.
template <typename Request>
void ScheduleFromRequest(const Request& request, DeviceChoice device, int threads,
                         TrainingSchedule* schedule) {
  schedule->learning_rate = request.learning_rate();
  schedule->batch_size = request.batch_size();
  schedule->epochs = request.epochs();
  schedule->patience = request.patience();
  schedule->seed = request.seed();
  schedule->device = device;
  schedule->threads = threads;
}

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_JOBS_COMMON_TRAINING_REQUEST_H_
