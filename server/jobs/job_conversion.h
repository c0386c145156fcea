// Jobs between the store's records (request and progress kept as protobuf JSON) and the API, and a
// training's epochs as the API shows them.
#ifndef LATENTSPACE_SERVER_JOBS_JOB_CONVERSION_H_
#define LATENTSPACE_SERVER_JOBS_JOB_CONVERSION_H_

#include <string>

#include "core/nn/training_types.h"
#include "google/protobuf/repeated_field.h"
#include "latentspace/v1/encoder_service.pb.h"
#include "latentspace/v1/job_service.pb.h"
#include "server/store/records.h"

namespace latentspace::server {

v1::JobState JobStateToProto(store::JobState state);
// JOB_STATE_UNSPECIFIED has no store state: false then.
bool JobStateFromProto(v1::JobState state, store::JobState* out);

// The job as the API shows it; `sets_per_second` comes from the stored progress.
v1::Job JobToProto(const store::JobRecord& record);

std::string ToJson(const google::protobuf::Message& message);

// The API counts epochs from 1 (JobProgress.epoch, EpochSummary.epoch, best_epoch, the restart
// messages): "epoch 37" is the same epoch in the progress, the history and the description. The
// core and what it stores (checkpoints, job summaries) index them from 0; this is the one
// conversion.
inline int64_t ApiEpoch(int64_t core_index) { return core_index + 1; }

// One EpochSummary per epoch of `history` (every attempt), appended to `out`.
void AddEpochSummaries(const TrainingHistory& history,
                       google::protobuf::RepeatedPtrField<v1::EpochSummary>* out);

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_JOBS_JOB_CONVERSION_H_
