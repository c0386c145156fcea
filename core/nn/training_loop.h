// The pieces of a training loop that the encoder trainer and the detector trainer share: the
// cosine learning-rate schedule, snapshots of a model's parameters (to keep the state of the best
// validation loss), the cancellation check and the pacing of progress reports within an epoch,
// and the allocator setting that keeps LibTorch's per-step memory mapped.
#ifndef LATENTSPACE_CORE_NN_TRAINING_LOOP_H_
#define LATENTSPACE_CORE_NN_TRAINING_LOOP_H_

#include <torch/torch.h>

#include <chrono>
#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "core/nn/training_types.h"

namespace latentspace {

// The learning rate of `epoch` (0-based): a half cosine from `rate` at the first epoch down to
// rate x final_fraction at the last of `epochs` (early stopping may end a training before);
// constant for final_fraction >= 1 or a single epoch.
double CosineLearningRate(double rate, double final_fraction, int64_t epochs, int64_t epoch);

// Sets the learning rate of every parameter group.
void SetLearningRate(torch::optim::Optimizer& optimizer, double rate);

// Copies of the parameters, detached from the graph.
std::vector<torch::Tensor> SnapshotParameters(const torch::nn::Module& model);
// Writes a snapshot of the same model back.
void RestoreParameters(torch::nn::Module& model, const std::vector<torch::Tensor>& snapshot);

// CANCELLED ("training cancelled at epoch E, step S", both 1-based) once `cancel` (may be null) is
// set; OK otherwise. Checked before every step.
absl::Status CheckCancelled(const CancellationToken* cancel, int64_t epoch, int64_t step);

// The clock of one epoch: seconds since it began, and whether a progress report is due (every
// `report_interval` seconds, and at the epoch's last step).
class EpochClock {
 public:
  explicit EpochClock(double report_interval = 0.5);
  double Seconds() const;
  // True (and the report counted as made) when due.
  bool ReportDue(bool last_step);

 private:
  using Clock = std::chrono::steady_clock;
  double report_interval_;
  Clock::time_point start_;
  Clock::time_point last_report_;
};

// LibTorch frees and reallocates every step's activations and gradients (hundreds of KiB each).
// glibc gives such blocks back to the kernel as soon as the top of the heap holds more than a few
// of them free, so every step page-faulted its memory in again: 70% of a training step of the
// encoder went to page faults. Keeping 64 MiB of free heap at the top makes the steps 3x faster.
void KeepFreedMemoryForReuse();

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_NN_TRAINING_LOOP_H_
