// A multilayer perceptron with ReLU activations.
#include "core/nn/mlp.h"

#include <string>

namespace latentspace {

MlpImpl::MlpImpl(int64_t input_dim, const std::vector<int64_t>& hidden_widths, int64_t output_dim) {
  int64_t width = input_dim;
  for (size_t i = 0; i < hidden_widths.size(); ++i) {
    hidden_.push_back(
        register_module("hidden" + std::to_string(i), torch::nn::Linear(width, hidden_widths[i])));
    width = hidden_widths[i];
  }
  output_ = register_module("output", torch::nn::Linear(width, output_dim));
}

torch::Tensor MlpImpl::forward(const torch::Tensor& x) {
  return ForwardWithActivations(x, nullptr);
}

torch::Tensor MlpImpl::ForwardWithActivations(const torch::Tensor& x,
                                              std::vector<torch::Tensor>* hidden) {
  torch::Tensor h = x;
  for (torch::nn::Linear& layer : hidden_) {
    h = torch::relu(layer->forward(h));
    if (hidden != nullptr) hidden->push_back(h);
  }
  return output_->forward(h);
}

}  // namespace latentspace
