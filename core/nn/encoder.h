// The set encoder of arXiv:2407.20315: an MLP with ReLU activations that maps the concatenated
// standardised features of k events (one set) to a point in the latent plane.
#ifndef LATENTSPACE_CORE_NN_ENCODER_H_
#define LATENTSPACE_CORE_NN_ENCODER_H_

#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace latentspace {

struct EncoderOptions {
  // Hidden widths of the paper; the narrow tail is what sometimes collapses (see trainer.h).
  std::vector<int64_t> hidden_widths = {384, 512, 256, 128, 64, 32, 16, 8, 4};
  int64_t latent_dim = 2;
};

class SetEncoderImpl : public torch::nn::Module {
 public:
  SetEncoderImpl(int64_t input_dim, const EncoderOptions& options);

  // [sets, input_dim] -> [sets, latent_dim].
  torch::Tensor forward(const torch::Tensor& x);

  // The activations after each hidden ReLU, for dead-unit diagnostics.
  std::vector<torch::Tensor> HiddenActivations(const torch::Tensor& x);

  int64_t input_dim() const { return input_dim_; }

 private:
  int64_t input_dim_;
  std::vector<torch::nn::Linear> hidden_;
  torch::nn::Linear output_{nullptr};
};
TORCH_MODULE(SetEncoder);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_NN_ENCODER_H_
