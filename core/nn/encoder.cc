// The set encoder: an MLP with ReLU activations.
#include "core/nn/encoder.h"

#include <string>

namespace latentspace {

SetEncoderImpl::SetEncoderImpl(int64_t input_dim, const EncoderOptions& options)
    : input_dim_(input_dim) {
  int64_t width = input_dim;
  for (size_t i = 0; i < options.hidden_widths.size(); ++i) {
    hidden_.push_back(register_module("hidden" + std::to_string(i),
                                      torch::nn::Linear(width, options.hidden_widths[i])));
    width = options.hidden_widths[i];
  }
  output_ = register_module("output", torch::nn::Linear(width, options.latent_dim));
}

torch::Tensor SetEncoderImpl::forward(const torch::Tensor& x) {
  torch::Tensor h = x;
  for (torch::nn::Linear& layer : hidden_) h = torch::relu(layer->forward(h));
  return output_->forward(h);
}

std::vector<torch::Tensor> SetEncoderImpl::HiddenActivations(const torch::Tensor& x) {
  std::vector<torch::Tensor> activations;
  torch::Tensor h = x;
  for (torch::nn::Linear& layer : hidden_) {
    h = torch::relu(layer->forward(h));
    activations.push_back(h);
  }
  return activations;
}

}  // namespace latentspace
