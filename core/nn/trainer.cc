// Training of the set encoder (any LatentModel variant).
#include "core/nn/trainer.h"

#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "core/nn/cpu_threads.h"

namespace latentspace {
namespace {

using Clock = std::chrono::steady_clock;

// Consecutive collapsed epochs after which an attempt is abandoned.
constexpr int kCollapsePatience = 3;
// Smallest-to-largest latent covariance eigenvalue below which the latent space is degenerate.
constexpr double kCollapseEigenvalueRatio = 1e-6;
// Largest latent variance below which every set sits on one point.
constexpr double kDeadVariance = 1e-12;
// Seconds between progress reports within an epoch.
constexpr double kProgressInterval = 0.5;

// LibTorch frees and reallocates every step's activations and gradients (hundreds of KiB each).
// glibc gives such blocks back to the kernel as soon as the top of the heap holds more than a few
// of them free, so every step page-faulted its memory in again: 70% of a training step here went
// to page faults. Keeping 64 MiB of free heap at the top makes the steps 3x faster.
void KeepFreedMemoryForReuse() { mallopt(M_TOP_PAD, 64 << 20); }

torch::Tensor InputsTensor(const EventSets& sets) {
  return torch::from_blob(const_cast<float*>(sets.inputs.data()), {sets.size(), sets.width()},
                          torch::kFloat32)
      .clone();
}

torch::Tensor LabelsTensor(const EventSets& sets) {
  return torch::tensor(std::vector<int64_t>(sets.labels.begin(), sets.labels.end()), torch::kInt64);
}

absl::Status ValidateConfig(const TrainerConfig& config, const SetBuilder& train,
                            const EventSets& validation) {
  if (!(config.learning_rate > 0) || !std::isfinite(config.learning_rate)) {
    return absl::InvalidArgumentError(
        absl::StrCat("learning_rate = ", config.learning_rate, " must be a positive number"));
  }
  if (config.batch_size < 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("batch_size = ", config.batch_size, " must be at least 2"));
  }
  if (config.epochs < 1) {
    return absl::InvalidArgumentError(absl::StrCat("epochs = ", config.epochs, " must be >= 1"));
  }
  if (!(config.final_learning_rate_fraction > 0 && config.final_learning_rate_fraction <= 1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("final_learning_rate_fraction = ", config.final_learning_rate_fraction,
                     " must be in (0, 1]"));
  }
  if (config.initialisations < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("initialisations = ", config.initialisations, " must be >= 1"));
  }
  if (config.patience < 0 || config.max_restarts < 0 || config.threads < 0) {
    return absl::InvalidArgumentError("patience, max_restarts and threads must be >= 0");
  }
  if (absl::Status status = ValidateLatentModelOptions(config.model); !status.ok()) {
    return status;
  }
  if (validation.size() < 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("validation holds ", validation.size(), " sets, at least 2 needed"));
  }
  if (validation.k != train.k() || validation.width() != train.width()) {
    return absl::InvalidArgumentError(absl::StrCat("validation sets are ", validation.width(),
                                                   " wide, the training sets ", train.width()));
  }
  return absl::OkStatus();
}

// The learning rate of `epoch` (0-based): a half cosine from the configured rate down to its
// final fraction at the last configured epoch (early stopping may end the attempt before).
double ScheduledLearningRate(const TrainerConfig& config, int64_t epoch) {
  if (config.final_learning_rate_fraction >= 1 || config.epochs < 2) return config.learning_rate;
  const double progress = static_cast<double>(epoch) / static_cast<double>(config.epochs - 1);
  const double f = config.final_learning_rate_fraction;
  return config.learning_rate * (f + (1 - f) * 0.5 * (1 + std::cos(M_PI * progress)));
}

uint64_t AttemptSeed(uint64_t seed, int attempt) {
  return seed + static_cast<uint64_t>(attempt) * 0x9e3779b97f4a7c15ULL;
}

std::vector<torch::Tensor> CopyState(LatentModel& model) {
  std::vector<torch::Tensor> state;
  for (const torch::Tensor& parameter : model->parameters()) {
    state.push_back(parameter.detach().clone());
  }
  return state;
}

void RestoreState(LatentModel& model, const std::vector<torch::Tensor>& state) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> parameters = model->parameters();
  for (size_t i = 0; i < parameters.size(); ++i) parameters[i].copy_(state[i]);
}

double ValidationLoss(LatentModel& model, const torch::Tensor& inputs,
                      const torch::Tensor& labels) {
  torch::NoGradGuard no_grad;
  model->eval();
  const double loss = model->Loss(inputs, labels).item<double>();
  model->train();
  return loss;
}

}  // namespace

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

absl::StatusOr<torch::Device> ResolveDevice(DeviceChoice choice) {
  const bool cuda = torch::cuda::is_available();
  if (choice == DeviceChoice::kCuda && !cuda) {
    return absl::FailedPreconditionError("device cuda requested but no CUDA device is available");
  }
  if (choice == DeviceChoice::kCpu || !cuda) return torch::Device(torch::kCPU);
  return torch::Device(torch::kCUDA);
}

double TrainingStep(LatentModel& model, const torch::Tensor& inputs, const torch::Tensor& labels) {
  torch::Tensor loss = model->Loss(inputs, labels);
  loss.backward();
  return loss.item<double>();
}

std::string DiagnoseCollapse(LatentModel& model, const torch::Tensor& inputs) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> activations;
  const torch::Tensor latent =
      model->EmbedWithActivations(inputs, &activations).to(torch::kFloat64);
  for (size_t layer = 0; layer < activations.size(); ++layer) {
    if (activations[layer].max().item<double>() <= 0) {
      return absl::StrCat("dead encoder: every unit of hidden layer ", layer + 1,
                          " is inactive on every set");
    }
  }
  const torch::Tensor centred = latent - latent.mean(0, /*keepdim=*/true);
  const torch::Tensor covariance =
      centred.t().mm(centred) / std::max<int64_t>(1, inputs.size(0) - 1);
  const torch::Tensor eigenvalues = torch::linalg::eigvalsh(covariance, "L");
  const double largest = eigenvalues.max().item<double>();
  const double smallest = eigenvalues.min().item<double>();
  if (!(largest > kDeadVariance)) {
    return absl::StrFormat("dead encoder: every set maps to the same latent point (variance %.3g)",
                           largest);
  }
  if (smallest / largest < kCollapseEigenvalueRatio) {
    return absl::StrFormat(
        "latent collapsed to fewer than %d dimensions (covariance eigenvalue ratio %.3g)",
        static_cast<int>(latent.size(1)), smallest / largest);
  }
  return "";
}

absl::StatusOr<TrainedEncoder> TrainEncoder(const SetBuilder& train, const EventSets& validation,
                                            const TrainerConfig& config,
                                            const TrainingProgressCallback& progress,
                                            const CancellationToken* cancel) {
  if (absl::Status status = ValidateConfig(config, train, validation); !status.ok()) {
    return status;
  }
  absl::StatusOr<torch::Device> device = ResolveDevice(config.device);
  if (!device.ok()) return device.status();
  ConfigureCpuThreads(config.threads);
  KeepFreedMemoryForReuse();
  const torch::Tensor validation_inputs = InputsTensor(validation).to(*device);
  const torch::Tensor validation_labels = LabelsTensor(validation).to(*device);

  TrainedEncoder result;
  TrainingHistory& history = result.history;
  // The kept initialisation so far (history.seed and the best-epoch fields describe it).
  int kept_attempt = -1;
  int completed = 0;
  int collapsed = 0;
  // Training time and sets of the initialisations completed so far.
  double seconds_before_attempt = 0;
  int64_t sets_before_attempt = 0;
  for (int attempt = 0; completed < config.initialisations && collapsed <= config.max_restarts;
       ++attempt) {
    const uint64_t seed = AttemptSeed(config.seed, attempt);
    torch::manual_seed(seed);
    LatentModel model(validation.width(), config.model);
    model->to(*device);
    model->train();
    torch::optim::Adam optimizer(model->parameters(),
                                 torch::optim::AdamOptions(config.learning_rate));
    std::vector<torch::Tensor> best_state = CopyState(model);
    double best_loss = std::numeric_limits<double>::infinity();
    int64_t best_epoch = -1;
    int64_t epochs_since_best = 0;
    int collapsed_epochs = 0;
    std::string collapse;
    int64_t collapse_epoch = 0;
    bool stopped_early = false;
    double validation_loss = std::nan("");
    int64_t sets_seen = 0;
    double seconds_training = 0;

    for (int64_t epoch = 0; epoch < config.epochs; ++epoch) {
      for (auto& group : optimizer.param_groups()) {
        static_cast<torch::optim::AdamOptions&>(group.options())
            .lr(ScheduledLearningRate(config, epoch));
      }
      const EventSets sets = train.Draw(epoch);
      const torch::Tensor inputs = InputsTensor(sets).to(*device);
      const torch::Tensor labels = LabelsTensor(sets).to(*device);
      const int64_t steps =
          sets.size() / config.batch_size + (sets.size() % config.batch_size >= 2 ? 1 : 0);
      double loss_sum = 0;
      Clock::time_point last_report = Clock::now();
      const Clock::time_point epoch_start = Clock::now();
      for (int64_t step = 0; step < steps; ++step) {
        if (cancel != nullptr && cancel->cancelled()) {
          return absl::CancelledError(
              absl::StrCat("training cancelled at epoch ", epoch + 1, ", step ", step + 1));
        }
        const int64_t begin = step * config.batch_size;
        const int64_t end = std::min(begin + config.batch_size, sets.size());
        optimizer.zero_grad();
        loss_sum += TrainingStep(model, inputs.slice(0, begin, end), labels.slice(0, begin, end));
        optimizer.step();
        sets_seen += end - begin;
        const Clock::time_point now = Clock::now();
        if (progress &&
            (std::chrono::duration<double>(now - last_report).count() >= kProgressInterval ||
             step + 1 == steps)) {
          last_report = now;
          const double elapsed =
              seconds_training + std::chrono::duration<double>(now - epoch_start).count();
          const double fraction = (completed + (epoch + static_cast<double>(step + 1) / steps) /
                                                   static_cast<double>(config.epochs)) /
                                  config.initialisations;
          const double all_elapsed = seconds_before_attempt + elapsed;
          progress({attempt, completed, config.initialisations, epoch, config.epochs, step + 1,
                    steps, loss_sum / (step + 1), validation_loss,
                    (sets_before_attempt + sets_seen) / std::max(all_elapsed, 1e-9), fraction,
                    all_elapsed * (1 - fraction) / std::max(fraction, 1e-9)});
        }
      }
      seconds_training += std::chrono::duration<double>(Clock::now() - epoch_start).count();
      validation_loss = ValidationLoss(model, validation_inputs, validation_labels);
      if (!std::isfinite(validation_loss)) {
        return absl::InternalError(absl::StrCat("validation loss is ", validation_loss,
                                                " at epoch ", epoch + 1, " (attempt ", attempt + 1,
                                                "); try a smaller learning rate"));
      }
      history.epochs.push_back({attempt, epoch, loss_sum / std::max<int64_t>(steps, 1),
                                validation_loss, sets_seen / std::max(seconds_training, 1e-9)});
      if (validation_loss < best_loss) {
        best_loss = validation_loss;
        best_epoch = epoch;
        best_state = CopyState(model);
        epochs_since_best = 0;
      } else {
        ++epochs_since_best;
      }
      std::string diagnosis = DiagnoseCollapse(model, validation_inputs);
      collapsed_epochs = diagnosis.empty() ? 0 : collapsed_epochs + 1;
      if (collapsed_epochs >= kCollapsePatience) {
        collapse = std::move(diagnosis);
        collapse_epoch = epoch;
        break;
      }
      if (config.patience > 0 && epochs_since_best >= config.patience) {
        stopped_early = epoch + 1 < config.epochs;
        break;
      }
    }
    if (collapse.empty()) {
      RestoreState(model, best_state);
      collapse = DiagnoseCollapse(model, validation_inputs);
      collapse_epoch = best_epoch;
    }
    if (!collapse.empty()) {
      history.restarts.push_back({attempt, seed, collapse_epoch, collapse});
      ++collapsed;
      continue;
    }
    ++completed;
    seconds_before_attempt += seconds_training;
    sets_before_attempt += sets_seen;
    model->eval();
    if (kept_attempt >= 0 && !(best_loss < history.best_validation_loss)) {
      history.restarts.push_back(
          {attempt, seed, best_epoch,
           absl::StrFormat("%s%.6g, attempt %d kept with %.6g", kNotKeptPrefix, best_loss,
                           kept_attempt, history.best_validation_loss)});
      continue;
    }
    if (kept_attempt >= 0) {
      history.restarts.push_back(
          {kept_attempt, history.seed, history.best_epoch,
           absl::StrFormat("%s%.6g, attempt %d kept with %.6g", kNotKeptPrefix,
                           history.best_validation_loss, attempt, best_loss)});
    }
    kept_attempt = attempt;
    history.seed = seed;
    history.best_epoch = best_epoch;
    history.best_validation_loss = best_loss;
    history.stopped_early = stopped_early;
    result.model = model;
  }
  if (kept_attempt >= 0) {
    std::sort(history.restarts.begin(), history.restarts.end(),
              [](const RestartRecord& a, const RestartRecord& b) { return a.attempt < b.attempt; });
    return result;
  }
  std::vector<std::string> reasons;
  for (const RestartRecord& restart : history.restarts) {
    reasons.push_back(absl::StrCat("seed ", restart.seed, ": ", restart.reason));
  }
  return absl::FailedPreconditionError(absl::StrCat("the encoder collapsed in all ",
                                                    history.restarts.size(),
                                                    " attempts: ", absl::StrJoin(reasons, "; ")));
}

}  // namespace latentspace
