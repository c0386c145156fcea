// DetectorService.InterpretSelection's work.
#include "server/handlers/selection_query.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/analysis/selection_interpretation.h"
#include "core/nn/detector_training.h"
#include "core/nn/selection_pools.h"
#include "core/status_macros.h"
#include "server/handlers/latent_proto.h"
#include "server/handlers/query_levels.h"
#include "server/jobs/detector_summary.h"
#include "server/models/batch_rows.h"

namespace latentspace::server::handlers {
namespace {

constexpr int kDefaultPseudoExperiments = 200;
constexpr double kDefaultLevel = 0.05;

// The request's settings, checked, defaults filled in.
absl::StatusOr<SelectionInterpretationOptions> OptionsOf(const v1::InterpretSelectionRequest& r) {
  if (!(r.keep() > 0 && r.keep() <= 1)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "keep = ", r.keep(), " must be in (0, 1]: the share of reference events the cut keeps"));
  }
  SelectionInterpretationOptions options;
  options.seed = r.seed() == 0 ? 1 : r.seed();
  options.pseudo_experiments =
      r.pseudo_experiments() == 0 ? kDefaultPseudoExperiments : r.pseudo_experiments();
  if (options.pseudo_experiments < 1 || options.pseudo_experiments > 10000) {
    return absl::InvalidArgumentError(absl::StrCat("pseudo_experiments = ", r.pseudo_experiments(),
                                                   " must be in 1..10000 (0: 200)"));
  }
  options.level = r.level() == 0 ? kDefaultLevel : r.level();
  if (!(options.level > 0 && options.level <= 0.5)) {
    return absl::InvalidArgumentError(
        absl::StrCat("level = ", r.level(), " must be in (0, 0.5] (0: 0.05)"));
  }
  return options;
}

absl::StatusOr<BatchRows> DataRows(const v1::InterpretSelectionRequest& request,
                                   store::Store& store, const FeaturePreset& preset,
                                   int64_t max_events, const std::function<bool()>& cancelled) {
  switch (request.data_case()) {
    case v1::InterpretSelectionRequest::kSampleName:
      return RowsOfStoredSample(store, request.sample_name(), preset, cancelled, false);
    case v1::InterpretSelectionRequest::kEvents:
      return RowsOfBatch(request.events(), preset, max_events, false);
    default:
      return absl::InvalidArgumentError("no data: give sample_name or events");
  }
}

// The selected background: the held-out events of the detector's reference sample `reference`
// above the cut. `held_out` gets how many were held out.
absl::StatusOr<FeatureMatrix> SelectedBackground(const LoadedDetector& detector,
                                                 const std::string& reference, store::Store& store,
                                                 double cut, const std::function<bool()>& cancelled,
                                                 int64_t* held_out) {
  const DetectorMetadata& metadata = detector.detector->metadata();
  LATENT_ASSIGN_OR_RETURN(
      BatchRows rows,
      RowsOfStoredSample(store, reference, detector.detector->preset(), cancelled, false));
  // A training limited to the sample's first events saw only those.
  if (rows.rows.rows() > metadata.reference_events) {
    rows.rows = rows.rows.Rows(0, metadata.reference_events);
  }
  absl::StatusOr<FeatureMatrix> held = HeldOutReference(rows.rows, metadata);
  if (!held.ok()) {
    return absl::Status(held.status().code(), absl::StrCat("reference sample '", reference,
                                                           "': ", held.status().message()));
  }
  *held_out = held->rows();
  return RowsAboveCut(*detector.detector, *std::move(held), cut);
}

}  // namespace

absl::StatusOr<v1::InterpretSelectionResponse> InterpretSelection(
    const v1::InterpretSelectionRequest& request, store::Store& store, DetectorRegistry& detectors,
    EncoderRegistry& encoders, int64_t max_events, const std::function<bool()>& cancelled,
    const SelectionProgress& progress) {
  LATENT_ASSIGN_OR_RETURN(SelectionInterpretationOptions options, OptionsOf(request));
  LATENT_ASSIGN_OR_RETURN(std::shared_ptr<const LoadedDetector> detector,
                          detectors.Resolve(request.detector()));
  LATENT_ASSIGN_OR_RETURN(std::shared_ptr<const LoadedEncoder> encoder,
                          encoders.Resolve(request.encoder()));
  const Detector& scorer = *detector->detector;
  const Encoder& embedder = *encoder->encoder;
  const FeaturePreset& preset = scorer.preset();
  if (preset.name() != embedder.preset().name()) {
    return absl::InvalidArgumentError(
        absl::StrCat("detector '", detector->record.name, "' reads preset ", preset.name(),
                     ", encoder '", encoder->record.name, "' preset ", embedder.preset().name(),
                     ": the kept events must be what the encoder embeds"));
  }
  absl::StatusOr<double> cut = scorer.CutForKeptFraction(request.keep());
  if (!cut.ok()) {
    return absl::Status(cut.status().code(), absl::StrCat("keep: ", cut.status().message()));
  }
  options.events_per_set = embedder.metadata().k;
  options.cancelled = cancelled;
  options.progress = progress;

  // Pools: the data's kept events, the selected background, each model's tail.
  const std::string reference = DetectorRecordToProto(detector->record, true).reference();
  std::vector<std::string> models(request.models().begin(), request.models().end());
  if (models.empty()) {
    // The encoder's known models but the detector's reference: that is the background hypothesis.
    for (const ModelPoints& model : embedder.metadata().models) {
      if (model.name != reference) models.push_back(model.name);
    }
  }
  LATENT_ASSIGN_OR_RETURN(std::string data_level,
                          QueryEventLevel(store, request.sample_name(), request.events().level()));
  std::vector<std::string> hypotheses = models;
  hypotheses.push_back(reference);
  LATENT_ASSIGN_OR_RETURN(std::vector<ModelLevel> levels, StoredSampleLevels(store, hypotheses));
  const int64_t samples_to_score = 2 + static_cast<int64_t>(models.size());
  int64_t scored = 0;
  const auto report_scored = [&] {
    if (progress) progress(kScoringStep, scored++, samples_to_score);
  };
  report_scored();
  std::vector<FeatureMatrix> pools(2);
  LATENT_ASSIGN_OR_RETURN(BatchRows data, DataRows(request, store, preset, max_events, cancelled));
  const int64_t data_events = data.rows.rows();
  LATENT_ASSIGN_OR_RETURN(FeatureMatrix kept, RowsAboveCut(scorer, std::move(data.rows), *cut));
  pools[kDataPool] = std::move(kept);
  report_scored();
  int64_t reference_events = 0;
  LATENT_ASSIGN_OR_RETURN(
      FeatureMatrix background,
      SelectedBackground(*detector, reference, store, *cut, cancelled, &reference_events));
  pools[kBackgroundPool] = std::move(background);
  report_scored();
  SelectionPools counts{pools[kDataPool].rows(), pools[kBackgroundPool].rows(), models, {}};
  for (const std::string& model : models) {
    LATENT_ASSIGN_OR_RETURN(BatchRows rows,
                            RowsOfStoredSample(store, model, preset, cancelled, false));
    LATENT_ASSIGN_OR_RETURN(FeatureMatrix tail, RowsAboveCut(scorer, std::move(rows.rows), *cut));
    counts.model_events.push_back(tail.rows());
    pools.push_back(std::move(tail));
    report_scored();
  }

  const SetEmbedder embed = PooledSetEmbedder(pools, embedder);
  LATENT_ASSIGN_OR_RETURN(SelectionInterpretation result,
                          InterpretSelection(counts, embed, options));

  v1::InterpretSelectionResponse response;
  response.set_detector(detector->record.name);
  response.set_detector_version(detector->record.version);
  response.set_encoder(encoder->record.name);
  response.set_encoder_version(encoder->record.version);
  response.set_verdict(SelectionVerdictName(result.verdict));
  response.set_note(result.note);
  for (std::string& warning : LevelWarnings(data_level, levels)) {
    response.add_warnings(std::move(warning));
  }
  for (const HypothesisFit& fit : result.ranking) {
    v1::SelectionHypothesis* out = response.add_ranking();
    out->set_model(fit.model);
    out->set_signal_fraction(fit.signal_fraction);
    out->set_signal_fraction_lower(fit.fraction_lower);
    out->set_signal_fraction_upper(fit.fraction_upper);
    out->set_calibrated(fit.calibrated);
    out->set_likelihood_ratio(fit.likelihood_ratio);
    out->set_p_value(fit.p_value);
    out->set_signal_events(fit.signal_events);
    out->set_signal_events_lower(fit.signal_events_lower);
    out->set_signal_events_upper(fit.signal_events_upper);
    out->mutable_profile()->Add(fit.profile.begin(), fit.profile.end());
    for (size_t m = 0; m < counts.models.size(); ++m) {
      if (counts.models[m] == fit.model) out->set_tail_events(counts.model_events[m]);
    }
  }
  response.set_global_p_value(result.global_p_value);
  response.set_background_fit_p_value(result.background_fit_p_value);
  response.set_best_fit_p_value(result.best_fit_p_value);
  response.set_keep(request.keep());
  response.set_cut(*cut);
  response.set_data_events(data_events);
  response.set_kept_events(counts.data);
  response.set_reference_events(reference_events);
  response.set_background_events(counts.background);
  response.set_expected_background_events(request.keep() * static_cast<double>(data_events));
  response.mutable_fractions()->Add(result.fractions.begin(), result.fractions.end());
  response.set_sets_per_split(result.sets_per_split);
  response.set_pseudo_experiments(result.pseudo_experiments);
  for (const LatentPoint& p : result.kept_sets) SetLatentPoint(p, response.add_kept_sets());
  v1::GetContoursResponse* contours = response.mutable_template_contours();
  contours->set_encoder(encoder->record.name);
  contours->set_encoder_version(encoder->record.version);
  ContourSetToProto(result.template_contours, result.template_labels, contours);
  return response;
}

}  // namespace latentspace::server::handlers
