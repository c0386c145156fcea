// A trained encoder loaded for inference, behind a header without LibTorch so that the server and
// other clients of core/nn compile quickly: its metadata (preset, standardiser, known models,
// history) and an embedding of raw feature rows into latent points. Thread-safe once loaded.
#ifndef LATENTSPACE_CORE_NN_ENCODER_H_
#define LATENTSPACE_CORE_NN_ENCODER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/analysis/latent_point.h"
#include "core/features/feature_matrix.h"
#include "core/features/preset.h"
#include "core/nn/encoder_metadata.h"
#include "core/nn/training_types.h"

namespace latentspace {

struct Embedding {
  std::vector<LatentPoint> points;  // one per set of k consecutive rows
  int64_t leftover_rows = 0;        // rows after the last complete set (not embedded)
};

class Encoder {
 public:
  // Loads and validates a checkpoint (see checkpoint.h for the errors) onto the chosen device
  // (kCuda without a GPU: FAILED_PRECONDITION).
  static absl::StatusOr<std::unique_ptr<Encoder>> Load(const std::string& path,
                                                       DeviceChoice device);
  ~Encoder();
  Encoder(const Encoder&) = delete;
  Encoder& operator=(const Encoder&) = delete;

  const EncoderMetadata& metadata() const;
  const FeaturePreset& preset() const;
  // "cpu" or "cuda:N".
  std::string device() const;
  // Bytes of the weights (for memory accounting).
  int64_t parameter_bytes() const;

  // Standardises the raw rows (the preset's columns, by name and order) and embeds each set of k
  // consecutive rows. INVALID_ARGUMENT for other columns, a value that is not finite or one more
  // than 1e6 standard deviations from the training mean (naming the row and column).
  absl::StatusOr<Embedding> EmbedFeatureRows(FeatureMatrix rows) const;

 private:
  struct Impl;
  explicit Encoder(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_NN_ENCODER_H_
