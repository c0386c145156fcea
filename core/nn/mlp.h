// A multilayer perceptron with ReLU after every hidden layer and a linear output: the building
// block of the set encoder and of the decoders of the reconstruction variants.
#ifndef LATENTSPACE_CORE_NN_MLP_H_
#define LATENTSPACE_CORE_NN_MLP_H_

#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace latentspace {

class MlpImpl : public torch::nn::Module {
 public:
  MlpImpl(int64_t input_dim, const std::vector<int64_t>& hidden_widths, int64_t output_dim);

  // [n, input_dim] -> [n, output_dim].
  torch::Tensor forward(const torch::Tensor& x);

  // The output, with the activations after each hidden ReLU appended to *hidden (for dead-unit
  // diagnostics), in the same single pass.
  torch::Tensor ForwardWithActivations(const torch::Tensor& x, std::vector<torch::Tensor>* hidden);

 private:
  std::vector<torch::nn::Linear> hidden_;
  torch::nn::Linear output_{nullptr};
};
TORCH_MODULE(Mlp);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_NN_MLP_H_
