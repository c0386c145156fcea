// The contrastive loss over all pairs of a batch.
#include "core/nn/contrastive_loss.h"

namespace latentspace {
namespace {

// Keeps sqrt differentiable at zero distance; far below any distance that matters (margin ~ 1).
constexpr double kDistanceEpsilon = 1e-12;

}  // namespace

torch::Tensor ContrastiveLoss(const torch::Tensor& latent, const torch::Tensor& labels,
                              double margin) {
  const int64_t n = latent.size(0);
  // Centred and in double precision, |a - b|^2 = |a|^2 + |b|^2 - 2 a.b stays exact enough for
  // tight clusters (in float32 the cancellation zeroed the pull between close points), and costs
  // one small matrix product instead of an [n, n, dim] broadcast whose backward is much slower.
  const torch::Tensor z = latent.to(torch::kFloat64) - latent.to(torch::kFloat64).mean(0);
  const torch::Tensor norms = z.pow(2).sum(1);
  const torch::Tensor squared =
      torch::clamp_min(norms.unsqueeze(1) + norms.unsqueeze(0) - 2 * z.mm(z.t()), 0);
  const torch::Tensor different = (labels.unsqueeze(1) != labels.unsqueeze(0)).to(torch::kFloat64);
  const torch::Tensor distance = torch::sqrt(squared + kDistanceEpsilon);
  const torch::Tensor pair_loss =
      0.5 * ((1 - different) * squared + different * torch::clamp_min(margin - distance, 0).pow(2));
  // The diagonal (i == j) contributes zero: same label, zero distance.
  return (pair_loss.sum() / static_cast<double>(n * (n - 1))).to(latent.scalar_type());
}

}  // namespace latentspace
