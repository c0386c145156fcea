// Tests of the training types' functions without LibTorch: variant and device names, and the
// checks of the model options and the trainer's configuration, naming the offending setting.
#include "core/nn/training_types.h"

#include <cmath>
#include <limits>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;

TEST(TrainingTypesTest, VariantAndDeviceNamesRoundTrip) {
  for (ModelVariant v :
       {ModelVariant::kContrastive, ModelVariant::kAutoencoder, ModelVariant::kVaeContrastive}) {
    EXPECT_EQ(*ParseModelVariant(ModelVariantName(v)), v);
  }
  EXPECT_EQ(*ParseModelVariant("vae-contrastive"), ModelVariant::kVaeContrastive);
  EXPECT_THAT(ParseModelVariant("vae").status().message(), HasSubstr("unknown variant 'vae'"));
  for (DeviceChoice d : {DeviceChoice::kAuto, DeviceChoice::kCpu, DeviceChoice::kCuda}) {
    EXPECT_EQ(*ParseDeviceChoice(DeviceChoiceName(d)), d);
  }
  EXPECT_THAT(ParseDeviceChoice("tpu").status().message(), HasSubstr("unknown device 'tpu'"));
}

TEST(TrainingTypesTest, ModelOptionsAreValidated) {
  EXPECT_TRUE(ValidateLatentModelOptions({}).ok());
  LatentModelOptions options;
  options.hidden_widths = {8, 0};
  EXPECT_THAT(ValidateLatentModelOptions(options).message(), HasSubstr("hidden_widths[1] = 0"));
  options = {};
  options.reconstruction_weight = 1.5;
  EXPECT_THAT(ValidateLatentModelOptions(options).message(), HasSubstr("reconstruction_weight"));
  options = {};
  options.margin = std::numeric_limits<double>::infinity();
  EXPECT_THAT(ValidateLatentModelOptions(options).message(), HasSubstr("margin = inf"));
}

TEST(TrainingTypesTest, TrainerConfigIsValidatedWithItsModel) {
  EXPECT_TRUE(ValidateTrainerConfig({}).ok());
  TrainerConfig config;
  config.batch_size = 1;
  EXPECT_THAT(ValidateTrainerConfig(config).message(), HasSubstr("batch_size = 1"));
  config = {};
  config.learning_rate = std::nan("");
  EXPECT_THAT(ValidateTrainerConfig(config).message(), HasSubstr("learning_rate = nan"));
  config = {};
  config.patience = 0;
  EXPECT_THAT(ValidateTrainerConfig(config).message(),
              HasSubstr("patience = 0 must be >= 1 (epochs) or -1 (never)"));
  config.patience = kNeverStopEarly;
  EXPECT_TRUE(ValidateTrainerConfig(config).ok());
  config = {};
  config.model.latent_dim = 0;
  EXPECT_THAT(ValidateTrainerConfig(config).message(), HasSubstr("latent_dim = 0"));
  EXPECT_EQ(ValidateTrainerConfig(config).code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace latentspace
