// Tests of the shared checkpoint file layer: a written file reads back section by section, other
// magics and versions are told apart, metadata fields are read with errors naming them, the
// training history's JSON round-trips, and patience keeps its stored encoding.
#include "core/nn/checkpoint_file.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/paths.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;

TEST(CheckpointFileTest, WritesAndReadsBackItsSections) {
  const std::string path = testing::ScratchDir() + "/x.ckpt";
  torch::manual_seed(1);
  torch::nn::Linear model(3, 2);
  const CheckpointJson metadata = {{"name", "x"}, {"sizes", {1, 2}}};
  ASSERT_TRUE(WriteCheckpointFile(path, "latentspace-test-checkpoint", 4, metadata, *model).ok());
  EXPECT_EQ(testing::ReadFile(path).rfind("latentspace-test-checkpoint 4\n", 0), 0u);
  absl::StatusOr<CheckpointSections> sections =
      ReadCheckpointFile(path, "latentspace-test-checkpoint", 4, "test");
  ASSERT_TRUE(sections.ok()) << sections.status();
  EXPECT_EQ(sections->metadata, metadata);
  torch::nn::Linear copy(3, 2);
  ASSERT_TRUE(LoadCheckpointWeights(path, sections->weights, *copy).ok());
  EXPECT_TRUE(torch::equal(copy->weight, model->weight));
  torch::nn::Linear wider(4, 2);
  EXPECT_THAT(LoadCheckpointWeights(path, sections->weights, *wider).message(),
              HasSubstr("weights do not match the configured model: 'weight' is [2, 3], "
                        "expected [2, 4]"));
  EXPECT_THAT(
      ReadCheckpointFile(path, "latentspace-other-checkpoint", 4, "other").status().message(),
      HasSubstr("not an other checkpoint"));
  EXPECT_EQ(ReadCheckpointFile(path, "latentspace-test-checkpoint", 5, "test").status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(CheckpointFileTest, FieldsAreReadWithErrorsNamingThem) {
  const CheckpointFieldReader r("f.ckpt");
  const CheckpointJson json = {{"a", {{"n", 3}, {"s", "text"}}}};
  int n = 0;
  EXPECT_TRUE(r.Get(json["a"], "n", "a", &n).ok());
  EXPECT_EQ(n, 3);
  EXPECT_EQ(r.Get(json["a"], "s", "a", &n).message(),
            "f.ckpt: checkpoint field 'a.s' has the wrong type (string)");
  EXPECT_EQ(r.Get(json, "b", "", &n).message(), "f.ckpt: checkpoint field 'b' is missing");
  EXPECT_TRUE(r.GetAdded(json["a"], "m", "a", 7, &n).ok());
  EXPECT_EQ(n, 7);
}

TEST(CheckpointFileTest, TrainingHistoryRoundTrips) {
  TrainingHistory history;
  history.epochs = {{0, 0, 0.5, 0.25, 100}, {1, 3, 0.125, 0.0625, 200}};
  history.restarts = {{0, 9, 2, "latent collapsed"}};
  history.seed = 11;
  history.best_epoch = 3;
  history.best_validation_loss = 0.0625;
  history.stopped_early = true;
  TrainingHistory back;
  ASSERT_TRUE(
      TrainingHistoryFromJson(CheckpointFieldReader("f"), TrainingHistoryToJson(history), &back)
          .ok());
  ASSERT_EQ(back.epochs.size(), 2u);
  EXPECT_EQ(back.epochs[1].epoch, 3);
  EXPECT_EQ(back.epochs[1].sets_per_second, 200);
  EXPECT_EQ(back.restarts[0].reason, "latent collapsed");
  EXPECT_EQ(back.seed, 11u);
  EXPECT_TRUE(back.stopped_early);
  CheckpointJson broken = TrainingHistoryToJson(history);
  broken["epochs"][1] = {1, 2};
  EXPECT_THAT(TrainingHistoryFromJson(CheckpointFieldReader("f"), broken, &back).message(),
              HasSubstr("'history.epochs[1]' needs 5 values"));
}

// The files write "never stop early" as 0, as every format version has, whatever the code's
// encoding: a stored 0 reads as kNeverStopEarly, and a number of epochs stays itself.
TEST(CheckpointFileTest, PatienceIsStoredAsTheFilesAlwaysHaveIt) {
  const CheckpointFieldReader r("f.ckpt");
  TrainingSchedule never;
  never.patience = kNeverStopEarly;
  const CheckpointJson stored = TrainingScheduleToJson(never);
  EXPECT_EQ(stored["patience"], 0);
  TrainingSchedule back;
  ASSERT_TRUE(TrainingScheduleFromJson(r, stored, "config", &back).ok());
  EXPECT_EQ(back.patience, kNeverStopEarly);
  TrainingSchedule patient;
  patient.patience = 7;
  ASSERT_TRUE(TrainingScheduleFromJson(r, TrainingScheduleToJson(patient), "config", &back).ok());
  EXPECT_EQ(back.patience, 7);
}

}  // namespace
}  // namespace latentspace
