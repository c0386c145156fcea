// The table of training kinds and the reflection over v1::Job that its names drive.
#include "server/jobs/training_kind.h"

#include <string>

#include "server/jobs/detector_training_runner.h"
#include "server/jobs/encoder_training_runner.h"

namespace latentspace::server {
namespace {

const google::protobuf::FieldDescriptor* JobField(absl::string_view name) {
  return v1::Job::descriptor()->FindFieldByName(std::string(name));
}

}  // namespace

const std::vector<const TrainingKind*>& TrainingKinds() {
  // The registration: one line a kind.
  static const auto* const kinds =
      new std::vector<const TrainingKind*>{&EncoderTrainingKind(), &DetectorTrainingKind()};
  return *kinds;
}

const TrainingKind* KindOfJobRecord(absl::string_view job_kind) {
  for (const TrainingKind* kind : TrainingKinds()) {
    if (kind->names.job_kind == job_kind) return kind;
  }
  return nullptr;
}

const TrainingKind* KindOfRequest(const google::protobuf::Message& request) {
  for (const TrainingKind* kind : TrainingKinds()) {
    if (JobField(kind->names.request_field)->message_type() == request.GetDescriptor()) {
      return kind;
    }
  }
  return nullptr;
}

const TrainingKind* KindOfModel(store::ModelKind model_kind) {
  for (const TrainingKind* kind : TrainingKinds()) {
    if (kind->names.model_kind == model_kind) return kind;
  }
  return nullptr;
}

const TrainingKind* KindOfJob(const v1::Job& job) {
  for (const TrainingKind* kind : TrainingKinds()) {
    if (job.GetReflection()->HasField(job, JobField(kind->names.request_field))) return kind;
  }
  return nullptr;
}

const google::protobuf::Message& JobRequest(const TrainingKind& kind, const v1::Job& job) {
  return job.GetReflection()->GetMessage(job, JobField(kind.names.request_field));
}

google::protobuf::Message* MutableJobRequest(const TrainingKind& kind, v1::Job* job) {
  return job->GetReflection()->MutableMessage(job, JobField(kind.names.request_field));
}

std::string RequestedModel(const TrainingKind& kind, const v1::Job& job) {
  const google::protobuf::Message& request = JobRequest(kind, job);
  return request.GetReflection()->GetString(
      request, request.GetDescriptor()->FindFieldByName(std::string(kind.names.model_field)));
}

void SetTrainedModel(const TrainingKind& kind, const std::string& name, int64_t version,
                     v1::Job* job) {
  const google::protobuf::Reflection* reflection = job->GetReflection();
  reflection->SetString(job, JobField(kind.names.model_field), name);
  reflection->SetInt64(job, JobField(kind.names.version_field), version);
}

std::pair<std::string, int64_t> TrainedModel(const TrainingKind& kind, const v1::Job& job) {
  const google::protobuf::Reflection* reflection = job.GetReflection();
  return {reflection->GetString(job, JobField(kind.names.model_field)),
          reflection->GetInt64(job, JobField(kind.names.version_field))};
}

}  // namespace latentspace::server
