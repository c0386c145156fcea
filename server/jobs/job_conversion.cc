// Jobs between the store's records and the API.
#include "server/jobs/job_conversion.h"

#include <google/protobuf/util/json_util.h>

#include "server/jobs/training_kind.h"

namespace latentspace::server {

v1::JobState JobStateToProto(store::JobState state) {
  switch (state) {
    case store::JobState::kQueued:
      return v1::JOB_STATE_QUEUED;
    case store::JobState::kRunning:
      return v1::JOB_STATE_RUNNING;
    case store::JobState::kSucceeded:
      return v1::JOB_STATE_SUCCEEDED;
    case store::JobState::kFailed:
      return v1::JOB_STATE_FAILED;
    case store::JobState::kCancelled:
      return v1::JOB_STATE_CANCELLED;
  }
  return v1::JOB_STATE_UNSPECIFIED;
}

bool JobStateFromProto(v1::JobState state, store::JobState* out) {
  for (store::JobState candidate : store::kAllJobStates) {
    if (JobStateToProto(candidate) == state) {
      *out = candidate;
      return true;
    }
  }
  return false;
}

v1::Job JobToProto(const store::JobRecord& record) {
  v1::Job job;
  job.set_id(record.id);
  job.set_state(JobStateToProto(record.state));
  // Both were written by ToJson from valid messages; a failed parse leaves the field empty.
  google::protobuf::util::JsonParseOptions lenient;
  lenient.ignore_unknown_fields = true;
  const TrainingKind* kind = KindOfJobRecord(record.kind);
  if (kind != nullptr) {
    (void)google::protobuf::util::JsonStringToMessage(record.request_json,
                                                      MutableJobRequest(*kind, &job), lenient);
  }
  if (!record.progress_json.empty()) {
    (void)google::protobuf::util::JsonStringToMessage(record.progress_json, job.mutable_progress(),
                                                      lenient);
  }
  job.set_error(record.error);
  if (kind != nullptr) SetTrainedModel(*kind, record.encoder_name, record.encoder_version, &job);
  job.set_created_unix_ms(record.created_unix_ms);
  job.set_started_unix_ms(record.started_unix_ms);
  job.set_finished_unix_ms(record.finished_unix_ms);
  job.set_sets_per_second(job.progress().sets_per_second());
  return job;
}

void AddEpochSummaries(const TrainingHistory& history,
                       google::protobuf::RepeatedPtrField<v1::EpochSummary>* out) {
  for (const EpochRecord& epoch : history.epochs) {
    v1::EpochSummary* summary = out->Add();
    summary->set_attempt(epoch.attempt);
    summary->set_epoch(ApiEpoch(epoch.epoch));
    summary->set_train_loss(epoch.train_loss);
    summary->set_validation_loss(epoch.validation_loss);
    summary->set_sets_per_second(epoch.sets_per_second);
  }
}

std::string ToJson(const google::protobuf::Message& message) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  return json;
}

}  // namespace latentspace::server
