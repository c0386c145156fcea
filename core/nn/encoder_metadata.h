// Everything an encoder checkpoint holds besides the weights, without LibTorch: the feature preset
// and standardiser its inputs go through, the events per set, the training configuration and
// history, the known models' latent points, and how well the models could be told apart when it
// was trained. Code outside core/nn reads encoders through this.
#ifndef LATENTSPACE_CORE_NN_ENCODER_METADATA_H_
#define LATENTSPACE_CORE_NN_ENCODER_METADATA_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/analysis/model_points.h"
#include "core/features/standardiser.h"
#include "core/nn/training_types.h"

namespace latentspace {

// How separable the known models were when the encoder was trained (science.md, "Embedding
// accuracy" and "Validation against classifiers"), indexed like EncoderMetadata::models. Each
// matrix is empty in checkpoints written before it was recorded.
struct ModelSeparation {
  // [true][predicted]: validation sets assigned by the known models' KDEs.
  std::vector<std::vector<int64_t>> validation_confusion;
  // The same for the test sets, which no training decision saw: the figure to quote. Empty for
  // encoders trained before a test split was kept.
  std::vector<std::vector<int64_t>> test_confusion;
  // [a][b]: test accuracy of a k-nearest-neighbour classifier between the events of models a and
  // b (PairwiseKnnAccuracy); symmetric, 0.5 on the diagonal.
  std::vector<std::vector<double>> classifier_accuracy;
  int classifier_k = 0;  // its neighbours; 0 when not recorded
};

struct EncoderMetadata {
  std::string preset;  // feature preset name
  Standardiser standardiser;
  int k = 10;  // events per set
  TrainerConfig config;
  TrainingHistory history;
  std::vector<ModelPoints> models;
  ModelSeparation separation;
};

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_NN_ENCODER_METADATA_H_
