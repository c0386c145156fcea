// Training of the set encoder (any LatentModel variant).
#include "core/nn/trainer.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "core/nn/cpu_threads.h"
#include "core/nn/training_loop.h"
#include "core/status_macros.h"

namespace latentspace {
namespace {

// Consecutive collapsed epochs after which an attempt is abandoned.
constexpr int kCollapsePatience = 3;
// Smallest-to-largest latent covariance eigenvalue below which the latent space is degenerate.
constexpr double kCollapseEigenvalueRatio = 1e-6;
// Largest latent variance below which every set sits on one point.
constexpr double kDeadVariance = 1e-12;
// Seconds between progress reports within an epoch.
constexpr double kProgressInterval = 0.5;

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
  LATENT_RETURN_IF_ERROR(ValidateTrainerConfig(config));
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

uint64_t AttemptSeed(uint64_t seed, int attempt) {
  return seed + static_cast<uint64_t>(attempt) * 0x9e3779b97f4a7c15ULL;
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
  LATENT_RETURN_IF_ERROR(ValidateConfig(config, train, validation));
  LATENT_ASSIGN_OR_RETURN(torch::Device device, ResolveDevice(config.device));
  ConfigureCpuThreads(config.threads);
  KeepFreedMemoryForReuse();
  const torch::Tensor validation_inputs = InputsTensor(validation).to(device);
  const torch::Tensor validation_labels = LabelsTensor(validation).to(device);

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
    model->to(device);
    model->train();
    torch::optim::Adam optimizer(model->parameters(),
                                 torch::optim::AdamOptions(config.learning_rate));
    std::vector<torch::Tensor> best_state = SnapshotParameters(*model);
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
      SetLearningRate(optimizer,
                      CosineLearningRate(config.learning_rate, config.final_learning_rate_fraction,
                                         config.epochs, epoch));
      const EventSets sets = train.Draw(epoch);
      const torch::Tensor inputs = InputsTensor(sets).to(device);
      const torch::Tensor labels = LabelsTensor(sets).to(device);
      const int64_t steps =
          sets.size() / config.batch_size + (sets.size() % config.batch_size >= 2 ? 1 : 0);
      double loss_sum = 0;
      EpochClock clock(kProgressInterval);
      for (int64_t step = 0; step < steps; ++step) {
        LATENT_RETURN_IF_ERROR(CheckCancelled(cancel, epoch, step));
        const int64_t begin = step * config.batch_size;
        const int64_t end = std::min(begin + config.batch_size, sets.size());
        optimizer.zero_grad();
        loss_sum += TrainingStep(model, inputs.slice(0, begin, end), labels.slice(0, begin, end));
        optimizer.step();
        sets_seen += end - begin;
        if (progress && clock.ReportDue(step + 1 == steps)) {
          const double elapsed = seconds_training + clock.Seconds();
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
      seconds_training += clock.Seconds();
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
        best_state = SnapshotParameters(*model);
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
      if (config.patience != kNeverStopEarly && epochs_since_best >= config.patience) {
        stopped_early = epoch + 1 < config.epochs;
        break;
      }
    }
    if (collapse.empty()) {
      RestoreParameters(*model, best_state);
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
