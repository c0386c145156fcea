// An encoder's description without its checkpoint: the JSON summary an encoder job stores with the
// record (variant, set size, validation and test accuracy, the known models), and the API's Encoder
// built from it.
#ifndef LATENTSPACE_SERVER_JOBS_ENCODER_SUMMARY_H_
#define LATENTSPACE_SERVER_JOBS_ENCODER_SUMMARY_H_

#include <map>
#include <string>

#include "core/nn/encoder_training.h"
#include "latentspace/v1/encoder_service.pb.h"
#include "latentspace/v1/job_service.pb.h"
#include "server/store/records.h"

namespace latentspace::server {

// What the store keeps of a trained encoder beside its checkpoint; `levels` gives each training
// sample's level (SampleRecord::level), kept per known model.
std::string EncoderSummaryJson(const EncoderTrainingReport& report,
                               const v1::TrainingRequest& request,
                               const std::map<std::string, std::string>& levels);

// The listing's view of a stored encoder (feature names, history and per-model test accuracy left
// empty). A summary that does not parse leaves the fields it would fill at their zero values.
v1::Encoder EncoderRecordToProto(const store::EncoderRecord& record, bool loaded);

// `correct` of `sets` with its 68.27% Clopper-Pearson interval; left unset when there are no sets.
void SetAccuracyOf(int64_t correct, int64_t sets, v1::SetAccuracy* out);

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_JOBS_ENCODER_SUMMARY_H_
