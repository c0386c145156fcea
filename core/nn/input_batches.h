// Inference over many rows at once: consecutive batches of row-major float inputs copied to the
// model's device, without gradients (encoders embed sets this way, detectors score events).
#ifndef LATENTSPACE_CORE_NN_INPUT_BATCHES_H_
#define LATENTSPACE_CORE_NN_INPUT_BATCHES_H_

#include <torch/torch.h>

#include <algorithm>
#include <cstdint>

namespace latentspace {

inline constexpr int64_t kInferenceBatchRows = 8192;

// Calls fn(begin, batch) for consecutive batches of at most kInferenceBatchRows of the `n` rows of
// `width` floats at `rows` (on the CPU), each batch a [count, width] tensor on `device`.
template <typename Fn>
void ForEachInputBatch(const float* rows, int64_t n, int64_t width, const torch::Device& device,
                       Fn&& fn) {
  torch::NoGradGuard no_grad;
  for (int64_t begin = 0; begin < n; begin += kInferenceBatchRows) {
    const int64_t count = std::min(kInferenceBatchRows, n - begin);
    fn(begin,
       torch::from_blob(const_cast<float*>(rows + begin * width), {count, width}, torch::kFloat32)
           .to(device));
  }
}

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_NN_INPUT_BATCHES_H_
