// The API's views of stored and loaded encoders and detectors.
#include "server/handlers/model_views.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/nn/training_types.h"
#include "core/status_macros.h"
#include "server/jobs/detector_summary.h"
#include "server/jobs/encoder_summary.h"
#include "server/jobs/job_conversion.h"

namespace latentspace::server::handlers {
namespace {

// The reference fractions GetDetector gives the cuts of (as far as the calibration resolves).
constexpr double kDescribedCuts[] = {0.1, 0.01, 0.001};

v1::Encoder LoadedEncoderToProto(const LoadedEncoder& loaded) {
  v1::Encoder encoder = EncoderRecordToProto(loaded.record, true);
  const EncoderMetadata& metadata = loaded.encoder->metadata();
  for (const std::string& name : metadata.standardiser.names()) encoder.add_feature_names(name);
  encoder.set_events_per_set(metadata.k);
  encoder.set_latent_dim(static_cast<int32_t>(metadata.config.model.latent_dim));
  encoder.set_variant(std::string(ModelVariantName(metadata.config.model.variant)));
  encoder.set_seed(metadata.history.seed);
  encoder.set_best_epoch(ApiEpoch(metadata.history.best_epoch));
  encoder.set_best_validation_loss(metadata.history.best_validation_loss);
  AddEpochSummaries(metadata.history, encoder.mutable_history());
  const std::vector<std::vector<int64_t>>& test = metadata.separation.test_confusion;
  for (size_t m = 0; m < test.size() && m < static_cast<size_t>(encoder.models_size()); ++m) {
    int64_t sets = 0;
    for (int64_t count : test[m]) sets += count;
    SetAccuracyOf(test[m][m], sets, encoder.mutable_models(static_cast<int>(m))->mutable_test());
  }
  for (const RestartRecord& restart : metadata.history.restarts) {
    const bool not_kept = absl::StartsWith(restart.reason, kNotKeptPrefix);
    encoder.add_restarts(absl::StrCat("attempt ", restart.attempt, " (seed ", restart.seed, ") ",
                                      not_kept ? "best at epoch " : "given up at epoch ",
                                      ApiEpoch(restart.epoch), ": ", restart.reason));
  }
  return encoder;
}

v1::Detector LoadedDetectorToProto(const LoadedDetector& loaded) {
  v1::Detector detector = DetectorRecordToProto(loaded.record, true);
  const DetectorMetadata& metadata = loaded.detector->metadata();
  for (const std::string& name : metadata.standardiser.names()) detector.add_feature_names(name);
  detector.set_kind(std::string(DetectorKindName(metadata.kind)));
  detector.set_best_epoch(ApiEpoch(metadata.history.best_epoch));
  detector.set_best_validation_loss(metadata.history.best_validation_loss);
  AddEpochSummaries(metadata.history, detector.mutable_history());
  for (double keep : kDescribedCuts) {
    absl::StatusOr<double> cut = loaded.detector->CutForKeptFraction(keep);
    if (!cut.ok()) continue;  // finer than the held-out reference resolves
    v1::ScoreCut* out = detector.add_cuts();
    out->set_keep(keep);
    out->set_score(*cut);
  }
  return detector;
}

// Get's answer for any registry: the reference resolved, then the loaded model's full view.
template <typename Loaded, typename Ref, typename View>
absl::StatusOr<View> LoadedView(ModelCache<Loaded>& registry, const Ref& ref,
                                View (*loaded_view)(const Loaded&)) {
  LATENT_ASSIGN_OR_RETURN(std::shared_ptr<const Loaded> loaded, registry.Resolve(ref));
  return loaded_view(*loaded);
}

}  // namespace

absl::StatusOr<v1::ListEncodersResponse> ListEncoders(EncoderRegistry& encoders,
                                                      const v1::ListEncodersRequest& request) {
  v1::ListEncodersResponse response;
  LATENT_RETURN_IF_ERROR(AppendModelViews(encoders, request.all_versions(), &EncoderRecordToProto,
                                          response.mutable_encoders()));
  return response;
}

absl::StatusOr<v1::Encoder> GetEncoder(EncoderRegistry& encoders,
                                       const v1::GetEncoderRequest& request) {
  return LoadedView(encoders, request.encoder(), &LoadedEncoderToProto);
}

absl::StatusOr<v1::ListDetectorsResponse> ListDetectors(DetectorRegistry& detectors,
                                                        const v1::ListDetectorsRequest& request) {
  v1::ListDetectorsResponse response;
  LATENT_RETURN_IF_ERROR(AppendModelViews(detectors, request.all_versions(), &DetectorRecordToProto,
                                          response.mutable_detectors()));
  return response;
}

absl::StatusOr<v1::Detector> GetDetector(DetectorRegistry& detectors,
                                         const v1::GetDetectorRequest& request) {
  return LoadedView(detectors, request.detector(), &LoadedDetectorToProto);
}

}  // namespace latentspace::server::handlers
