// The LibTorch-free functions of the training types (training_types.h): the names of model
// variants and devices, and the checks of the model options and the trainer's configuration. A
// library of its own (latent_training_types), so that the server's request validators and the fuzz
// targets use them without LibTorch.
#include "core/nn/training_types.h"

#include <cmath>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "core/status_macros.h"

namespace latentspace {

absl::StatusOr<ModelVariant> ParseModelVariant(absl::string_view name) {
  if (name == "contrastive") return ModelVariant::kContrastive;
  if (name == "autoencoder") return ModelVariant::kAutoencoder;
  if (name == "vae-contrastive") return ModelVariant::kVaeContrastive;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown variant '", absl::CHexEscape(name),
                   "' (expected contrastive, autoencoder or vae-contrastive)"));
}

absl::string_view ModelVariantName(ModelVariant variant) {
  switch (variant) {
    case ModelVariant::kContrastive:
      return "contrastive";
    case ModelVariant::kAutoencoder:
      return "autoencoder";
    case ModelVariant::kVaeContrastive:
      return "vae-contrastive";
  }
  return "contrastive";
}

absl::Status ValidateLatentModelOptions(const LatentModelOptions& options) {
  for (size_t i = 0; i < options.hidden_widths.size(); ++i) {
    if (options.hidden_widths[i] < 1) {
      return absl::InvalidArgumentError(
          absl::StrCat("hidden_widths[", i, "] = ", options.hidden_widths[i], " must be >= 1"));
    }
  }
  if (options.latent_dim < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("latent_dim = ", options.latent_dim, " must be >= 1"));
  }
  if (!(options.margin > 0) || !std::isfinite(options.margin)) {
    return absl::InvalidArgumentError(absl::StrCat("margin = ", options.margin, " must be > 0"));
  }
  if (!(options.reconstruction_weight >= 0 && options.reconstruction_weight <= 1)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "reconstruction_weight = ", options.reconstruction_weight, " must be in [0, 1]"));
  }
  if (!(options.kl_beta >= 0) || !std::isfinite(options.kl_beta)) {
    return absl::InvalidArgumentError(absl::StrCat("kl_beta = ", options.kl_beta, " must be >= 0"));
  }
  return absl::OkStatus();
}

absl::Status ValidateTrainingSchedule(const TrainingSchedule& schedule, int64_t min_batch_size) {
  if (!(schedule.learning_rate > 0) || !std::isfinite(schedule.learning_rate)) {
    return absl::InvalidArgumentError(
        absl::StrCat("learning_rate = ", schedule.learning_rate, " must be a positive number"));
  }
  if (schedule.batch_size < min_batch_size) {
    return absl::InvalidArgumentError(
        absl::StrCat("batch_size = ", schedule.batch_size, " must be at least ", min_batch_size));
  }
  if (schedule.epochs < 1) {
    return absl::InvalidArgumentError(absl::StrCat("epochs = ", schedule.epochs, " must be >= 1"));
  }
  if (schedule.patience < 1 && schedule.patience != kNeverStopEarly) {
    return absl::InvalidArgumentError(absl::StrCat("patience = ", schedule.patience,
                                                   " must be >= 1 (epochs) or ", kNeverStopEarly,
                                                   " (never)"));
  }
  if (!(schedule.final_learning_rate_fraction > 0 && schedule.final_learning_rate_fraction <= 1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("final_learning_rate_fraction = ", schedule.final_learning_rate_fraction,
                     " must be in (0, 1]"));
  }
  if (schedule.threads < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("threads = ", schedule.threads, " must be >= 0"));
  }
  return absl::OkStatus();
}

absl::Status ValidateTrainerConfig(const TrainerConfig& config) {
  // Contrastive pairs need two sets in a batch.
  LATENT_RETURN_IF_ERROR(ValidateTrainingSchedule(config, 2));
  if (config.initialisations < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("initialisations = ", config.initialisations, " must be >= 1"));
  }
  if (config.max_restarts < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("max_restarts = ", config.max_restarts, " must be >= 0"));
  }
  return ValidateLatentModelOptions(config.model);
}

absl::StatusOr<DeviceChoice> ParseDeviceChoice(absl::string_view name) {
  if (name == "auto") return DeviceChoice::kAuto;
  if (name == "cpu") return DeviceChoice::kCpu;
  if (name == "cuda") return DeviceChoice::kCuda;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown device '", name, "' (expected auto, cpu or cuda)"));
}

absl::string_view DeviceChoiceName(DeviceChoice choice) {
  switch (choice) {
    case DeviceChoice::kAuto:
      return "auto";
    case DeviceChoice::kCpu:
      return "cpu";
    case DeviceChoice::kCuda:
      return "cuda";
  }
  return "auto";
}

}  // namespace latentspace
