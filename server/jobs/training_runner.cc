// Runs one training job to its end.
#include "server/jobs/training_runner.h"

#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "core/events/event_reader.h"
#include "core/features/feature_extraction.h"
#include "core/features/preset.h"
#include "core/nn/encoder_training.h"
#include "nlohmann/json.hpp"
#include "server/jobs/training_request.h"

namespace latentspace::server {
namespace {

absl::StatusOr<LabelledSample> LoadSample(store::Store& store, const std::string& name,
                                          const FeaturePreset& preset,
                                          const FeatureOptions& options, int64_t max_events) {
  absl::StatusOr<store::SampleRecord> record = store.GetSample(name);
  if (!record.ok()) return record.status();
  if (absl::Status status = store.VerifySample(name); !status.ok()) return status;
  absl::StatusOr<std::string> path = store.SampleBlobPath(name);
  if (!path.ok()) return path.status();
  absl::StatusOr<FeatureMatrix> features =
      ReadFeatures(*path, EventFormat::kDarkMachines, preset, options);
  if (!features.ok()) {
    return absl::Status(features.status().code(),
                        absl::StrCat("sample '", name, "': ", features.status().message()));
  }
  if (max_events > 0 && features->rows() > max_events) *features = features->Rows(0, max_events);
  return LabelledSample{name, record->parameters, *std::move(features)};
}

// What the encoder's record carries for listings: enough to describe it without its blob.
std::string Summary(const EncoderTrainingReport& report, const v1::TrainingRequest& request) {
  nlohmann::json summary;
  summary["validation_accuracy"] = report.validation_accuracy;
  summary["train_sets_per_epoch"] = report.train_sets_per_epoch;
  summary["validation_sets"] = report.validation_sets;
  summary["sets_per_second"] = report.sets_per_second;
  summary["variant"] = request.variant();
  summary["events_per_set"] = request.events_per_set();
  summary["best_epoch"] = report.metadata.history.best_epoch;
  nlohmann::json models = nlohmann::json::array();
  for (const ModelPoints& model : report.metadata.models) {
    models.push_back(
        {{"name", model.name}, {"parameters", model.parameters}, {"points", model.points.size()}});
  }
  summary["models"] = models;
  return summary.dump();
}

}  // namespace

absl::StatusOr<store::EncoderRecord> RunTrainingJob(store::Store& store, const std::string& job_id,
                                                    const v1::TrainingRequest& request,
                                                    const TrainingRunnerOptions& options,
                                                    const TrainingProgressCallback& progress,
                                                    const CancellationToken& cancel) {
  const FeaturePreset preset = *FeaturePreset::Get(request.preset());
  FeatureOptions feature_options;
  feature_options.missing_jets = *ParseMissingJetPolicy(request.missing_jets());
  std::vector<LabelledSample> samples;
  for (const std::string& name : request.samples()) {
    if (cancel.cancelled()) return absl::CancelledError("cancelled while reading the samples");
    absl::StatusOr<LabelledSample> sample =
        LoadSample(store, name, preset, feature_options, request.max_events_per_sample());
    if (!sample.ok()) return sample.status();
    samples.push_back(*std::move(sample));
  }

  // The checkpoint goes to a scratch file first, then into a staged blob of the store.
  const std::string scratch = options.scratch_dir + "/" + job_id + ".ckpt";
  const EncoderTrainingOptions training =
      TrainingOptionsFromRequest(request, options.device, options.threads);
  absl::StatusOr<EncoderTrainingReport> report =
      TrainEncoderToFile(samples, training, scratch, progress, &cancel);
  if (!report.ok()) return report.status();

  absl::StatusOr<std::unique_ptr<store::BlobWriter>> blob = store.BeginEncoderUpload();
  if (!blob.ok()) return blob.status();
  std::ifstream in(scratch, std::ios::binary);
  std::string buffer(1 << 20, '\0');
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    if (absl::Status status = (*blob)->Append(absl::string_view(buffer.data(), in.gcount()));
        !status.ok()) {
      std::filesystem::remove(scratch);
      return status;
    }
  }
  std::filesystem::remove(scratch);
  store::EncoderRecord record;
  record.name = request.encoder();
  record.job_id = job_id;
  record.preset = request.preset();
  record.summary_json = Summary(*report, request);
  return store.CommitEncoderAndFinishJob(job_id, *std::move(blob), std::move(record));
}

}  // namespace latentspace::server
