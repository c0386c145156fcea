// From labelled samples to a saved encoder checkpoint, the whole recipe of the paper in one call
// (the server's training jobs run this): per model a seeded split into training, validation and
// test events, a standardiser fitted on the training events, the trainer (with its restarts; early
// stopping and the choice of initialisation see validation sets only), then the known models'
// latent points (a draw of training sets, with each set's raw feature means, for the KDEs and
// feature maps), the validation and test accuracies, the test sets' latent points (for
// goodness-of-fit tests), and the checkpoint, written atomically. No decision of the training sees
// the test sets.
#ifndef LATENTSPACE_CORE_NN_ENCODER_TRAINING_H_
#define LATENTSPACE_CORE_NN_ENCODER_TRAINING_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/features/feature_matrix.h"
#include "core/nn/encoder_metadata.h"
#include "core/nn/training_types.h"

namespace latentspace {

// One known model: its name, theory parameters and the raw feature rows of its accepted events,
// and its family (ModelPoints::family; "" for none).
struct LabelledSample {
  std::string name;
  std::map<std::string, double> parameters;
  FeatureMatrix features;
  std::string family;
};

struct EncoderTrainingOptions {
  std::string preset = "darkmachines";
  int k = 10;                           // events per set
  double validation_fraction = 0.2;     // of each model's events, in (0, 1)
  double test_fraction = 0.2;           // of each model's events, in (0, 1); with validation < 1
  int64_t max_points_per_model = 5000;  // latent points kept per model for the KDEs
  TrainerConfig trainer;                // trainer.seed also seeds the split
};

struct EncoderTrainingReport {
  EncoderMetadata metadata;        // what the checkpoint holds besides the weights
  double validation_accuracy = 0;  // validation sets assigned to their own model by the KDEs
  double test_accuracy = 0;        // test sets likewise (metadata.separation has the counts)
  int64_t train_sets_per_epoch = 0;
  int64_t validation_sets = 0;
  int64_t test_sets = 0;
  double sets_per_second = 0;  // mean training throughput
};

// INVALID_ARGUMENT for fewer than two samples, repeated names, columns other than the preset's, a
// model with too few events for one training, one validation and one test set, or a bad
// configuration;
// CANCELLED when cancelled; FAILED_PRECONDITION when every attempt collapsed. Nothing is written
// unless it succeeds.
absl::StatusOr<EncoderTrainingReport> TrainEncoderToFile(
    const std::vector<LabelledSample>& samples, const EncoderTrainingOptions& options,
    const std::string& checkpoint_path, const TrainingProgressCallback& progress = nullptr,
    const CancellationToken* cancel = nullptr);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_NN_ENCODER_TRAINING_H_
