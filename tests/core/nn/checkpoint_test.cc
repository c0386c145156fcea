// Tests of encoder checkpoints: exact round trips and refusal of every kind of damage or mismatch.
#include "core/nn/checkpoint.h"

#include <zlib.h>

#include <filesystem>

#include "core/features/preset.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/paths.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;

EncoderCheckpoint MakeCheckpoint(const std::string& preset_name, int64_t model_width = 8) {
  const FeaturePreset preset = *FeaturePreset::Get(preset_name);
  FeatureMatrix matrix{preset.feature_names(), {}};
  for (int r = 0; r < 5; ++r) {
    for (int c = 0; c < preset.num_features(); ++c) matrix.values.push_back(r * 1.5f + c);
  }
  EncoderCheckpoint checkpoint;
  checkpoint.preset = preset_name;
  checkpoint.standardiser = *Standardiser::Fit(matrix);
  checkpoint.k = 3;
  checkpoint.config.seed = 42;
  checkpoint.config.final_learning_rate_fraction = 0.05;
  checkpoint.config.initialisations = 3;
  checkpoint.config.model.hidden_widths = {16, 8};
  checkpoint.history.epochs = {{0, 0, 0.5, 0.4, 1000}, {0, 1, 0.3, 0.35, 1100}};
  checkpoint.history.restarts = {{0, 7, 3, "latent collapsed"}};
  checkpoint.history.seed = 42;
  checkpoint.history.best_epoch = 1;
  checkpoint.history.best_validation_loss = 0.35;
  std::vector<double> means(2 * preset.num_features());
  for (size_t i = 0; i < means.size(); ++i) means[i] = 10.0 * i + 0.125;
  checkpoint.models = {{"sqsq_sq1800_neut800",
                        {{"msquark", 1800}, {"mneutralino", 800}},
                        {{0.25, -1}, {1, 2}},
                        means,
                        "",
                        {}},
                       {"njets", {}, {{3, 4}}, {}, "", {}}};
  checkpoint.models[0].family = "squark";
  checkpoint.models[0].test_points = {{0.5, 0.5}};
  checkpoint.separation.validation_confusion = {{7, 1}, {2, 6}};
  checkpoint.separation.test_confusion = {{1, 0}, {0, 0}};
  checkpoint.separation.classifier_accuracy = {{0.5, 0.8125}, {0.8125, 0.5}};
  checkpoint.separation.classifier_k = 15;
  LatentModelOptions options = checkpoint.config.model;
  options.hidden_widths = {16, model_width};
  torch::manual_seed(3);
  checkpoint.model = LatentModel(3 * preset.num_features(), options);
  return checkpoint;
}

TEST(CheckpointTest, RoundTripKeepsEverything) {
  const std::string path = testing::ScratchDir() + "/encoder.ckpt";
  EncoderCheckpoint original = MakeCheckpoint("gluino");
  ASSERT_TRUE(SaveCheckpoint(original, path).ok());
  EXPECT_FALSE(std::filesystem::exists(path + ".partial"));
  absl::StatusOr<EncoderCheckpoint> loaded = LoadCheckpoint(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->preset, "gluino");
  EXPECT_EQ(loaded->k, 3);
  EXPECT_EQ(loaded->standardiser.mean(), original.standardiser.mean());
  EXPECT_EQ(loaded->config.seed, 42u);
  EXPECT_EQ(loaded->config.final_learning_rate_fraction, 0.05);
  EXPECT_EQ(loaded->config.initialisations, 3);
  EXPECT_EQ(loaded->config.model.hidden_widths, (std::vector<int64_t>{16, 8}));
  ASSERT_EQ(loaded->history.epochs.size(), 2u);
  EXPECT_EQ(loaded->history.epochs[1].validation_loss, 0.35);
  EXPECT_EQ(loaded->history.restarts[0].reason, "latent collapsed");
  EXPECT_EQ(loaded->history.best_epoch, 1);
  ASSERT_EQ(loaded->models.size(), 2u);
  EXPECT_EQ(loaded->models[0].parameters.at("msquark"), 1800);
  EXPECT_EQ(loaded->models[0].points[0].x, 0.25);
  EXPECT_EQ(loaded->models[1].points[0].y, 4);
  EXPECT_EQ(loaded->models[0].feature_means, original.models[0].feature_means);
  EXPECT_TRUE(loaded->models[1].feature_means.empty());
  EXPECT_EQ(loaded->models[0].family, "squark");
  EXPECT_EQ(loaded->models[1].family, "");
  ASSERT_EQ(loaded->models[0].test_points.size(), 1u);
  EXPECT_EQ(loaded->models[0].test_points[0].y, 0.5);
  EXPECT_TRUE(loaded->models[1].test_points.empty());
  EXPECT_EQ(loaded->separation.validation_confusion, original.separation.validation_confusion);
  EXPECT_EQ(loaded->separation.test_confusion, original.separation.test_confusion);
  EXPECT_EQ(loaded->separation.classifier_accuracy, original.separation.classifier_accuracy);
  EXPECT_EQ(loaded->separation.classifier_k, 15);
  const torch::Tensor x = torch::randn({4, 69});
  EXPECT_TRUE(torch::equal(loaded->model->Embed(x), original.model->Embed(x)));
}

// The file at `path` with `text` cut out of its metadata, its length and CRC-32 made consistent
// again: a checkpoint as an earlier build wrote it.
void CutFromMetadata(const std::string& path, const std::string& text) {
  std::string bytes = testing::ReadFile(path);
  const size_t cut = bytes.find(text);
  ASSERT_NE(cut, std::string::npos) << text;
  bytes.erase(cut, text.size());
  const size_t length_at = bytes.find('\n') + 1;
  uint64_t length = 0;
  for (int i = 7; i >= 0; --i)
    length = (length << 8) | static_cast<unsigned char>(bytes[length_at + i]);
  length -= text.size();
  for (int i = 0; i < 8; ++i) bytes[length_at + i] = static_cast<char>((length >> (8 * i)) & 0xff);
  bytes.resize(bytes.size() - 4);
  const uint32_t crc = static_cast<uint32_t>(
      crc32(0L, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())));
  for (int i = 0; i < 4; ++i) bytes.push_back(static_cast<char>((crc >> (8 * i)) & 0xff));
  testing::WriteFile(path, bytes);
}

TEST(CheckpointTest, CheckpointsFromBeforeTheScheduleLoadAsConstantRateSingleStart) {
  const std::string path = testing::ScratchDir() + "/old.ckpt";
  ASSERT_TRUE(SaveCheckpoint(MakeCheckpoint("gluino"), path).ok());
  CutFromMetadata(path, R"("final_learning_rate_fraction":0.05,)");
  CutFromMetadata(path, R"("initialisations":3,)");
  absl::StatusOr<EncoderCheckpoint> loaded = LoadCheckpoint(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->config.final_learning_rate_fraction, 1.0);
  EXPECT_EQ(loaded->config.initialisations, 1);
  EXPECT_EQ(loaded->config.seed, 42u);
}

TEST(CheckpointTest, CheckpointsFromBeforeTheSeparationLoadWithoutIt) {
  const std::string path = testing::ScratchDir() + "/old.ckpt";
  ASSERT_TRUE(SaveCheckpoint(MakeCheckpoint("gluino"), path).ok());
  CutFromMetadata(path, R"(,"separation":{"validation_confusion":[[7,1],[2,6]],)"
                        R"("test_confusion":[[1,0],[0,0]],)"
                        R"("classifier_accuracy":[[0.5,0.8125],[0.8125,0.5]],"classifier_k":15})");
  absl::StatusOr<EncoderCheckpoint> loaded = LoadCheckpoint(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_TRUE(loaded->separation.validation_confusion.empty());
  EXPECT_TRUE(loaded->separation.classifier_accuracy.empty());
  EXPECT_EQ(loaded->separation.classifier_k, 0);
}

TEST(CheckpointTest, CheckpointsFromBeforeTheTestSplitLoadWithoutFamiliesOrTestSets) {
  const std::string path = testing::ScratchDir() + "/old.ckpt";
  ASSERT_TRUE(SaveCheckpoint(MakeCheckpoint("gluino"), path).ok());
  CutFromMetadata(path, R"("family":"squark",)");
  CutFromMetadata(path, R"("family":"",)");
  CutFromMetadata(path, R"(,"test_points_xy":[0.5,0.5])");
  CutFromMetadata(path, R"(,"test_points_xy":[])");
  CutFromMetadata(path, R"("test_confusion":[[1,0],[0,0]],)");
  absl::StatusOr<EncoderCheckpoint> loaded = LoadCheckpoint(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->models[0].family, "");
  EXPECT_TRUE(loaded->models[0].test_points.empty());
  EXPECT_TRUE(loaded->separation.test_confusion.empty());
  EXPECT_EQ(loaded->separation.validation_confusion.size(), 2u);
}

TEST(CheckpointTest, SeparationMatricesMustFitTheModels) {
  const std::string path = testing::ScratchDir() + "/separation.ckpt";
  EncoderCheckpoint checkpoint = MakeCheckpoint("gluino");
  checkpoint.separation.validation_confusion = {{7, 1}, {2, 6}, {0, 0}};
  EXPECT_THAT(SaveCheckpoint(checkpoint, path).message(),
              HasSubstr("separation.validation_confusion has 3 rows for 2 models"));
  checkpoint.separation.validation_confusion = {{7, 1}, {2, -6}};
  EXPECT_THAT(SaveCheckpoint(checkpoint, path).message(),
              HasSubstr("separation.validation_confusion[1][1] = -6 is out of range"));
  checkpoint.separation.validation_confusion = {};
  checkpoint.separation.classifier_accuracy = {{0.5, 1.25}, {1.25, 0.5}};
  EXPECT_THAT(SaveCheckpoint(checkpoint, path).message(),
              HasSubstr("separation.classifier_accuracy[0][1] = 1.25 is out of range"));
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(CheckpointTest, CorruptionTruncationAndVersionAreRefused) {
  const std::string dir = testing::ScratchDir();
  const std::string path = dir + "/encoder.ckpt";
  ASSERT_TRUE(SaveCheckpoint(MakeCheckpoint("monojet"), path).ok());
  const std::string bytes = testing::ReadFile(path);

  std::string flipped = bytes;
  flipped[bytes.size() / 2] ^= 0x20;
  testing::WriteFile(dir + "/flipped.ckpt", flipped);
  absl::StatusOr<EncoderCheckpoint> loaded = LoadCheckpoint(dir + "/flipped.ckpt");
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(loaded.status().message(), HasSubstr("CRC-32 mismatch"));

  testing::WriteFile(dir + "/short.ckpt", bytes.substr(0, bytes.size() - 100));
  EXPECT_EQ(LoadCheckpoint(dir + "/short.ckpt").status().code(), absl::StatusCode::kDataLoss);

  std::string future = bytes;
  future[future.find('\n') - 1] = '9';
  testing::WriteFile(dir + "/future.ckpt", future);
  loaded = LoadCheckpoint(dir + "/future.ckpt");
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(loaded.status().message(), HasSubstr("format version 9"));

  testing::WriteFile(dir + "/text.ckpt", "1;p;1;2;3;\n");
  EXPECT_THAT(LoadCheckpoint(dir + "/text.ckpt").status().message(),
              HasSubstr("not an encoder checkpoint"));
  EXPECT_EQ(LoadCheckpoint(dir + "/missing.ckpt").status().code(), absl::StatusCode::kNotFound);
}

TEST(CheckpointTest, InconsistentContentsAreRefusedNamingTheField) {
  const std::string dir = testing::ScratchDir();
  // The standardiser was fitted on 'gluino' features but the checkpoint claims 'monojet'.
  EncoderCheckpoint wrong_preset = MakeCheckpoint("gluino");
  wrong_preset.preset = "monojet";
  ASSERT_TRUE(SaveCheckpoint(wrong_preset, dir + "/a.ckpt").ok());
  EXPECT_THAT(LoadCheckpoint(dir + "/a.ckpt").status().message(),
              HasSubstr("checkpoint field 'standardiser' features do not match preset 'monojet'"));
  // The weights are of a 16-4 encoder, the configuration says 16-8.
  ASSERT_TRUE(SaveCheckpoint(MakeCheckpoint("gluino", 4), dir + "/b.ckpt").ok());
  EXPECT_THAT(LoadCheckpoint(dir + "/b.ckpt").status().message(),
              HasSubstr("weights do not match the configured model"));
  EncoderCheckpoint duplicate = MakeCheckpoint("gluino");
  duplicate.models[1].name = duplicate.models[0].name;
  ASSERT_TRUE(SaveCheckpoint(duplicate, dir + "/c.ckpt").ok());
  EXPECT_THAT(LoadCheckpoint(dir + "/c.ckpt").status().message(),
              HasSubstr("'models[1].name' 'sqsq_sq1800_neut800' is empty or repeated"));
  EncoderCheckpoint not_finite = MakeCheckpoint("gluino");
  not_finite.models[0].points[1].y = std::nan("");
  EXPECT_THAT(SaveCheckpoint(not_finite, dir + "/d.ckpt").message(),
              HasSubstr("models[0] points[1].y = nan is not finite"));
  EXPECT_FALSE(std::filesystem::exists(dir + "/d.ckpt"));
  EncoderCheckpoint short_means = MakeCheckpoint("gluino");
  short_means.models[0].feature_means.pop_back();
  EXPECT_THAT(SaveCheckpoint(short_means, dir + "/e.ckpt").message(),
              HasSubstr("models[0].feature_means must hold sets x features finite values"));
  EXPECT_FALSE(std::filesystem::exists(dir + "/e.ckpt"));
}

}  // namespace
}  // namespace latentspace
