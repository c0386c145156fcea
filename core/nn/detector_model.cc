// The trainable models of the anomaly detectors.
#include "core/nn/detector_model.h"

#include <algorithm>

#include "core/nn/input_batches.h"

namespace latentspace {
namespace {

bool Variational(DetectorKind kind) {
  return kind == DetectorKind::kVae || kind == DetectorKind::kVaeClassifier;
}

}  // namespace

DetectorModelImpl::DetectorModelImpl(int64_t input_dim, DetectorKind kind,
                                     const DetectorArchitecture& architecture)
    : input_dim_(input_dim), kind_(kind), architecture_(architecture) {
  const int64_t latent = architecture.latent_dim;
  if (kind == DetectorKind::kClassifier) {
    encoder_ = register_module("encoder", Mlp(input_dim, architecture.hidden_widths, 1));
    return;
  }
  encoder_ = register_module("encoder", Mlp(input_dim, architecture.hidden_widths,
                                            Variational(kind) ? 2 * latent : latent));
  const std::vector<int64_t> mirrored(architecture.hidden_widths.rbegin(),
                                      architecture.hidden_widths.rend());
  decoder_ = register_module("decoder", Mlp(latent, mirrored, input_dim));
  if (kind == DetectorKind::kVaeClassifier) {
    head_ = register_module("head", Mlp(latent, architecture.head_widths, 1));
  }
}

torch::Tensor DetectorModelImpl::ReconstructionScore(const torch::Tensor& inputs,
                                                     torch::Tensor* latent_mean) {
  const torch::Tensor out = encoder_->forward(inputs);
  if (!Variational(kind_)) {
    if (latent_mean != nullptr) *latent_mean = out;
    return (decoder_->forward(out) - inputs).pow(2).mean(1);
  }
  const int64_t latent = architecture_.latent_dim;
  const torch::Tensor mean = out.slice(1, 0, latent);
  const torch::Tensor log_variance = out.slice(1, latent);
  if (latent_mean != nullptr) *latent_mean = mean;
  const torch::Tensor z =
      is_training() ? mean + torch::randn_like(mean) * torch::exp(0.5 * log_variance) : mean;
  const torch::Tensor kl = -0.5 * (1 + log_variance - mean.pow(2) - log_variance.exp()).sum(1);
  return (decoder_->forward(z) - inputs).pow(2).mean(1) + architecture_.kl_weight * kl;
}

torch::Tensor DetectorModelImpl::Loss(const torch::Tensor& inputs, const torch::Tensor& labels,
                                      const torch::Tensor& weights) {
  const auto cross_entropy = [&](const torch::Tensor& logits) {
    return (torch::binary_cross_entropy_with_logits(logits, labels, {}, {}, at::Reduction::None) *
            weights)
               .sum() /
           weights.sum();
  };
  switch (kind_) {
    case DetectorKind::kAutoencoder:
    case DetectorKind::kVae:
      return ReconstructionScore(inputs, nullptr).mean();
    case DetectorKind::kClassifier:
      return cross_entropy(encoder_->forward(inputs).squeeze(1));
    case DetectorKind::kVaeClassifier: {
      torch::Tensor mean;
      const torch::Tensor reconstruction = ReconstructionScore(inputs, &mean);
      const torch::Tensor reference = (labels == 0).to(reconstruction.dtype());
      return (reconstruction * reference).sum() / reference.sum().clamp_min(1) +
             architecture_.classification_weight * cross_entropy(head_->forward(mean).squeeze(1));
    }
  }
  return torch::Tensor();
}

torch::Tensor DetectorModelImpl::Score(const torch::Tensor& inputs) {
  switch (kind_) {
    case DetectorKind::kAutoencoder:
    case DetectorKind::kVae:
      return ReconstructionScore(inputs, nullptr);
    case DetectorKind::kClassifier:
      return encoder_->forward(inputs).squeeze(1);
    case DetectorKind::kVaeClassifier: {
      torch::Tensor mean;
      ReconstructionScore(inputs, &mean);
      return head_->forward(mean).squeeze(1);
    }
  }
  return torch::Tensor();
}

std::vector<double> ScoreRows(DetectorModel& model, const float* rows, int64_t n, int64_t width) {
  std::vector<double> scores(n);
  ForEachInputBatch(
      rows, n, width, model->parameters().front().device(),
      [&](int64_t begin, const torch::Tensor& batch) {
        const torch::Tensor s = model->Score(batch).to(torch::kCPU, torch::kFloat64).contiguous();
        std::copy(s.data_ptr<double>(), s.data_ptr<double>() + s.size(0), scores.begin() + begin);
      });
  return scores;
}

}  // namespace latentspace
