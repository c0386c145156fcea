// The plain types of training, without LibTorch, so that code outside core/nn (the server, the
// analysis) can describe, configure and watch a training: model variants and options, the device
// choice, the trainer's configuration, its history and progress reports, and the cancellation
// token. The functions declared here are defined with the trainer and the model in latent_nn.
#ifndef LATENTSPACE_CORE_NN_TRAINING_TYPES_H_
#define LATENTSPACE_CORE_NN_TRAINING_TYPES_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace latentspace {

enum class ModelVariant { kContrastive, kAutoencoder, kVaeContrastive };

// "contrastive", "autoencoder", "vae-contrastive".
absl::StatusOr<ModelVariant> ParseModelVariant(absl::string_view name);
absl::string_view ModelVariantName(ModelVariant variant);

struct LatentModelOptions {
  ModelVariant variant = ModelVariant::kContrastive;
  // Hidden widths of the paper's encoder; decoders mirror them. The narrow tail is what sometimes
  // collapses (see trainer.h).
  std::vector<int64_t> hidden_widths = {384, 512, 256, 128, 64, 32, 16, 8, 4};
  int64_t latent_dim = 2;
  double margin = 1.0;                 // contrastive margin d
  double reconstruction_weight = 0.5;  // w of vae-contrastive
  double kl_beta = 1e-3;               // beta of vae-contrastive
};

// INVALID_ARGUMENT naming the offending option.
absl::Status ValidateLatentModelOptions(const LatentModelOptions& options);

enum class DeviceChoice { kAuto, kCpu, kCuda };

// "auto", "cpu", "cuda".
absl::StatusOr<DeviceChoice> ParseDeviceChoice(absl::string_view name);
absl::string_view DeviceChoiceName(DeviceChoice choice);

struct TrainerConfig {
  double learning_rate = 1e-3;
  int64_t batch_size = 256;  // sets per step; a last batch of fewer than 2 sets is skipped
  int64_t epochs = 100;
  int64_t patience = 15;  // epochs without a better validation loss before stopping; 0: never
  uint64_t seed = 0;      // initial weights; restarts derive theirs from it
  DeviceChoice device = DeviceChoice::kAuto;
  int threads = 0;  // LibTorch intra-op threads; 0: one per core
  int max_restarts = 3;
  LatentModelOptions model;
};

struct EpochRecord {
  int attempt = 0;
  int64_t epoch = 0;
  double train_loss = 0;
  double validation_loss = 0;
  double sets_per_second = 0;
};

struct RestartRecord {
  int attempt = 0;     // the attempt that collapsed (0 = first)
  uint64_t seed = 0;   // its seed
  int64_t epoch = 0;   // the epoch at which it was given up
  std::string reason;  // e.g. "latent collapsed to 1-D (eigenvalue ratio 3e-09)"
};

struct TrainingHistory {
  std::vector<EpochRecord> epochs;      // every epoch of every attempt
  std::vector<RestartRecord> restarts;  // one per abandoned attempt
  uint64_t seed = 0;                    // seed of the attempt that produced the encoder
  int64_t best_epoch = -1;
  double best_validation_loss = 0;
  bool stopped_early = false;
};

struct TrainingProgress {
  int attempt = 0;
  int64_t epoch = 0;  // 0-based
  int64_t epochs = 0;
  int64_t step = 0;  // within the epoch, 1-based
  int64_t steps_per_epoch = 0;
  double train_loss = 0;       // mean over the epoch's steps so far
  double validation_loss = 0;  // of the last finished epoch; NaN before the first
  double sets_per_second = 0;
  double eta_seconds = 0;  // to the last epoch of this attempt
};
using TrainingProgressCallback = std::function<void(const TrainingProgress&)>;

// Set from any thread; the trainer stops before its next step.
class CancellationToken {
 public:
  void Cancel() { cancelled_.store(true); }
  bool cancelled() const { return cancelled_.load(); }

 private:
  std::atomic<bool> cancelled_{false};
};

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_NN_TRAINING_TYPES_H_
