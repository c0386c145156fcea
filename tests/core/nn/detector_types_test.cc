// Tests of the detector types without LibTorch: kind names, which kinds need a signal, and the
// checks of the architecture and the trainer's configuration, naming the offending setting.
#include "core/nn/detector_types.h"

#include <cmath>
#include <limits>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;

TEST(DetectorTypesTest, KindNamesRoundTrip) {
  for (DetectorKind kind : {DetectorKind::kAutoencoder, DetectorKind::kVae,
                            DetectorKind::kVaeClassifier, DetectorKind::kClassifier}) {
    EXPECT_EQ(*ParseDetectorKind(DetectorKindName(kind)), kind);
  }
  EXPECT_EQ(*ParseDetectorKind("vae-classifier"), DetectorKind::kVaeClassifier);
  EXPECT_THAT(ParseDetectorKind("forest").status().message(),
              HasSubstr("unknown detector kind 'forest' (expected autoencoder, vae, "
                        "vae-classifier or classifier)"));
  EXPECT_FALSE(DetectorNeedsSignal(DetectorKind::kAutoencoder));
  EXPECT_FALSE(DetectorNeedsSignal(DetectorKind::kVae));
  EXPECT_TRUE(DetectorNeedsSignal(DetectorKind::kVaeClassifier));
  EXPECT_TRUE(DetectorNeedsSignal(DetectorKind::kClassifier));
}

TEST(DetectorTypesTest, ArchitectureIsValidated) {
  EXPECT_TRUE(ValidateDetectorArchitecture({}).ok());
  DetectorArchitecture a;
  a.hidden_widths = {8, 0};
  EXPECT_THAT(ValidateDetectorArchitecture(a).message(),
              HasSubstr("hidden_widths[1] = 0 must be in 1..65536"));
  a = {};
  a.head_widths = {-3};
  EXPECT_THAT(ValidateDetectorArchitecture(a).message(), HasSubstr("head_widths[0] = -3"));
  a = {};
  a.latent_dim = 0;
  EXPECT_THAT(ValidateDetectorArchitecture(a).message(), HasSubstr("latent_dim = 0"));
  a = {};
  a.kl_weight = std::nan("");
  EXPECT_THAT(ValidateDetectorArchitecture(a).message(), HasSubstr("kl_weight = nan"));
  a = {};
  a.classification_weight = 0;
  EXPECT_THAT(ValidateDetectorArchitecture(a).message(), HasSubstr("classification_weight = 0"));
}

TEST(DetectorTypesTest, TrainerConfigurationIsValidated) {
  EXPECT_TRUE(ValidateDetectorTrainerConfig({}).ok());
  DetectorTrainerConfig c;
  c.learning_rate = std::numeric_limits<double>::infinity();
  EXPECT_THAT(ValidateDetectorTrainerConfig(c).message(), HasSubstr("learning_rate = inf"));
  c = {};
  c.batch_size = 0;
  EXPECT_THAT(ValidateDetectorTrainerConfig(c).message(), HasSubstr("batch_size = 0"));
  c = {};
  c.epochs = 0;
  EXPECT_THAT(ValidateDetectorTrainerConfig(c).message(), HasSubstr("epochs = 0"));
  c = {};
  c.patience = -2;
  EXPECT_THAT(ValidateDetectorTrainerConfig(c).message(), HasSubstr("patience = -2"));
  c = {};
  c.final_learning_rate_fraction = 0;
  EXPECT_THAT(ValidateDetectorTrainerConfig(c).message(),
              HasSubstr("final_learning_rate_fraction = 0 must be in (0, 1]"));
  c = {};
  c.threads = -2;
  EXPECT_THAT(ValidateDetectorTrainerConfig(c).message(), HasSubstr("threads = -2"));
}

}  // namespace
}  // namespace latentspace
