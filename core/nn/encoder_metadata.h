// Everything an encoder checkpoint holds besides the weights, without LibTorch: the feature preset
// and standardiser its inputs go through, the events per set, the training configuration and
// history, and the known models' latent points. Code outside core/nn reads encoders through this.
#ifndef LATENTSPACE_CORE_NN_ENCODER_METADATA_H_
#define LATENTSPACE_CORE_NN_ENCODER_METADATA_H_

#include <string>
#include <vector>

#include "core/analysis/model_points.h"
#include "core/features/standardiser.h"
#include "core/nn/training_types.h"

namespace latentspace {

struct EncoderMetadata {
  std::string preset;  // feature preset name
  Standardiser standardiser;
  int k = 10;  // events per set
  TrainerConfig config;
  TrainingHistory history;
  std::vector<ModelPoints> models;
};

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_NN_ENCODER_METADATA_H_
