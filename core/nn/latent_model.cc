// The trainable model behind an encoder, in its three variants.
#include "core/nn/latent_model.h"

#include <algorithm>
#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/nn/contrastive_loss.h"

namespace latentspace {

absl::StatusOr<ModelVariant> ParseModelVariant(absl::string_view name) {
  if (name == "contrastive") return ModelVariant::kContrastive;
  if (name == "autoencoder") return ModelVariant::kAutoencoder;
  if (name == "vae-contrastive") return ModelVariant::kVaeContrastive;
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown variant '", name, "' (expected contrastive, autoencoder or vae-contrastive)"));
}

absl::string_view ModelVariantName(ModelVariant variant) {
  switch (variant) {
    case ModelVariant::kContrastive:
      return "contrastive";
    case ModelVariant::kAutoencoder:
      return "autoencoder";
    case ModelVariant::kVaeContrastive:
      return "vae-contrastive";
  }
  return "contrastive";
}

absl::Status ValidateLatentModelOptions(const LatentModelOptions& options) {
  for (size_t i = 0; i < options.hidden_widths.size(); ++i) {
    if (options.hidden_widths[i] < 1) {
      return absl::InvalidArgumentError(
          absl::StrCat("hidden_widths[", i, "] = ", options.hidden_widths[i], " must be >= 1"));
    }
  }
  if (options.latent_dim < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("latent_dim = ", options.latent_dim, " must be >= 1"));
  }
  if (!(options.margin > 0) || !std::isfinite(options.margin)) {
    return absl::InvalidArgumentError(absl::StrCat("margin = ", options.margin, " must be > 0"));
  }
  if (!(options.reconstruction_weight >= 0 && options.reconstruction_weight <= 1)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "reconstruction_weight = ", options.reconstruction_weight, " must be in [0, 1]"));
  }
  if (!(options.kl_beta >= 0) || !std::isfinite(options.kl_beta)) {
    return absl::InvalidArgumentError(absl::StrCat("kl_beta = ", options.kl_beta, " must be >= 0"));
  }
  return absl::OkStatus();
}

LatentModelImpl::LatentModelImpl(int64_t input_dim, const LatentModelOptions& options)
    : input_dim_(input_dim), options_(options) {
  const bool variational = options.variant == ModelVariant::kVaeContrastive;
  encoder_ =
      register_module("encoder", Mlp(input_dim, options.hidden_widths,
                                     variational ? 2 * options.latent_dim : options.latent_dim));
  if (options.variant != ModelVariant::kContrastive) {
    std::vector<int64_t> mirrored(options.hidden_widths.rbegin(), options.hidden_widths.rend());
    decoder_ = register_module("decoder", Mlp(options.latent_dim, mirrored, input_dim));
  }
}

torch::Tensor LatentModelImpl::Embed(const torch::Tensor& inputs) {
  return EmbedWithActivations(inputs, nullptr);
}

torch::Tensor LatentModelImpl::EmbedWithActivations(const torch::Tensor& inputs,
                                                    std::vector<torch::Tensor>* hidden) {
  const torch::Tensor out = encoder_->ForwardWithActivations(inputs, hidden);
  return options_.variant == ModelVariant::kVaeContrastive ? out.slice(1, 0, options_.latent_dim)
                                                           : out;
}

torch::Tensor LatentModelImpl::Decode(const torch::Tensor& latent) {
  return decoder_->forward(latent);
}

torch::Tensor LatentModelImpl::Loss(const torch::Tensor& inputs, const torch::Tensor& labels) {
  switch (options_.variant) {
    case ModelVariant::kContrastive:
      return ContrastiveLoss(encoder_->forward(inputs), labels, options_.margin);
    case ModelVariant::kAutoencoder:
      return torch::mse_loss(decoder_->forward(encoder_->forward(inputs)), inputs);
    case ModelVariant::kVaeContrastive: {
      const torch::Tensor out = encoder_->forward(inputs);
      const torch::Tensor mean = out.slice(1, 0, options_.latent_dim);
      const torch::Tensor log_variance = out.slice(1, options_.latent_dim);
      const torch::Tensor latent =
          is_training() ? mean + torch::randn_like(mean) * torch::exp(0.5 * log_variance) : mean;
      const torch::Tensor kl =
          -0.5 * (1 + log_variance - mean.pow(2) - log_variance.exp()).sum(1).mean();
      const double w = options_.reconstruction_weight;
      return w * torch::mse_loss(decoder_->forward(latent), inputs) +
             (1 - w) * ContrastiveLoss(mean, labels, options_.margin) + options_.kl_beta * kl;
    }
  }
  return torch::Tensor();
}

std::vector<LatentPoint> EmbedSets(LatentModel& model, const float* inputs, int64_t sets,
                                   int64_t width) {
  constexpr int64_t kBatch = 8192;
  torch::NoGradGuard no_grad;
  const torch::Device device = model->parameters().front().device();
  std::vector<LatentPoint> points(sets);
  for (int64_t begin = 0; begin < sets; begin += kBatch) {
    const int64_t n = std::min(kBatch, sets - begin);
    const torch::Tensor batch =
        torch::from_blob(const_cast<float*>(inputs + begin * width), {n, width}, torch::kFloat32)
            .to(device);
    const torch::Tensor z = model->Embed(batch).to(torch::kCPU, torch::kFloat64).contiguous();
    const auto rows = z.accessor<double, 2>();
    for (int64_t i = 0; i < n; ++i) points[begin + i] = {rows[i][0], rows[i][1]};
  }
  return points;
}

}  // namespace latentspace
