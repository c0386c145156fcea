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

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/nn/mlp.h"

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

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_NN_LATENT_MODEL_H_
