// Everything a detector checkpoint holds besides the weights, without LibTorch: the kind, the
// feature preset and standardiser its inputs go through, the architecture and training
// configuration, the training history, the reference score calibration, and how well it did on
// held-out events when it was trained. Code outside core/nn reads detectors through this.
#ifndef LATENTSPACE_CORE_NN_DETECTOR_METADATA_H_
#define LATENTSPACE_CORE_NN_DETECTOR_METADATA_H_

#include <cmath>
#include <cstdint>
#include <string>

#include "core/analysis/score_calibration.h"
#include "core/features/standardiser.h"
#include "core/nn/detector_types.h"
#include "core/nn/training_types.h"

namespace latentspace {

// The held-out events of a training (validation_fraction of each sample): the reference ones
// give the calibration; with a signal, the ROC AUC of held-out signal against held-out reference
// and the significance proxy |n_BSM - n_SM| / sqrt(n_SM) of the held-out mixture (held-out
// reference + signal) at the cut keeping significance_keep of the reference, n_SM being the
// mixture's events times the reference share above the cut.
struct DetectorValidation {
  int64_t reference_events = 0;
  int64_t signal_events = 0;  // 0 without a signal
  double auc = std::nan("");  // NaN without a signal
  double significance_keep = 0.01;
  double significance = std::nan("");  // NaN without a signal
};

struct DetectorMetadata {
  DetectorKind kind = DetectorKind::kAutoencoder;
  std::string preset;         // canonical feature preset name (FeaturePreset::name())
  Standardiser standardiser;  // the identity for presets already in [0, 1] (the RMM)
  DetectorArchitecture architecture;
  DetectorTrainerConfig trainer;
  double validation_fraction = 0.2;
  int64_t reference_events = 0;  // rows given for training, held-out ones included
  int64_t signal_events = 0;
  TrainingHistory history;  // one attempt; sets_per_second counts events
  ScoreCalibration calibration;
  DetectorValidation validation;
};

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_NN_DETECTOR_METADATA_H_
