// A training request of any kind from a client to a queued job.
#include "server/jobs/job_submission.h"

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "server/jobs/training_kind.h"
#include "server/models/stored_rows.h"

namespace latentspace::server {

absl::StatusOr<v1::Job> SubmitTrainingJob(store::Store& store, JobManager& jobs,
                                          const google::protobuf::Message& request) {
  const TrainingKind* kind = KindOfRequest(request);
  if (kind == nullptr) {
    return absl::InternalError(
        absl::StrCat(request.GetTypeName(), " is no training kind's request"));
  }
  LATENT_ASSIGN_OR_RETURN(std::unique_ptr<google::protobuf::Message> normalized,
                          kind->normalize(request));
  // The request was normalized: its preset is one Get knows.
  const FeaturePreset preset = *FeaturePreset::Get(kind->preset(*normalized));
  for (const std::string& sample : kind->samples(*normalized)) {
    LATENT_ASSIGN_OR_RETURN(store::SampleRecord record, store.GetSample(sample));
    LATENT_RETURN_IF_ERROR(CheckSampleGivesPreset(record, preset));
  }
  return jobs.Submit(*normalized);
}

}  // namespace latentspace::server
