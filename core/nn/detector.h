// A trained anomaly detector loaded for use, behind a header without LibTorch so that the server
// and other clients of core/nn compile quickly: its metadata (kind, preset, standardiser,
// calibration, history) and the anomaly scores of raw feature rows, with cuts given as the
// fraction of reference events kept. Thread-safe once loaded.
#ifndef LATENTSPACE_CORE_NN_DETECTOR_H_
#define LATENTSPACE_CORE_NN_DETECTOR_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/features/feature_matrix.h"
#include "core/features/preset.h"
#include "core/nn/detector_metadata.h"
#include "core/nn/training_types.h"

namespace latentspace {

class Detector {
 public:
  // Loads and validates a checkpoint (see detector_checkpoint.h for the errors) onto the chosen
  // device (kCuda without a GPU: FAILED_PRECONDITION).
  static absl::StatusOr<std::unique_ptr<Detector>> Load(const std::string& path,
                                                        DeviceChoice device);
  ~Detector();
  Detector(const Detector&) = delete;
  Detector& operator=(const Detector&) = delete;

  const DetectorMetadata& metadata() const;
  const FeaturePreset& preset() const;
  // "cpu" or "cuda:N".
  std::string device() const;
  // Bytes of the weights (for memory accounting).
  int64_t parameter_bytes() const;

  // One anomaly score per raw row (the preset's columns, by name and order); higher is more
  // anomalous. INVALID_ARGUMENT for other columns, a value that is not finite or one more than
  // 1e6 standard deviations from the training mean (naming the row and column).
  absl::StatusOr<std::vector<double>> Score(FeatureMatrix rows) const;

  // The score above which the share `keep` of the reference lies (ScoreCalibration), and the
  // share of the reference scoring at least `score`.
  absl::StatusOr<double> CutForKeptFraction(double keep) const;
  double ReferenceTailFraction(double score) const;

 private:
  struct Impl;
  explicit Detector(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_NN_DETECTOR_H_
