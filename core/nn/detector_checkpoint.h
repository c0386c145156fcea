// A trained anomaly detector that describes itself, in one file (checkpoint_file.h has the layout,
// magic "latentspace-detector-checkpoint"): the weights, the kind, the feature preset, the
// standardiser, the architecture, the training configuration and seed, the training history, the
// reference score calibration and the held-out results, and a format version. Loading validates
// all of it and refuses any mismatch with an error naming the field.
#ifndef LATENTSPACE_CORE_NN_DETECTOR_CHECKPOINT_H_
#define LATENTSPACE_CORE_NN_DETECTOR_CHECKPOINT_H_

#include <torch/torch.h>

#include <string>

#include "absl/status/statusor.h"
#include "core/nn/detector_metadata.h"
#include "core/nn/detector_model.h"

namespace latentspace {

inline constexpr int kDetectorCheckpointFormatVersion = 1;

struct DetectorCheckpoint : DetectorMetadata {
  DetectorModel model{nullptr};
};

// INVALID_ARGUMENT for a checkpoint without a model or calibration, or with metadata that would
// not load back (naming it); nothing is written then.
absl::Status SaveDetectorCheckpoint(const DetectorCheckpoint& checkpoint, const std::string& path);

// NOT_FOUND for a missing file, DATA_LOSS for a truncated or corrupted one, FAILED_PRECONDITION for
// another format version, INVALID_ARGUMENT for another kind of file or inconsistent contents
// ("checkpoint field 'calibration.scores' ..."). The model is placed on `device` in evaluation
// mode.
absl::StatusOr<DetectorCheckpoint> LoadDetectorCheckpoint(
    const std::string& path, const torch::Device& device = torch::kCPU);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_NN_DETECTOR_CHECKPOINT_H_
