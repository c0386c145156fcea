// The contrastive loss of Hadsell, Chopra and LeCun (2006) over all ordered pairs i != j of a
// batch, vectorised as one distance matrix:
//   L = mean_{i != j} [(1 - Y_ij) D_ij^2 / 2 + Y_ij max(0, d - D_ij)^2 / 2],
// D the Euclidean latent distance, Y_ij = 1 when sets i and j come from different models, d the
// margin (science.md; the paper's equation, not the plotting notebook's max(0, d - D^2)).
#ifndef LATENTSPACE_CORE_NN_CONTRASTIVE_LOSS_H_
#define LATENTSPACE_CORE_NN_CONTRASTIVE_LOSS_H_

#include <torch/torch.h>

namespace latentspace {

// `latent` [n, dim] (n >= 2), `labels` [n] integer model indices; returns a scalar. Gradients are
// finite even when two points coincide.
torch::Tensor ContrastiveLoss(const torch::Tensor& latent, const torch::Tensor& labels,
                              double margin);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_NN_CONTRASTIVE_LOSS_H_
