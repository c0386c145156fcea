// The kinds of trained models as the job system sees them (encoders, anomaly detectors), in one
// table. A kind supplies only what differs: its names (the stored job kind, the store's model
// kind, the fields of v1::Job that carry its request and its result), how its request is
// normalized, which stored samples it reads, and how a job of it runs. Everything around the
// training (submission, queueing, records to the API, the job runner of latentd, metrics and the
// registry to load a finished model into) goes through the table instead of testing each kind.
//
// Adding a kind: its request message and its Job fields in proto/, its request and runner files
// here (a Normalize, a Run), and one line in TrainingKinds().
#ifndef LATENTSPACE_SERVER_JOBS_TRAINING_KIND_H_
#define LATENTSPACE_SERVER_JOBS_TRAINING_KIND_H_

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/nn/training_types.h"
#include "core/status_macros.h"
#include "google/protobuf/message.h"
#include "latentspace/v1/job_service.pb.h"
#include "server/store/store.h"

namespace latentspace::server {

struct TrainingRunnerOptions {
  DeviceChoice device = DeviceChoice::kAuto;
  int threads = 0;          // LibTorch threads; 0: one per core
  std::string scratch_dir;  // where checkpoints are written before they go into the store
};

// What names a kind.
struct TrainingKindNames {
  absl::string_view job_kind;   // store::JobRecord::kind ("train", "train-detector")
  store::ModelKind model_kind;  // where its models live in the store
  // Fields of v1::Job: the request (a message whose own field `model_field` names the model to
  // train), and the trained model's name and version once the job SUCCEEDED. `model_field` is also
  // the kind's noun in messages and metric labels ("encoder").
  absl::string_view request_field;
  absl::string_view model_field;
  absl::string_view version_field;
};

struct TrainingKind {
  TrainingKindNames names;
  // The request with its defaults filled in, or INVALID_ARGUMENT naming the field.
  std::function<absl::StatusOr<std::unique_ptr<google::protobuf::Message>>(
      const google::protobuf::Message& request)>
      normalize;
  // The stored samples a normalized request reads.
  std::function<std::vector<std::string>(const google::protobuf::Message& request)> samples;
  // The feature preset a normalized request trains on (every request has a field `preset`).
  std::function<std::string(const google::protobuf::Message& request)> preset;
  // Trains job `job_id` (RUNNING) on its normalized request; on success the model is stored and
  // the job SUCCEEDED, atomically (see CommitCheckpointFile).
  std::function<absl::StatusOr<store::ModelRecord>(
      store::Store& store, const std::string& job_id, const google::protobuf::Message& request,
      const TrainingRunnerOptions& options, const TrainingProgressCallback& progress,
      const CancellationToken& cancel)>
      run;
};

// A kind from its typed functions (`Request` is its request message).
template <typename Request>
TrainingKind MakeTrainingKind(
    TrainingKindNames names, absl::StatusOr<Request> (*normalize)(Request),
    std::vector<std::string> (*samples)(const Request&),
    absl::StatusOr<store::ModelRecord> (*run)(store::Store&, const std::string&, const Request&,
                                              const TrainingRunnerOptions&,
                                              const TrainingProgressCallback&,
                                              const CancellationToken&)) {
  // The table hands each kind only messages of its own type (KindOfRequest, KindOfJob).
  const auto typed = [](const google::protobuf::Message& request) -> const Request& {
    return static_cast<const Request&>(request);
  };
  TrainingKind kind;
  kind.names = names;
  kind.normalize = [normalize, typed](const google::protobuf::Message& request)
      -> absl::StatusOr<std::unique_ptr<google::protobuf::Message>> {
    LATENT_ASSIGN_OR_RETURN(Request normalized, normalize(typed(request)));
    return std::make_unique<Request>(std::move(normalized));
  };
  kind.samples = [samples, typed](const google::protobuf::Message& request) {
    return samples(typed(request));
  };
  kind.preset = [typed](const google::protobuf::Message& request) {
    return typed(request).preset();
  };
  kind.run = [run, typed](
                 store::Store& store, const std::string& job_id,
                 const google::protobuf::Message& request, const TrainingRunnerOptions& options,
                 const TrainingProgressCallback& progress, const CancellationToken& cancel) {
    return run(store, job_id, typed(request), options, progress, cancel);
  };
  return kind;
}

// Every kind, registered once (training_kind.cc).
const std::vector<const TrainingKind*>& TrainingKinds();

// The kind of a stored job ("train"), of a request message (by its type), of the model kind, or of
// a job (the request field it carries); nullptr when none.
const TrainingKind* KindOfJobRecord(absl::string_view job_kind);
const TrainingKind* KindOfRequest(const google::protobuf::Message& request);
const TrainingKind* KindOfModel(store::ModelKind model_kind);
const TrainingKind* KindOfJob(const v1::Job& job);

// The job's request of `kind`, for reading and for filling in.
const google::protobuf::Message& JobRequest(const TrainingKind& kind, const v1::Job& job);
google::protobuf::Message* MutableJobRequest(const TrainingKind& kind, v1::Job* job);
// The name of the model the job's request trains (request.encoder).
std::string RequestedModel(const TrainingKind& kind, const v1::Job& job);
// The trained model (job.encoder and job.encoder_version): set, and read back.
void SetTrainedModel(const TrainingKind& kind, const std::string& name, int64_t version,
                     v1::Job* job);
std::pair<std::string, int64_t> TrainedModel(const TrainingKind& kind, const v1::Job& job);

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_JOBS_TRAINING_KIND_H_
