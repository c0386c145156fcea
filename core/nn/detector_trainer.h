// Training of an anomaly detector's model on labelled, standardised feature rows: Adam with a
// cosine-decaying learning rate, mini-batches of events in a seeded order re-drawn every epoch,
// early stopping on the validation loss with the best state kept, seeded and reproducible on CPU,
// progress reports and cancellation, CUDA when available (the encoder trainer's device handling).
#ifndef LATENTSPACE_CORE_NN_DETECTOR_TRAINER_H_
#define LATENTSPACE_CORE_NN_DETECTOR_TRAINER_H_

#include <vector>

#include "absl/status/statusor.h"
#include "core/features/feature_matrix.h"
#include "core/nn/detector_model.h"
#include "core/nn/detector_types.h"
#include "core/nn/training_types.h"

namespace latentspace {

// Standardised rows with a label each: 0 reference, 1 signal or mixture.
struct LabelledRows {
  FeatureMatrix rows;
  std::vector<float> labels;
};

struct TrainedDetector {
  DetectorModel model{nullptr};  // the best-validation state, on the training device, eval mode
  TrainingHistory history;       // one attempt; sets_per_second counts events
};

// In the cross-entropy each class weighs half of the events (when both are present). Progress
// reports count events in sets_per_second. INVALID_ARGUMENT for a bad configuration or data
// (fewer than 2 rows on a side, other columns in validation, labels other than 0 and 1, a kind
// that needs a signal without label-1 rows on either side), CANCELLED when cancelled,
// FAILED_PRECONDITION for kCuda without a GPU, INTERNAL when the validation loss is not finite.
absl::StatusOr<TrainedDetector> TrainDetector(const LabelledRows& train,
                                              const LabelledRows& validation, DetectorKind kind,
                                              const DetectorArchitecture& architecture,
                                              const DetectorTrainerConfig& config,
                                              const TrainingProgressCallback& progress = nullptr,
                                              const CancellationToken* cancel = nullptr);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_NN_DETECTOR_TRAINER_H_
