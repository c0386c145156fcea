// Tests of training-request normalisation: defaults filled in, every bad field named.
#include "server/jobs/encoder_training_request.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace latentspace::server {
namespace {

using ::testing::HasSubstr;

v1::TrainingRequest Minimal() {
  v1::TrainingRequest request;
  request.set_encoder("enc");
  request.add_samples("a");
  request.add_samples("b");
  return request;
}

TEST(TrainingRequestTest, FillsDefaultsAndTranslatesToOptions) {
  absl::StatusOr<v1::TrainingRequest> normalized = NormalizeTrainingRequest(Minimal());
  ASSERT_TRUE(normalized.ok()) << normalized.status();
  EXPECT_EQ(normalized->preset(), "darkmachines");
  EXPECT_EQ(normalized->variant(), "contrastive");
  EXPECT_EQ(normalized->epochs(), 600);
  EXPECT_EQ(normalized->patience(), 100);
  EXPECT_EQ(normalized->final_learning_rate_fraction(), 0.01);
  EXPECT_EQ(normalized->initialisations(), 2);
  EXPECT_EQ(normalized->batch_size(), 256);
  EXPECT_EQ(normalized->learning_rate(), 1e-3);
  EXPECT_EQ(normalized->events_per_set(), 10);
  EXPECT_EQ(normalized->validation_fraction(), 0.2);
  EXPECT_EQ(normalized->test_fraction(), 0.2);
  EXPECT_EQ(TrainingOptionsFromRequest(*normalized, DeviceChoice::kCpu, 2).test_fraction, 0.2);
  v1::TrainingRequest never = Minimal();
  never.set_patience(-1);
  never.set_variant("vae-contrastive");
  never.set_final_learning_rate_fraction(1);
  never.set_initialisations(3);
  const EncoderTrainingOptions options =
      TrainingOptionsFromRequest(*NormalizeTrainingRequest(never), DeviceChoice::kCpu, 2);
  EXPECT_EQ(options.trainer.patience, kNeverStopEarly);
  EXPECT_EQ(options.trainer.model.variant, ModelVariant::kVaeContrastive);
  EXPECT_EQ(options.trainer.threads, 2);
  EXPECT_EQ(options.trainer.final_learning_rate_fraction, 1.0);
  EXPECT_EQ(options.trainer.initialisations, 3);
  // A job stored by an earlier release, without the schedule's fields, runs as it would have then.
  v1::TrainingRequest queued_before = *NormalizeTrainingRequest(Minimal());
  queued_before.clear_final_learning_rate_fraction();
  queued_before.clear_initialisations();
  const EncoderTrainingOptions old =
      TrainingOptionsFromRequest(queued_before, DeviceChoice::kCpu, 2);
  EXPECT_EQ(old.trainer.final_learning_rate_fraction, 1.0);
  EXPECT_EQ(old.trainer.initialisations, 1);
}

TEST(TrainingRequestTest, NamesEveryBadField) {
  const std::pair<std::function<void(v1::TrainingRequest*)>, std::string> cases[] = {
      {[](v1::TrainingRequest* r) { r->set_encoder("../x"); }, "encoder name"},
      {[](v1::TrainingRequest* r) { r->clear_samples(); }, "at least 2 known models"},
      {[](v1::TrainingRequest* r) { r->add_samples("a"); }, "repeats 'a'"},
      {[](v1::TrainingRequest* r) { r->set_preset("nope"); }, "field 'preset'"},
      {[](v1::TrainingRequest* r) { r->set_variant("gan"); }, "field 'variant'"},
      {[](v1::TrainingRequest* r) { r->set_missing_jets("maybe"); }, "field 'missing_jets'"},
      {[](v1::TrainingRequest* r) { r->set_epochs(-3); }, "'epochs' = -3"},
      {[](v1::TrainingRequest* r) { r->set_batch_size(1); }, "'batch_size' = 1"},
      {[](v1::TrainingRequest* r) { r->set_learning_rate(2); }, "'learning_rate' = 2"},
      {[](v1::TrainingRequest* r) { r->set_events_per_set(5000); }, "'events_per_set' = 5000"},
      {[](v1::TrainingRequest* r) { r->set_validation_fraction(0.95); }, "'validation_fraction'"},
      {[](v1::TrainingRequest* r) { r->set_patience(-7); }, "'patience' = -7"},
      {[](v1::TrainingRequest* r) { r->set_test_fraction(0.6); }, "'test_fraction' = 0.6"},
      {[](v1::TrainingRequest* r) { r->set_test_fraction(-0.1); }, "'test_fraction' = -0.1"},
      {[](v1::TrainingRequest* r) {
         r->set_validation_fraction(0.5);
         r->set_test_fraction(0.45);
       },
       "sum must be at most 0.9"},
      {[](v1::TrainingRequest* r) { r->set_final_learning_rate_fraction(-0.5); },
       "'final_learning_rate_fraction' = -0.5"},
      {[](v1::TrainingRequest* r) { r->set_final_learning_rate_fraction(2); },
       "'final_learning_rate_fraction' = 2"},
      {[](v1::TrainingRequest* r) { r->set_initialisations(17); }, "'initialisations' = 17"},
      {[](v1::TrainingRequest* r) { r->set_initialisations(-1); }, "'initialisations' = -1"},
  };
  for (const auto& [mutate, expected] : cases) {
    v1::TrainingRequest request = Minimal();
    mutate(&request);
    const absl::Status status = NormalizeTrainingRequest(request).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << expected;
    EXPECT_THAT(status.message(), HasSubstr(expected));
  }
}

}  // namespace
}  // namespace latentspace::server
