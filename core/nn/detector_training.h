// From feature rows to a saved anomaly-detector checkpoint, the whole recipe in one call (the
// server's detector training jobs will run this): a seeded split of the reference (and of the
// signal) into training and held-out events, a standardiser fitted on the training events (the
// identity for presets already in [0, 1], the RMM), the detector trainer, the calibration on the
// held-out reference scores, the held-out ROC AUC and significance proxy when there is a signal,
// and the checkpoint, written atomically.
//
// What each kind trains on (labels 0 / 1): autoencoder and vae the reference alone (a signal, if
// given, is only scored for the report); classifier the reference against the signal;
// vae-classifier the reference against the mixture reference + signal, i.e. every reference
// event once with each label and every signal event with label 1.
#ifndef LATENTSPACE_CORE_NN_DETECTOR_TRAINING_H_
#define LATENTSPACE_CORE_NN_DETECTOR_TRAINING_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "core/features/feature_matrix.h"
#include "core/nn/detector_metadata.h"
#include "core/nn/detector_types.h"
#include "core/nn/training_types.h"

namespace latentspace {

struct DetectorTrainingOptions {
  DetectorKind kind = DetectorKind::kAutoencoder;
  std::string preset = "darkmachines";  // the columns of the rows; any name Get accepts
  DetectorArchitecture architecture;
  DetectorTrainerConfig trainer;  // trainer.seed also seeds the splits
  // Of each sample, held out for early stopping, the calibration and the report; in (0, 1).
  double validation_fraction = 0.2;
  // The kept reference fraction of the cut of the report's significance proxy (with a signal);
  // at least 1/m for m held-out reference events.
  double significance_keep = 0.01;
};

struct DetectorTrainingReport {
  DetectorMetadata metadata;  // what the checkpoint holds besides the weights
  int64_t train_events = 0;   // rows trained on (a vae-classifier counts reference ones twice)
  int64_t validation_events = 0;
  double events_per_second = 0;  // mean training throughput
};

// `signal` may be null (required by vae-classifier and classifier). INVALID_ARGUMENT for columns
// other than the preset's, a value that is not finite (naming the sample, row and column), a sample
// with fewer than 2 training or held-out events, a significance_keep outside (0, 1], or a bad
// configuration; CANCELLED when cancelled. Nothing is written unless it succeeds. A
// significance_keep finer than the held-out reference resolves (1/m for m events) is coarsened to
// 1/m; the report's validation.significance_keep says which was used.
absl::StatusOr<DetectorTrainingReport> TrainDetectorToFile(
    const FeatureMatrix& reference, const FeatureMatrix* signal,
    const DetectorTrainingOptions& options, const std::string& checkpoint_path,
    const TrainingProgressCallback& progress = nullptr, const CancellationToken* cancel = nullptr);

// The reference rows a detector was not trained on: the held-out part of the same seeded split
// its training made of `reference` (the rows it was given: metadata.reference_events of them, as
// extracted then). FAILED_PRECONDITION when `reference` holds another number of rows.
absl::StatusOr<FeatureMatrix> HeldOutReference(const FeatureMatrix& reference,
                                               const DetectorMetadata& metadata);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_NN_DETECTOR_TRAINING_H_
