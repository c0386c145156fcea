// Runs one encoder training job to its end; the encoder's training kind.
#include "server/jobs/encoder_training_runner.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/features/feature_extraction.h"
#include "core/features/preset.h"
#include "core/nn/encoder_training.h"
#include "core/status_macros.h"
#include "server/jobs/encoder_summary.h"
#include "server/jobs/encoder_training_request.h"
#include "server/jobs/job_io.h"

namespace latentspace::server {

absl::StatusOr<store::EncoderRecord> RunTrainingJob(store::Store& store, const std::string& job_id,
                                                    const v1::TrainingRequest& request,
                                                    const TrainingRunnerOptions& options,
                                                    const TrainingProgressCallback& progress,
                                                    const CancellationToken& cancel) {
  const FeaturePreset preset = *FeaturePreset::Get(request.preset());
  FeatureOptions feature_options;
  feature_options.missing_jets = *ParseMissingJetPolicy(request.missing_jets());
  std::vector<LabelledSample> samples;
  std::map<std::string, std::string> levels;  // sample -> its events' level, for the summary
  for (const std::string& name : request.samples()) {
    if (cancel.cancelled()) return absl::CancelledError("cancelled while reading the samples");
    store::SampleRecord stored;
    LATENT_ASSIGN_OR_RETURN(LabelledSample sample,
                            LoadSampleFeatures(store, name, preset, feature_options,
                                               request.max_events_per_sample(), &stored));
    samples.push_back(std::move(sample));
    levels[name] = stored.level;
  }

  // The checkpoint goes to a scratch file first, then into a staged blob of the store.
  const std::string scratch = ScratchCheckpointPath(options.scratch_dir, job_id);
  const EncoderTrainingOptions training =
      TrainingOptionsFromRequest(request, options.device, options.threads);
  LATENT_ASSIGN_OR_RETURN(EncoderTrainingReport report,
                          TrainEncoderToFile(samples, training, scratch, progress, &cancel));

  store::EncoderRecord record;
  record.name = request.encoder();
  record.preset = request.preset();
  record.summary_json = EncoderSummaryJson(report, request, levels);
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
