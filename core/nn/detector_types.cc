// Names and checks of the detector types, without LibTorch.
#include "core/nn/detector_types.h"

#include <cmath>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "core/status_macros.h"

namespace latentspace {
namespace {

absl::Status CheckWidths(const std::vector<int64_t>& widths, const char* field) {
  for (size_t i = 0; i < widths.size(); ++i) {
    if (widths[i] < 1 || widths[i] > 65536) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, "[", i, "] = ", widths[i], " must be in 1..65536"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<DetectorKind> ParseDetectorKind(absl::string_view name) {
  if (name == "autoencoder") return DetectorKind::kAutoencoder;
  if (name == "vae") return DetectorKind::kVae;
  if (name == "vae-classifier") return DetectorKind::kVaeClassifier;
  if (name == "classifier") return DetectorKind::kClassifier;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown detector kind '", absl::CHexEscape(name),
                   "' (expected autoencoder, vae, vae-classifier or classifier)"));
}

absl::string_view DetectorKindName(DetectorKind kind) {
  switch (kind) {
    case DetectorKind::kAutoencoder:
      return "autoencoder";
    case DetectorKind::kVae:
      return "vae";
    case DetectorKind::kVaeClassifier:
      return "vae-classifier";
    case DetectorKind::kClassifier:
      return "classifier";
  }
  return "autoencoder";
}

bool DetectorNeedsSignal(DetectorKind kind) {
  return kind == DetectorKind::kVaeClassifier || kind == DetectorKind::kClassifier;
}

absl::Status ValidateDetectorArchitecture(const DetectorArchitecture& architecture) {
  LATENT_RETURN_IF_ERROR(CheckWidths(architecture.hidden_widths, "hidden_widths"));
  LATENT_RETURN_IF_ERROR(CheckWidths(architecture.head_widths, "head_widths"));
  if (architecture.latent_dim < 1 || architecture.latent_dim > 4096) {
    return absl::InvalidArgumentError(
        absl::StrCat("latent_dim = ", architecture.latent_dim, " must be in 1..4096"));
  }
  if (!(architecture.kl_weight >= 0) || !std::isfinite(architecture.kl_weight)) {
    return absl::InvalidArgumentError(
        absl::StrCat("kl_weight = ", architecture.kl_weight, " must be finite and >= 0"));
  }
  if (!(architecture.classification_weight > 0) ||
      !std::isfinite(architecture.classification_weight)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "classification_weight = ", architecture.classification_weight, " must be finite and > 0"));
  }
  return absl::OkStatus();
}

absl::Status ValidateDetectorTrainerConfig(const DetectorTrainerConfig& config) {
  return ValidateTrainingSchedule(config, 1);
}

}  // namespace latentspace
