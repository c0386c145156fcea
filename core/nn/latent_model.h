// The trainable model behind an encoder, in the variants of the paper and its talks:
//   contrastive      the set encoder trained with the contrastive loss (default)
//   autoencoder      encoder + decoder trained on the mean squared reconstruction error (baseline)
//   vae-contrastive  variational encoder (mean, log-variance) + decoder, trained on
//                    w MSE + (1 - w) contrastive + beta KL; the decoder reconstructs the features
//                    of a set from its latent point.
// The latent point of a set is the encoder output (the mean for the VAE).
#ifndef LATENTSPACE_CORE_NN_LATENT_MODEL_H_
#define LATENTSPACE_CORE_NN_LATENT_MODEL_H_

#include <torch/torch.h>

#include <cstdint>
#include <vector>

#include "core/analysis/latent_point.h"
#include "core/nn/mlp.h"
#include "core/nn/training_types.h"

namespace latentspace {

class LatentModelImpl : public torch::nn::Module {
 public:
  LatentModelImpl(int64_t input_dim, const LatentModelOptions& options);

  // [sets, input_dim] -> latent points [sets, latent_dim].
  torch::Tensor Embed(const torch::Tensor& inputs);

  // The variant's loss on a batch (labels: model index of each set). In training mode the VAE
  // samples its latent point; in evaluation mode it uses the mean, so validation is deterministic.
  torch::Tensor Loss(const torch::Tensor& inputs, const torch::Tensor& labels);

  // Reconstructed features of latent points (reconstruction variants only).
  torch::Tensor Decode(const torch::Tensor& latent);
  bool has_decoder() const { return !decoder_.is_empty(); }

  // Embed, with the encoder's hidden activations appended to *hidden (dead-unit diagnostics).
  torch::Tensor EmbedWithActivations(const torch::Tensor& inputs,
                                     std::vector<torch::Tensor>* hidden);

  int64_t input_dim() const { return input_dim_; }
  const LatentModelOptions& options() const { return options_; }

 private:
  int64_t input_dim_;
  LatentModelOptions options_;
  Mlp encoder_{nullptr};
  Mlp decoder_{nullptr};
};
TORCH_MODULE(LatentModel);

// Latent points of `sets` rows of `width` float inputs (row-major, on the CPU), embedded without
// gradients in batches on the model's device. Safe to call from several threads at once.
std::vector<LatentPoint> EmbedSets(LatentModel& model, const float* inputs, int64_t sets,
                                   int64_t width);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_NN_LATENT_MODEL_H_
