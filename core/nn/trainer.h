// Training of the set encoder (any LatentModel variant; contrastive by default): Adam with a
// cosine-decaying learning rate, mini-batches of sets re-drawn every epoch, early stopping on the
// validation loss with the best state kept, several independent initialisations of which the one
// with the lowest validation loss is kept, seeded and reproducible on CPU, progress reports and
// cancellation. A dead or collapsed encoder (the paper's narrow ReLU tail can die and leave a 1-D
// or constant latent space) is detected after every epoch and the training restarts from a new seed
// a bounded number of times; every restart and every initialisation not kept is recorded.
//
// The default learning rate is 1e-3, not the paper's 1e-5: with 1e-5 the bundled Dark Machines
// samples need hundreds of epochs (hours on 2 cores) to separate, with 1e-3 they do in a few
// minutes; Adam with the best-validation state kept makes the larger step safe, and the cosine
// decay to 1e-5 over the last epochs lets the encoder settle (training_types.h has the figures).
//
// Scale-out seam: TrainingStep (forward, loss, backward) is separate from the optimiser update, so
// a gradient all-reduce can go between them.
#ifndef LATENTSPACE_CORE_NN_TRAINER_H_
#define LATENTSPACE_CORE_NN_TRAINER_H_

#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/features/set_builder.h"
#include "core/nn/latent_model.h"
#include "core/nn/training_types.h"

namespace latentspace {

// kAuto is CUDA whenever torch::cuda::is_available(); kCuda without a GPU is FAILED_PRECONDITION.
absl::StatusOr<torch::Device> ResolveDevice(DeviceChoice choice);

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
