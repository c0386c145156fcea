// Tests of detector-training-request normalisation: defaults filled in, every bad field named,
// and the options the core trains with.
#include "server/jobs/detector_training_request.h"

#include <functional>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace latentspace::server {
namespace {

using ::testing::HasSubstr;

v1::DetectorTrainingRequest Minimal() {
  v1::DetectorTrainingRequest request;
  request.set_detector("ae");
  request.set_reference("background");
  return request;
}

TEST(DetectorTrainingRequestTest, FillsDefaultsAndTranslatesToOptions) {
  absl::StatusOr<v1::DetectorTrainingRequest> normalized =
      NormalizeDetectorTrainingRequest(Minimal());
  ASSERT_TRUE(normalized.ok()) << normalized.status();
  EXPECT_EQ(normalized->kind(), "autoencoder");
  EXPECT_EQ(normalized->preset(), "darkmachines");
  EXPECT_EQ(normalized->missing_jets(), "skip");
  EXPECT_EQ(normalized->epochs(), 300);
  EXPECT_EQ(normalized->batch_size(), 256);
  EXPECT_EQ(normalized->patience(), 30);
  EXPECT_EQ(normalized->latent_dim(), 4);
  EXPECT_DOUBLE_EQ(normalized->kl_weight(), 0.1);
  EXPECT_DOUBLE_EQ(normalized->validation_fraction(), 0.2);
  EXPECT_DOUBLE_EQ(normalized->significance_keep(), 0.01);

  v1::DetectorTrainingRequest vae = Minimal();
  vae.set_kind("vae-classifier");
  vae.set_signal("signal-region");
  vae.set_preset("rmm-3");
  vae.set_latent_dim(8);
  vae.set_kl_weight(0.5);
  vae.set_patience(-1);
  vae.set_seed(42);
  const DetectorTrainingOptions options =
      DetectorOptionsFromRequest(*NormalizeDetectorTrainingRequest(vae), DeviceChoice::kCpu, 2);
  EXPECT_EQ(options.kind, DetectorKind::kVaeClassifier);
  EXPECT_EQ(options.preset, "rmm-3");
  EXPECT_EQ(options.architecture.latent_dim, 8);
  EXPECT_DOUBLE_EQ(options.architecture.kl_weight, 0.5);
  EXPECT_EQ(options.trainer.patience, kNeverStopEarly);
  EXPECT_EQ(options.trainer.seed, 42u);
  EXPECT_EQ(options.trainer.threads, 2);
  EXPECT_EQ(options.trainer.device, DeviceChoice::kCpu);
  EXPECT_TRUE(ValidateDetectorArchitecture(options.architecture).ok());
  EXPECT_TRUE(ValidateDetectorTrainerConfig(options.trainer).ok());
}

TEST(DetectorTrainingRequestTest, NamesTheBadField) {
  struct Case {
    std::function<void(v1::DetectorTrainingRequest&)> spoil;
    std::string fragment;
  };
  const std::vector<Case> cases = {
      {[](auto& r) { r.set_detector(""); }, "detector name"},
      {[](auto& r) { r.set_detector("../x"); }, "detector name"},
      {[](auto& r) { r.set_kind("isolation-forest"); }, "field 'kind'"},
      {[](auto& r) { r.set_reference(""); }, "reference sample name"},
      {[](auto& r) { r.set_kind("classifier"); }, "field 'signal' is empty"},
      {[](auto& r) { r.set_kind("vae-classifier"); }, "field 'signal' is empty"},
      {[](auto& r) { r.set_signal("background"); }, "is the reference sample too"},
      {[](auto& r) { r.set_signal("bad\nname"); }, "signal sample name"},
      {[](auto& r) { r.set_preset("rmm-11"); }, "field 'preset'"},
      {[](auto& r) { r.set_missing_jets("guess"); }, "field 'missing_jets'"},
      {[](auto& r) { r.set_epochs(10001); }, "'epochs' = 10001"},
      {[](auto& r) { r.set_batch_size(1); }, "'batch_size' = 1"},
      {[](auto& r) { r.set_learning_rate(2); }, "'learning_rate' = 2"},
      {[](auto& r) { r.set_patience(-2); }, "'patience' = -2"},
      {[](auto& r) { r.set_validation_fraction(0.95); }, "'validation_fraction' = 0.95"},
      {[](auto& r) { r.set_latent_dim(65); }, "'latent_dim' = 65"},
      {[](auto& r) { r.set_kl_weight(-1); }, "'kl_weight' = -1"},
      {[](auto& r) { r.set_significance_keep(1); }, "'significance_keep' = 1"},
      {[](auto& r) { r.set_max_events_per_sample(-5); }, "'max_events_per_sample' = -5"},
  };
  for (const Case& c : cases) {
    v1::DetectorTrainingRequest request = Minimal();
    c.spoil(request);
    const absl::Status status = NormalizeDetectorTrainingRequest(request).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.fragment;
    EXPECT_THAT(status.message(), HasSubstr(c.fragment));
  }
  // A signal is optional for the unsupervised kinds (scored for the held-out report only).
  v1::DetectorTrainingRequest with_signal = Minimal();
  with_signal.set_kind("vae");
  with_signal.set_signal("signal");
  EXPECT_TRUE(NormalizeDetectorTrainingRequest(with_signal).ok());
}

}  // namespace
}  // namespace latentspace::server
