// Runs one detector training job to its end; the detector's training kind.
#include "server/jobs/detector_training_runner.h"

#include <optional>
#include <utility>

#include "core/features/feature_extraction.h"
#include "core/features/preset.h"
#include "core/nn/detector_training.h"
#include "core/status_macros.h"
#include "server/jobs/detector_summary.h"
#include "server/jobs/detector_training_request.h"
#include "server/jobs/job_io.h"

namespace latentspace::server {

absl::StatusOr<store::DetectorRecord> RunDetectorTrainingJob(
    store::Store& store, const std::string& job_id, const v1::DetectorTrainingRequest& request,
    const TrainingRunnerOptions& options, const TrainingProgressCallback& progress,
    const CancellationToken& cancel) {
  const FeaturePreset preset = *FeaturePreset::Get(request.preset());
  FeatureOptions feature_options;
  feature_options.missing_jets = *ParseMissingJetPolicy(request.missing_jets());
  LATENT_ASSIGN_OR_RETURN(LabelledSample reference,
                          LoadSampleFeatures(store, request.reference(), preset, feature_options,
                                             request.max_events_per_sample()));
  std::optional<LabelledSample> signal;
  if (!request.signal().empty()) {
    if (cancel.cancelled()) return absl::CancelledError("cancelled while reading the samples");
    LATENT_ASSIGN_OR_RETURN(LabelledSample loaded,
                            LoadSampleFeatures(store, request.signal(), preset, feature_options,
                                               request.max_events_per_sample()));
    signal = std::move(loaded);
  }

  // The checkpoint goes to a scratch file first, then into a staged blob of the store.
  const std::string scratch = ScratchCheckpointPath(options.scratch_dir, job_id);
  LATENT_ASSIGN_OR_RETURN(
      DetectorTrainingReport report,
      TrainDetectorToFile(reference.features, signal ? &signal->features : nullptr,
                          DetectorOptionsFromRequest(request, options.device, options.threads),
                          scratch, progress, &cancel));

  store::DetectorRecord record;
  record.name = request.detector();
  record.preset = request.preset();
  record.summary_json = DetectorSummaryJson(report, request);
  return CommitCheckpointFile(store, store::ModelKind::kDetector, job_id, scratch,
                              std::move(record));
}

const TrainingKind& DetectorTrainingKind() {
  static const TrainingKind* const kind =
      new TrainingKind(MakeTrainingKind<v1::DetectorTrainingRequest>(
          {store::kTrainDetectorJob, store::ModelKind::kDetector, "detector_request", "detector",
           "detector_version"},
          &NormalizeDetectorTrainingRequest,
          [](const v1::DetectorTrainingRequest& request) {
            std::vector<std::string> samples{request.reference()};
            if (!request.signal().empty()) samples.push_back(request.signal());
            return samples;
          },
          &RunDetectorTrainingJob));
  return *kind;
}

}  // namespace latentspace::server
