// Runs one encoder training job to its end; the encoder's training kind.
#include "server/jobs/encoder_training_runner.h"

#include <utility>
#include <vector>

#include "core/features/feature_extraction.h"
#include "core/features/preset.h"
#include "core/nn/encoder_training.h"
#include "nlohmann/json.hpp"
#include "server/jobs/encoder_training_request.h"
#include "server/jobs/job_io.h"

namespace latentspace::server {
namespace {

// Sets on the diagonal of a confusion matrix.
int64_t Correct(const std::vector<std::vector<int64_t>>& confusion) {
  int64_t correct = 0;
  for (size_t m = 0; m < confusion.size(); ++m) correct += confusion[m][m];
  return correct;
}

// What the encoder's record carries for listings: enough to describe it without its blob.
std::string Summary(const EncoderTrainingReport& report, const v1::TrainingRequest& request) {
  const ModelSeparation& separation = report.metadata.separation;
  nlohmann::json summary;
  summary["validation_accuracy"] = report.validation_accuracy;
  summary["train_sets_per_epoch"] = report.train_sets_per_epoch;
  summary["validation_sets"] = report.validation_sets;
  summary["validation_correct"] = Correct(separation.validation_confusion);
  summary["test_sets"] = report.test_sets;
  summary["test_correct"] = Correct(separation.test_confusion);
  summary["sets_per_second"] = report.sets_per_second;
  summary["variant"] = request.variant();
  summary["events_per_set"] = request.events_per_set();
  summary["best_epoch"] = report.metadata.history.best_epoch;
  nlohmann::json models = nlohmann::json::array();
  for (const ModelPoints& model : report.metadata.models) {
    models.push_back({{"name", model.name},
                      {"parameters", model.parameters},
                      {"family", model.family},
                      {"points", model.points.size()},
                      {"test_points", model.test_points.size()}});
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
        LoadSampleFeatures(store, name, preset, feature_options, request.max_events_per_sample());
    if (!sample.ok()) return sample.status();
    samples.push_back(*std::move(sample));
  }

  // The checkpoint goes to a scratch file first, then into a staged blob of the store.
  const std::string scratch = ScratchCheckpointPath(options.scratch_dir, job_id);
  const EncoderTrainingOptions training =
      TrainingOptionsFromRequest(request, options.device, options.threads);
  absl::StatusOr<EncoderTrainingReport> report =
      TrainEncoderToFile(samples, training, scratch, progress, &cancel);
  if (!report.ok()) return report.status();

  store::EncoderRecord record;
  record.name = request.encoder();
  record.preset = request.preset();
  record.summary_json = Summary(*report, request);
  return CommitCheckpointFile(store, store::ModelKind::kEncoder, job_id, scratch,
                              std::move(record));
}

const TrainingKind& EncoderTrainingKind() {
  static const TrainingKind* const kind = new TrainingKind(MakeTrainingKind<v1::TrainingRequest>(
      {store::kTrainEncoderJob, store::ModelKind::kEncoder, "request", "encoder",
       "encoder_version"},
      &NormalizeTrainingRequest,
      [](const v1::TrainingRequest& request) {
        return std::vector<std::string>(request.samples().begin(), request.samples().end());
      },
      &RunTrainingJob));
  return *kind;
}

}  // namespace latentspace::server
