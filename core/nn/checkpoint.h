// A trained encoder that describes itself, in one file: the weights, the feature preset, the
// standardiser, the training configuration and seed, the training history, the per-model latent
// points the KDEs are built from (with each model's theory parameters), and a format version.
// Loading validates all of it and refuses any mismatch with an error naming it.
//
// File layout: the line "latentspace-encoder-checkpoint <version>\n", then a little-endian uint64
// length and the JSON metadata, a uint64 length and the LibTorch-serialised weights, and a CRC-32
// of everything before it (uint32). Files are written atomically (temporary file, fsync, rename).
#ifndef LATENTSPACE_CORE_NN_CHECKPOINT_H_
#define LATENTSPACE_CORE_NN_CHECKPOINT_H_

#include <torch/torch.h>

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/analysis/latent_point.h"
#include "core/features/standardiser.h"
#include "core/nn/trainer.h"

namespace latentspace {

inline constexpr int kCheckpointFormatVersion = 1;

// A known model in the latent space: its name, theory parameters (e.g. mgluino = 1600 GeV) and the
// latent points of its sets.
struct ModelPoints {
  std::string name;
  std::map<std::string, double> parameters;
  std::vector<LatentPoint> points;
};

struct EncoderCheckpoint {
  std::string preset;  // feature preset name
  Standardiser standardiser;
  int k = 10;  // events per set
  TrainerConfig config;
  TrainingHistory history;
  std::vector<ModelPoints> models;
  LatentModel model{nullptr};
};

// INVALID_ARGUMENT for non-finite latent points; nothing is written then.
absl::Status SaveCheckpoint(const EncoderCheckpoint& checkpoint, const std::string& path);

// NOT_FOUND for a missing file, DATA_LOSS for a truncated or corrupted one, FAILED_PRECONDITION for
// another format version, INVALID_ARGUMENT for inconsistent contents. The model is placed on
// `device` in evaluation mode.
absl::StatusOr<EncoderCheckpoint> LoadCheckpoint(const std::string& path,
                                                 const torch::Device& device = torch::kCPU);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_NN_CHECKPOINT_H_
