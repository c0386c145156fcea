// A trained anomaly detector that describes itself, in one validated file.
#include "core/nn/detector_checkpoint.h"

#include <cmath>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/features/preset.h"
#include "core/nn/checkpoint_file.h"
#include "core/status_macros.h"

namespace latentspace {
namespace {

using Json = CheckpointJson;
using Reader = CheckpointFieldReader;

constexpr char kMagic[] = "latentspace-detector-checkpoint";

// JSON has no NaN: a number that is not one is written as null.
Json NumberOrNull(double value) { return std::isnan(value) ? Json(nullptr) : Json(value); }

absl::Status GetNumberOrNull(const Reader& r, const Json& json, const char* key,
                             absl::string_view where, double* out) {
  if (json.is_object() && json.contains(key) && json.at(key).is_null()) {
    *out = std::nan("");
    return absl::OkStatus();
  }
  return r.Get(json, key, where, out);
}

Json ToJson(const DetectorMetadata& m, int64_t input_dim) {
  const DetectorArchitecture& a = m.architecture;
  const DetectorValidation& v = m.validation;
  return Json{
      {"kind", std::string(DetectorKindName(m.kind))},
      {"preset", m.preset},
      {"standardiser", Json::parse(m.standardiser.ToJson())},
      {"input_dim", input_dim},
      {"architecture",
       {{"hidden_widths", a.hidden_widths},
        {"latent_dim", a.latent_dim},
        {"kl_weight", a.kl_weight},
        {"head_widths", a.head_widths},
        {"classification_weight", a.classification_weight}}},
      {"trainer", TrainingScheduleToJson(m.trainer)},
      {"validation_fraction", m.validation_fraction},
      {"samples", {{"reference_events", m.reference_events}, {"signal_events", m.signal_events}}},
      {"history", TrainingHistoryToJson(m.history)},
      {"calibration", {{"events", m.calibration.events()}, {"scores", m.calibration.scores()}}},
      {"validation",
       {{"reference_events", v.reference_events},
        {"signal_events", v.signal_events},
        {"auc", NumberOrNull(v.auc)},
        {"significance_keep", v.significance_keep},
        {"significance", NumberOrNull(v.significance)}}}};
}

absl::Status FromJson(const Reader& r, const Json& json, DetectorMetadata* m) {
  std::string kind;
  Json standardiser, architecture, trainer, samples, history, calibration, validation;
  LATENT_RETURN_IF_ERROR(r.Get(json, "kind", "", &kind));
  LATENT_RETURN_IF_ERROR(r.Get(json, "preset", "", &m->preset));
  LATENT_RETURN_IF_ERROR(r.Get(json, "standardiser", "", &standardiser));
  LATENT_RETURN_IF_ERROR(r.Get(json, "architecture", "", &architecture));
  LATENT_RETURN_IF_ERROR(r.Get(json, "trainer", "", &trainer));
  LATENT_RETURN_IF_ERROR(r.Get(json, "validation_fraction", "", &m->validation_fraction));
  LATENT_RETURN_IF_ERROR(r.Get(json, "samples", "", &samples));
  LATENT_RETURN_IF_ERROR(r.Get(json, "history", "", &history));
  LATENT_RETURN_IF_ERROR(r.Get(json, "calibration", "", &calibration));
  LATENT_RETURN_IF_ERROR(r.Get(json, "validation", "", &validation));

  absl::StatusOr<DetectorKind> parsed_kind = ParseDetectorKind(kind);
  if (!parsed_kind.ok()) return r.Error("kind", parsed_kind.status().message());
  m->kind = *parsed_kind;
  absl::StatusOr<Standardiser> parsed_standardiser = Standardiser::FromJson(standardiser.dump());
  if (!parsed_standardiser.ok()) {
    return r.Error("standardiser", parsed_standardiser.status().message());
  }
  m->standardiser = *std::move(parsed_standardiser);

  DetectorArchitecture& a = m->architecture;
  LATENT_RETURN_IF_ERROR(r.Get(architecture, "hidden_widths", "architecture", &a.hidden_widths));
  LATENT_RETURN_IF_ERROR(r.Get(architecture, "latent_dim", "architecture", &a.latent_dim));
  LATENT_RETURN_IF_ERROR(r.Get(architecture, "kl_weight", "architecture", &a.kl_weight));
  LATENT_RETURN_IF_ERROR(r.Get(architecture, "head_widths", "architecture", &a.head_widths));
  LATENT_RETURN_IF_ERROR(
      r.Get(architecture, "classification_weight", "architecture", &a.classification_weight));

  LATENT_RETURN_IF_ERROR(TrainingScheduleFromJson(r, trainer, "trainer", &m->trainer));

  LATENT_RETURN_IF_ERROR(r.Get(samples, "reference_events", "samples", &m->reference_events));
  LATENT_RETURN_IF_ERROR(r.Get(samples, "signal_events", "samples", &m->signal_events));
  LATENT_RETURN_IF_ERROR(TrainingHistoryFromJson(r, history, &m->history));

  int64_t calibration_events = 0;
  std::vector<double> scores;
  LATENT_RETURN_IF_ERROR(r.Get(calibration, "events", "calibration", &calibration_events));
  LATENT_RETURN_IF_ERROR(r.Get(calibration, "scores", "calibration", &scores));
  absl::StatusOr<ScoreCalibration> parsed_calibration =
      ScoreCalibration::FromKept(std::move(scores), calibration_events);
  if (!parsed_calibration.ok()) {
    return r.Error("calibration.scores", parsed_calibration.status().message());
  }
  m->calibration = *std::move(parsed_calibration);

  DetectorValidation& v = m->validation;
  LATENT_RETURN_IF_ERROR(r.Get(validation, "reference_events", "validation", &v.reference_events));
  LATENT_RETURN_IF_ERROR(r.Get(validation, "signal_events", "validation", &v.signal_events));
  LATENT_RETURN_IF_ERROR(GetNumberOrNull(r, validation, "auc", "validation", &v.auc));
  LATENT_RETURN_IF_ERROR(
      r.Get(validation, "significance_keep", "validation", &v.significance_keep));
  LATENT_RETURN_IF_ERROR(
      GetNumberOrNull(r, validation, "significance", "validation", &v.significance));
  return absl::OkStatus();
}

// What loading requires of the metadata beyond its fields' types, for saving and loading alike.
absl::Status CheckMetadata(const Reader& r, const DetectorMetadata& m, int64_t input_dim) {
  absl::StatusOr<FeaturePreset> preset = FeaturePreset::Get(m.preset);
  if (!preset.ok()) return r.Error("preset", preset.status().message());
  if (m.standardiser.names() != preset->feature_names()) {
    return r.Error("standardiser",
                   absl::StrCat("features do not match preset '", preset->name(), "'"));
  }
  if (input_dim != preset->num_features()) {
    return r.Error("input_dim", absl::StrCat("= ", input_dim, " but preset '", preset->name(),
                                             "' has ", preset->num_features(), " features"));
  }
  if (absl::Status status = ValidateDetectorArchitecture(m.architecture); !status.ok()) {
    return r.Error("architecture", status.message());
  }
  if (absl::Status status = ValidateDetectorTrainerConfig(m.trainer); !status.ok()) {
    return r.Error("trainer", status.message());
  }
  if (!(m.validation_fraction > 0 && m.validation_fraction < 1)) {
    return r.Error("validation_fraction",
                   absl::StrCat("= ", m.validation_fraction, " must be in (0, 1)"));
  }
  if (m.calibration.scores().size() < 2) {
    return r.Error("calibration.scores", "holds fewer than 2 reference scores");
  }
  if (m.reference_events < m.calibration.events()) {
    return r.Error("samples.reference_events",
                   absl::StrCat("= ", m.reference_events, " is below the calibration's ",
                                m.calibration.events(), " held-out events"));
  }
  if (DetectorNeedsSignal(m.kind) && m.signal_events < 2) {
    return r.Error("samples.signal_events",
                   absl::StrCat("= ", m.signal_events, " but a ", DetectorKindName(m.kind),
                                " is trained on a signal"));
  }
  const DetectorValidation& v = m.validation;
  if (v.reference_events != m.calibration.events() || v.signal_events < 0 ||
      v.signal_events > m.signal_events) {
    return r.Error("validation", absl::StrCat("counts ", v.reference_events, " and ",
                                              v.signal_events, " do not fit the samples"));
  }
  if (!std::isnan(v.auc) && !(v.auc >= 0 && v.auc <= 1)) {
    return r.Error("validation.auc", absl::StrCat("= ", v.auc, " is outside [0, 1]"));
  }
  if (!(v.significance_keep > 0 && v.significance_keep <= 1)) {
    return r.Error("validation.significance_keep",
                   absl::StrCat("= ", v.significance_keep, " is outside (0, 1]"));
  }
  if (!std::isnan(v.significance) && !(v.significance >= 0 && std::isfinite(v.significance))) {
    return r.Error("validation.significance", absl::StrCat("= ", v.significance, " is not >= 0"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status SaveDetectorCheckpoint(const DetectorCheckpoint& checkpoint, const std::string& path) {
  if (!checkpoint.model) return absl::InvalidArgumentError(path + ": checkpoint without a model");
  const Reader r(path);
  const int64_t input_dim = checkpoint.model->input_dim();
  LATENT_RETURN_IF_ERROR(CheckMetadata(r, checkpoint, input_dim));
  if (checkpoint.model->kind() != checkpoint.kind) {
    return r.Error("kind", "is not the model's");
  }
  Json metadata = ToJson(checkpoint, input_dim);
  return WriteCheckpointFile(path, kMagic, kDetectorCheckpointFormatVersion, metadata,
                             *checkpoint.model);
}

absl::StatusOr<DetectorCheckpoint> LoadDetectorCheckpoint(const std::string& path,
                                                          const torch::Device& device) {
  LATENT_ASSIGN_OR_RETURN(
      CheckpointSections sections,
      ReadCheckpointFile(path, kMagic, kDetectorCheckpointFormatVersion, "anomaly detector"));
  const Reader r(path);
  DetectorCheckpoint checkpoint;
  int64_t input_dim = 0;
  LATENT_RETURN_IF_ERROR(r.Get(sections.metadata, "input_dim", "", &input_dim));
  LATENT_RETURN_IF_ERROR(FromJson(r, sections.metadata, &checkpoint));
  LATENT_RETURN_IF_ERROR(CheckMetadata(r, checkpoint, input_dim));
  checkpoint.model = DetectorModel(input_dim, checkpoint.kind, checkpoint.architecture);
  LATENT_RETURN_IF_ERROR(LoadCheckpointWeights(path, sections.weights, *checkpoint.model));
  checkpoint.model->to(device);
  checkpoint.model->eval();
  return checkpoint;
}

}  // namespace latentspace
