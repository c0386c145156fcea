// Learning-rate schedule, parameter snapshots, cancellation, epoch clock and allocator setting of
// the trainers.
#include "core/nn/training_loop.h"

#include <malloc.h>

#include <cmath>

#include "absl/strings/str_cat.h"

namespace latentspace {

double CosineLearningRate(double rate, double final_fraction, int64_t epochs, int64_t epoch) {
  if (final_fraction >= 1 || epochs < 2) return rate;
  const double progress = static_cast<double>(epoch) / static_cast<double>(epochs - 1);
  return rate * (final_fraction + (1 - final_fraction) * 0.5 * (1 + std::cos(M_PI * progress)));
}

void SetLearningRate(torch::optim::Optimizer& optimizer, double rate) {
  for (auto& group : optimizer.param_groups()) group.options().set_lr(rate);
}

std::vector<torch::Tensor> SnapshotParameters(const torch::nn::Module& model) {
  std::vector<torch::Tensor> snapshot;
  for (const torch::Tensor& parameter : model.parameters()) {
    snapshot.push_back(parameter.detach().clone());
  }
  return snapshot;
}

void RestoreParameters(torch::nn::Module& model, const std::vector<torch::Tensor>& snapshot) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> parameters = model.parameters();
  for (size_t i = 0; i < parameters.size(); ++i) parameters[i].copy_(snapshot[i]);
}

absl::Status CheckCancelled(const CancellationToken* cancel, int64_t epoch, int64_t step) {
  if (cancel == nullptr || !cancel->cancelled()) return absl::OkStatus();
  return absl::CancelledError(
      absl::StrCat("training cancelled at epoch ", epoch + 1, ", step ", step + 1));
}

EpochClock::EpochClock(double report_interval)
    : report_interval_(report_interval), start_(Clock::now()), last_report_(start_) {}

double EpochClock::Seconds() const {
  return std::chrono::duration<double>(Clock::now() - start_).count();
}

bool EpochClock::ReportDue(bool last_step) {
  const Clock::time_point now = Clock::now();
  if (!last_step && std::chrono::duration<double>(now - last_report_).count() < report_interval_) {
    return false;
  }
  last_report_ = now;
  return true;
}

void KeepFreedMemoryForReuse() { mallopt(M_TOP_PAD, 64 << 20); }

}  // namespace latentspace
