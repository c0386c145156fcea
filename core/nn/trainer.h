// Training of the set encoder (any LatentModel variant; contrastive by default): Adam, mini-batches
// of sets re-drawn every epoch, early stopping on the validation loss with the best state kept,
// seeded and reproducible on CPU, progress reports and cancellation. A dead or collapsed encoder
// (the paper's narrow ReLU tail can die and leave a 1-D or constant latent space) is detected after
// every epoch and the training restarts from a new seed a bounded number of times; every restart is
// recorded.
//
// The default learning rate is 1e-3, not the paper's 1e-5: with 1e-5 the bundled Dark Machines
// samples need hundreds of epochs (hours on 2 cores) to separate, with 1e-3 they do in a few
// minutes; Adam with the best-validation state kept makes the larger step safe.
//
// Scale-out seam: TrainingStep (forward, loss, backward) is separate from the optimiser update, so
// a gradient all-reduce can go between them.
#ifndef LATENTSPACE_CORE_NN_TRAINER_H_
#define LATENTSPACE_CORE_NN_TRAINER_H_

#include <torch/torch.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/features/set_builder.h"
#include "core/nn/latent_model.h"

namespace latentspace {

enum class DeviceChoice { kAuto, kCpu, kCuda };

// "auto", "cpu", "cuda".
absl::StatusOr<DeviceChoice> ParseDeviceChoice(absl::string_view name);
absl::string_view DeviceChoiceName(DeviceChoice choice);
// kAuto is CUDA whenever torch::cuda::is_available(); kCuda without a GPU is FAILED_PRECONDITION.
absl::StatusOr<torch::Device> ResolveDevice(DeviceChoice choice);

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

struct TrainedEncoder {
  LatentModel model{nullptr};  // the best-validation state, on the training device, eval mode
  TrainingHistory history;
};

// One optimisation step's first half: forward, loss, backward (gradients accumulate in the
// model's parameters). Returns the loss.
double TrainingStep(LatentModel& model, const torch::Tensor& inputs, const torch::Tensor& labels);

// Why an encoder is unusable, or "" when it is fine: a hidden layer whose units are all inactive
// on `inputs`, every set mapped to one point, or a latent cloud of rank below latent_dim (smallest
// to largest covariance eigenvalue below 1e-6).
std::string DiagnoseCollapse(LatentModel& model, const torch::Tensor& inputs);

// Trains on `train` (sets re-drawn every epoch) and selects the state of lowest loss on
// `validation`. INVALID_ARGUMENT for a bad configuration or data, CANCELLED when cancelled,
// FAILED_PRECONDITION when every attempt collapsed (the message lists the reasons).
absl::StatusOr<TrainedEncoder> TrainEncoder(const SetBuilder& train, const EventSets& validation,
                                            const TrainerConfig& config,
                                            const TrainingProgressCallback& progress = nullptr,
                                            const CancellationToken* cancel = nullptr);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_NN_TRAINER_H_
