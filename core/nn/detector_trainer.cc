// Training of an anomaly detector's model.
#include "core/nn/detector_trainer.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/features/seeded_random.h"
#include "core/nn/cpu_threads.h"
#include "core/nn/trainer.h"
#include "core/nn/training_loop.h"
#include "core/status_macros.h"

namespace latentspace {
namespace {

// Seconds between progress reports within an epoch.
constexpr double kProgressInterval = 0.5;

absl::Status CheckRows(const LabelledRows& data, const char* part, int64_t cols,
                       bool needs_signal) {
  if (data.rows.rows() < 2) {
    return absl::InvalidArgumentError(
        absl::StrCat(part, " holds ", data.rows.rows(), " events, at least 2 needed"));
  }
  if (data.rows.cols() != cols) {
    return absl::InvalidArgumentError(
        absl::StrCat(part, " rows have ", data.rows.cols(), " features, the training rows ", cols));
  }
  if (static_cast<int64_t>(data.labels.size()) != data.rows.rows()) {
    return absl::InvalidArgumentError(
        absl::StrCat(part, " has ", data.labels.size(), " labels for ", data.rows.rows(), " rows"));
  }
  int64_t signal = 0;
  for (size_t i = 0; i < data.labels.size(); ++i) {
    if (data.labels[i] != 0 && data.labels[i] != 1) {
      return absl::InvalidArgumentError(
          absl::StrCat(part, " label ", i, " = ", data.labels[i], " is neither 0 nor 1"));
    }
    signal += data.labels[i] == 1;
  }
  if (needs_signal && (signal == 0 || signal == data.rows.rows())) {
    return absl::InvalidArgumentError(absl::StrCat(part, " needs events of both labels, has ",
                                                   signal, " of ", data.rows.rows(),
                                                   " labelled 1"));
  }
  return absl::OkStatus();
}

// Rows, labels and balancing weights as tensors on the training device.
struct DeviceRows {
  torch::Tensor inputs, labels, weights;
};

DeviceRows ToDevice(const LabelledRows& data, const torch::Device& device) {
  const int64_t n = data.rows.rows();
  DeviceRows out;
  out.inputs = torch::from_blob(const_cast<float*>(data.rows.values.data()), {n, data.rows.cols()},
                                torch::kFloat32)
                   .to(device, /*non_blocking=*/false, /*copy=*/true);
  out.labels = torch::from_blob(const_cast<float*>(data.labels.data()), {n}, torch::kFloat32)
                   .to(device, false, true);
  const double ones = std::count(data.labels.begin(), data.labels.end(), 1.0f);
  const double zeros = static_cast<double>(n) - ones;
  const double one_weight = ones > 0 && zeros > 0 ? n / (2 * ones) : 1.0;
  const double zero_weight = ones > 0 && zeros > 0 ? n / (2 * zeros) : 1.0;
  out.weights = out.labels * (one_weight - zero_weight) + zero_weight;
  return out;
}

double ValidationLoss(DetectorModel& model, const DeviceRows& validation) {
  torch::NoGradGuard no_grad;
  model->eval();
  const double loss =
      model->Loss(validation.inputs, validation.labels, validation.weights).item<double>();
  model->train();
  return loss;
}

}  // namespace

absl::StatusOr<TrainedDetector> TrainDetector(const LabelledRows& train,
                                              const LabelledRows& validation, DetectorKind kind,
                                              const DetectorArchitecture& architecture,
                                              const DetectorTrainerConfig& config,
                                              const TrainingProgressCallback& progress,
                                              const CancellationToken* cancel) {
  LATENT_RETURN_IF_ERROR(ValidateDetectorTrainerConfig(config));
  LATENT_RETURN_IF_ERROR(ValidateDetectorArchitecture(architecture));
  const bool needs_signal = DetectorNeedsSignal(kind);
  const int64_t cols = train.rows.cols();
  LATENT_RETURN_IF_ERROR(CheckRows(train, "training", cols, needs_signal));
  LATENT_RETURN_IF_ERROR(CheckRows(validation, "validation", cols, needs_signal));
  LATENT_ASSIGN_OR_RETURN(torch::Device device, ResolveDevice(config.device));
  ConfigureCpuThreads(config.threads);
  KeepFreedMemoryForReuse();
  const DeviceRows train_rows = ToDevice(train, device);
  const DeviceRows validation_rows = ToDevice(validation, device);

  torch::manual_seed(config.seed);
  DetectorModel model(cols, kind, architecture);
  model->to(device);
  model->train();
  torch::optim::Adam optimizer(model->parameters(),
                               torch::optim::AdamOptions(config.learning_rate));
  TrainedDetector result;
  TrainingHistory& history = result.history;
  history.seed = config.seed;
  std::vector<torch::Tensor> best_state = SnapshotParameters(*model);
  double best_loss = std::numeric_limits<double>::infinity();
  int64_t epochs_since_best = 0;
  double validation_loss = std::nan("");
  double seconds_training = 0;
  int64_t events_seen = 0;
  const int64_t n = train.rows.rows();
  const int64_t steps = (n + config.batch_size - 1) / config.batch_size;
  std::vector<int64_t> order(n);
  for (int64_t epoch = 0; epoch < config.epochs; ++epoch) {
    SetLearningRate(optimizer,
                    CosineLearningRate(config.learning_rate, config.final_learning_rate_fraction,
                                       config.epochs, epoch));
    std::iota(order.begin(), order.end(), 0);
    std::mt19937_64 rng(MixSeed(config.seed ^ MixSeed(static_cast<uint64_t>(epoch) + 1)));
    SeededShuffle(order, rng);
    const torch::Tensor index = torch::tensor(order, torch::kInt64).to(device);
    const torch::Tensor inputs = train_rows.inputs.index_select(0, index);
    const torch::Tensor labels = train_rows.labels.index_select(0, index);
    const torch::Tensor weights = train_rows.weights.index_select(0, index);
    double loss_sum = 0;
    EpochClock clock(kProgressInterval);
    for (int64_t step = 0; step < steps; ++step) {
      LATENT_RETURN_IF_ERROR(CheckCancelled(cancel, epoch, step));
      const int64_t begin = step * config.batch_size;
      const int64_t end = std::min(begin + config.batch_size, n);
      optimizer.zero_grad();
      torch::Tensor loss = model->Loss(inputs.slice(0, begin, end), labels.slice(0, begin, end),
                                       weights.slice(0, begin, end));
      loss.backward();
      optimizer.step();
      loss_sum += loss.item<double>();
      events_seen += end - begin;
      if (progress && clock.ReportDue(step + 1 == steps)) {
        const double elapsed = seconds_training + clock.Seconds();
        const double fraction =
            (epoch + static_cast<double>(step + 1) / steps) / static_cast<double>(config.epochs);
        progress({0, 0, 1, epoch, config.epochs, step + 1, steps, loss_sum / (step + 1),
                  validation_loss, events_seen / std::max(elapsed, 1e-9), fraction,
                  elapsed * (1 - fraction) / std::max(fraction, 1e-9)});
      }
    }
    seconds_training += clock.Seconds();
    validation_loss = ValidationLoss(model, validation_rows);
    if (!std::isfinite(validation_loss)) {
      return absl::InternalError(absl::StrCat("validation loss is ", validation_loss, " at epoch ",
                                              epoch + 1, "; try a smaller learning rate"));
    }
    history.epochs.push_back({0, epoch, loss_sum / steps, validation_loss,
                              events_seen / std::max(seconds_training, 1e-9)});
    if (validation_loss < best_loss) {
      best_loss = validation_loss;
      history.best_epoch = epoch;
      best_state = SnapshotParameters(*model);
      epochs_since_best = 0;
    } else if (config.patience != kNeverStopEarly && ++epochs_since_best >= config.patience) {
      history.stopped_early = epoch + 1 < config.epochs;
      break;
    }
  }
  RestoreParameters(*model, best_state);
  model->eval();
  history.best_validation_loss = best_loss;
  result.model = model;
  return result;
}

}  // namespace latentspace
