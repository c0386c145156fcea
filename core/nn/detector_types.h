// The plain types of anomaly detectors, without LibTorch, so that the server can describe,
// configure and validate detector trainings: the detector kinds, their architecture and the
// trainer's configuration. Defined in detector_types.cc (latent_training_types).
//   autoencoder     trained on the reference; score = reconstruction error (mean squared error
//                   of the standardised features)
//   vae             variational autoencoder trained on the reference; score = reconstruction
//                   error of the latent mean + lambda KL(q(z|x) || N(0, 1))
//   vae-classifier  a VAE trained on the reference plus a head on its latent mean that separates
//                   the reference from the mixture reference + signal (loss MSE + lambda KL on the
//                   reference, + w binary cross-entropy), as in the same-sign WW SMEFT study;
//                   score = the head's logit
//   classifier      a binary classifier between the reference and a second sample (e.g. sidebands
//                   against the signal region, CWoLa); score = its logit
// Logits rank events as the classifier's probability does, without saturating at 1.
#ifndef LATENTSPACE_CORE_NN_DETECTOR_TYPES_H_
#define LATENTSPACE_CORE_NN_DETECTOR_TYPES_H_

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/nn/training_types.h"

namespace latentspace {

enum class DetectorKind { kAutoencoder, kVae, kVaeClassifier, kClassifier };

// "autoencoder", "vae", "vae-classifier", "classifier".
absl::StatusOr<DetectorKind> ParseDetectorKind(absl::string_view name);
absl::string_view DetectorKindName(DetectorKind kind);
// True for the kinds trained on a second sample (vae-classifier, classifier).
bool DetectorNeedsSignal(DetectorKind kind);

struct DetectorArchitecture {
  // Hidden widths of the encoder (or of the classifier); decoders mirror them.
  std::vector<int64_t> hidden_widths = {64, 32};
  int64_t latent_dim = 4;  // autoencoder, vae, vae-classifier
  double kl_weight = 0.1;  // lambda of vae and vae-classifier, in their loss and score
  // vae-classifier: hidden widths of the head on the latent mean, and the weight w of its loss.
  std::vector<int64_t> head_widths = {16};
  double classification_weight = 1.0;
};

// INVALID_ARGUMENT naming the offending setting.
absl::Status ValidateDetectorArchitecture(const DetectorArchitecture& architecture);

// The detector trainer's configuration: the shared schedule with batches of events, fewer epochs
// and a shorter patience; the seed also draws each epoch's event order and the VAE's sampling.
struct DetectorTrainerConfig : TrainingSchedule {
  DetectorTrainerConfig() {
    epochs = 300;
    patience = 30;
  }
};

// INVALID_ARGUMENT naming the first setting out of range.
absl::Status ValidateDetectorTrainerConfig(const DetectorTrainerConfig& config);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_NN_DETECTOR_TYPES_H_
