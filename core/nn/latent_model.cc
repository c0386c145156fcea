// The trainable model behind an encoder, in its three variants.
#include "core/nn/latent_model.h"

#include <algorithm>

#include "core/nn/contrastive_loss.h"
#include "core/nn/input_batches.h"

namespace latentspace {

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
  std::vector<LatentPoint> points(sets);
  ForEachInputBatch(inputs, sets, width, model->parameters().front().device(),
                    [&](int64_t begin, const torch::Tensor& batch) {
                      const torch::Tensor z =
                          model->Embed(batch).to(torch::kCPU, torch::kFloat64).contiguous();
                      const auto rows = z.accessor<double, 2>();
                      for (int64_t i = 0; i < z.size(0); ++i) {
                        points[begin + i] = {rows[i][0], rows[i][1]};
                      }
                    });
  return points;
}

}  // namespace latentspace
