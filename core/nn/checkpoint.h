// A trained encoder that describes itself, in one file: the weights, the feature preset, the
// standardiser, the training configuration and seed, the training history, the per-model latent
// points the KDEs are built from (with each model's theory parameters and per-set feature means),
// and a format version.
// Loading validates all of it and refuses any mismatch with an error naming it.
//
// File layout (checkpoint_file.h): the line "latentspace-encoder-checkpoint <version>\n", the JSON
// metadata, the LibTorch-serialised weights and a CRC-32, written atomically.
#ifndef LATENTSPACE_CORE_NN_CHECKPOINT_H_
#define LATENTSPACE_CORE_NN_CHECKPOINT_H_

#include <torch/torch.h>

#include <string>

#include "absl/status/statusor.h"
#include "core/nn/encoder_metadata.h"
#include "core/nn/latent_model.h"

namespace latentspace {

inline constexpr int kCheckpointFormatVersion = 2;

struct EncoderCheckpoint : EncoderMetadata {
  LatentModel model{nullptr};
};

// INVALID_ARGUMENT for non-finite latent points or feature means, or feature means of the wrong
// size; nothing is written then.
absl::Status SaveCheckpoint(const EncoderCheckpoint& checkpoint, const std::string& path);

// NOT_FOUND for a missing file, DATA_LOSS for a truncated or corrupted one, FAILED_PRECONDITION for
// another format version, INVALID_ARGUMENT for inconsistent contents. The model is placed on
// `device` in evaluation mode.
absl::StatusOr<EncoderCheckpoint> LoadCheckpoint(const std::string& path,
                                                 const torch::Device& device = torch::kCPU);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_NN_CHECKPOINT_H_
