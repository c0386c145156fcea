// The trainable model behind an anomaly detector (detector_types.h has the kinds): MLP encoder
// and mirrored decoder for the autoencoder and the VAE (whose encoder outputs mean and
// log-variance), a head on the VAE's latent mean for the vae-classifier, a single MLP with one
// output for the classifier. Works per event on standardised feature rows.
#ifndef LATENTSPACE_CORE_NN_DETECTOR_MODEL_H_
#define LATENTSPACE_CORE_NN_DETECTOR_MODEL_H_

#include <torch/torch.h>

#include <cstdint>
#include <vector>

#include "core/nn/detector_types.h"
#include "core/nn/mlp.h"

namespace latentspace {

class DetectorModelImpl : public torch::nn::Module {
 public:
  DetectorModelImpl(int64_t input_dim, DetectorKind kind, const DetectorArchitecture& architecture);

  // The training loss of a batch: inputs [n, input_dim]; labels [n], 0 for reference events and
  // 1 for signal (classifier) or mixture (vae-classifier) events; weights [n] of each event in
  // the cross-entropy (balancing the classes). The reconstruction terms are averaged over the
  // reference events only. In training mode the VAE samples its latent point, in evaluation mode
  // it takes the mean, so that validation is deterministic.
  torch::Tensor Loss(const torch::Tensor& inputs, const torch::Tensor& labels,
                     const torch::Tensor& weights);

  // Per-event anomaly scores [n] (higher = more anomalous), from the latent mean.
  torch::Tensor Score(const torch::Tensor& inputs);

  int64_t input_dim() const { return input_dim_; }
  DetectorKind kind() const { return kind_; }

 private:
  // Per-event mean squared reconstruction error (+ lambda KL for the VAEs) [n]; *latent_mean
  // receives the latent mean when not null.
  torch::Tensor ReconstructionScore(const torch::Tensor& inputs, torch::Tensor* latent_mean);

  int64_t input_dim_;
  DetectorKind kind_;
  DetectorArchitecture architecture_;
  Mlp encoder_{nullptr};  // the whole network of the classifier
  Mlp decoder_{nullptr};
  Mlp head_{nullptr};
};
TORCH_MODULE(DetectorModel);

// Scores of `n` rows of `width` floats (row-major, on the CPU, standardised), without gradients,
// in batches on the model's device. The model must be in evaluation mode; then several threads
// may score at once.
std::vector<double> ScoreRows(DetectorModel& model, const float* rows, int64_t n, int64_t width);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_NN_DETECTOR_MODEL_H_
