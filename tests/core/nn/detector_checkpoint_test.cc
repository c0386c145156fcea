// Tests of detector checkpoints: exact round trips (bit-identical scores), and refusal of damage,
// other files and every kind of inconsistent metadata with an error naming the field.
#include "core/nn/detector_checkpoint.h"

#include <zlib.h>

#include <filesystem>
#include <functional>

#include "core/features/preset.h"
#include "core/nn/checkpoint.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/testing/paths.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;

DetectorCheckpoint MakeCheckpoint(DetectorKind kind = DetectorKind::kVaeClassifier) {
  const FeaturePreset preset = *FeaturePreset::Get("darkmachines");
  FeatureMatrix matrix{preset.feature_names(), {}};
  for (int r = 0; r < 5; ++r) {
    for (int c = 0; c < preset.num_features(); ++c) matrix.values.push_back(r * 1.5f + c);
  }
  DetectorCheckpoint checkpoint;
  checkpoint.kind = kind;
  checkpoint.preset = "darkmachines";
  checkpoint.standardiser = *Standardiser::Fit(matrix);
  checkpoint.architecture.hidden_widths = {12, 6};
  checkpoint.architecture.latent_dim = 3;
  checkpoint.architecture.kl_weight = 0.25;
  checkpoint.architecture.head_widths = {5};
  checkpoint.trainer.seed = 42;
  checkpoint.trainer.epochs = 17;
  checkpoint.trainer.device = DeviceChoice::kCpu;
  checkpoint.validation_fraction = 0.25;
  checkpoint.reference_events = 40;
  checkpoint.signal_events = 20;
  checkpoint.history.epochs = {{0, 0, 0.5, 0.4, 1000}, {0, 1, 0.3, 0.35, 1100}};
  checkpoint.history.seed = 42;
  checkpoint.history.best_epoch = 1;
  checkpoint.history.best_validation_loss = 0.35;
  checkpoint.calibration = *ScoreCalibration::FromScores({0.5, -1, 2, 0.25, 3, 1, 1.5, 0, 4, 2.5});
  checkpoint.validation = {10, 5, 0.875, 0.1, 3.25};
  torch::manual_seed(3);
  checkpoint.model = DetectorModel(preset.num_features(), kind, checkpoint.architecture);
  checkpoint.model->eval();
  return checkpoint;
}

// Rewrites the metadata of the checkpoint at `path` with `edit`, keeping the file consistent
// (lengths and CRC-32): a checkpoint whose contents, not its bytes, are wrong.
void EditMetadata(const std::string& path,
                  const std::function<void(nlohmann::ordered_json&)>& edit) {
  const std::string bytes = testing::ReadFile(path);
  const size_t header = bytes.find('\n') + 1;
  const auto u64 = [&bytes](size_t at) {
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(bytes[at + i]);
    return v;
  };
  const uint64_t json_size = u64(header);
  nlohmann::ordered_json metadata =
      nlohmann::ordered_json::parse(bytes.substr(header + 8, json_size));
  edit(metadata);
  const std::string json = metadata.dump();
  std::string out = bytes.substr(0, header);
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((json.size() >> (8 * i)) & 0xff));
  out += json;
  out += bytes.substr(header + 8 + json_size, bytes.size() - header - 8 - json_size - 4);
  const uint32_t crc = static_cast<uint32_t>(
      crc32(0L, reinterpret_cast<const Bytef*>(out.data()), static_cast<uInt>(out.size())));
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((crc >> (8 * i)) & 0xff));
  testing::WriteFile(path, out);
}

TEST(DetectorCheckpointTest, RoundTripKeepsEverythingAndScoresBitIdentically) {
  const std::string path = testing::ScratchDir() + "/detector.ckpt";
  DetectorCheckpoint original = MakeCheckpoint();
  ASSERT_TRUE(SaveDetectorCheckpoint(original, path).ok());
  EXPECT_FALSE(std::filesystem::exists(path + ".partial"));
  absl::StatusOr<DetectorCheckpoint> loaded = LoadDetectorCheckpoint(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->kind, DetectorKind::kVaeClassifier);
  EXPECT_EQ(loaded->preset, "darkmachines");
  EXPECT_EQ(loaded->standardiser.mean(), original.standardiser.mean());
  EXPECT_EQ(loaded->architecture.hidden_widths, (std::vector<int64_t>{12, 6}));
  EXPECT_EQ(loaded->architecture.kl_weight, 0.25);
  EXPECT_EQ(loaded->architecture.head_widths, (std::vector<int64_t>{5}));
  EXPECT_EQ(loaded->trainer.seed, 42u);
  EXPECT_EQ(loaded->trainer.epochs, 17);
  EXPECT_EQ(loaded->trainer.device, DeviceChoice::kCpu);
  EXPECT_EQ(loaded->validation_fraction, 0.25);
  EXPECT_EQ(loaded->reference_events, 40);
  EXPECT_EQ(loaded->signal_events, 20);
  ASSERT_EQ(loaded->history.epochs.size(), 2u);
  EXPECT_EQ(loaded->history.epochs[1].validation_loss, 0.35);
  EXPECT_EQ(loaded->history.best_epoch, 1);
  EXPECT_EQ(loaded->calibration.scores(), original.calibration.scores());
  EXPECT_EQ(loaded->calibration.events(), 10);
  EXPECT_EQ(loaded->validation.auc, 0.875);
  EXPECT_EQ(loaded->validation.significance_keep, 0.1);
  EXPECT_EQ(loaded->validation.significance, 3.25);
  const torch::Tensor x = torch::randn({64, 17});
  EXPECT_TRUE(torch::equal(loaded->model->Score(x), original.model->Score(x)));
}

TEST(DetectorCheckpointTest, MissingResultsRoundTripAsNan) {
  const std::string path = testing::ScratchDir() + "/detector.ckpt";
  DetectorCheckpoint checkpoint = MakeCheckpoint(DetectorKind::kAutoencoder);
  checkpoint.signal_events = 0;
  checkpoint.validation = {10, 0, std::nan(""), 0.01, std::nan("")};
  ASSERT_TRUE(SaveDetectorCheckpoint(checkpoint, path).ok());
  absl::StatusOr<DetectorCheckpoint> loaded = LoadDetectorCheckpoint(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_TRUE(std::isnan(loaded->validation.auc));
  EXPECT_TRUE(std::isnan(loaded->validation.significance));
}

TEST(DetectorCheckpointTest, DamageAndOtherFilesAreRefused) {
  const std::string dir = testing::ScratchDir();
  const std::string path = dir + "/detector.ckpt";
  ASSERT_TRUE(SaveDetectorCheckpoint(MakeCheckpoint(), path).ok());
  const std::string bytes = testing::ReadFile(path);
  std::string flipped = bytes;
  flipped[bytes.size() / 2] ^= 0x01;
  testing::WriteFile(dir + "/flipped.ckpt", flipped);
  EXPECT_EQ(LoadDetectorCheckpoint(dir + "/flipped.ckpt").status().code(),
            absl::StatusCode::kDataLoss);
  testing::WriteFile(dir + "/short.ckpt", bytes.substr(0, 50));
  EXPECT_EQ(LoadDetectorCheckpoint(dir + "/short.ckpt").status().code(),
            absl::StatusCode::kDataLoss);
  std::string future = bytes;
  future[future.find('\n') - 1] = '7';
  testing::WriteFile(dir + "/future.ckpt", future);
  EXPECT_THAT(LoadDetectorCheckpoint(dir + "/future.ckpt").status().message(),
              HasSubstr("checkpoint format version 7, this build reads version 1"));
  EXPECT_EQ(LoadDetectorCheckpoint(dir + "/none.ckpt").status().code(),
            absl::StatusCode::kNotFound);
  // An encoder checkpoint is not a detector checkpoint, nor the other way round.
  EncoderCheckpoint encoder;
  encoder.preset = "darkmachines";
  FeatureMatrix rows{FeaturePreset::Get("darkmachines")->feature_names(),
                     std::vector<float>(34, 1.0f)};
  encoder.standardiser = *Standardiser::Fit(rows);
  encoder.k = 1;
  encoder.config.model.hidden_widths = {4};
  encoder.models = {{"a", {}, {{0, 0}}, {}}};
  encoder.model = LatentModel(17, encoder.config.model);
  ASSERT_TRUE(SaveCheckpoint(encoder, dir + "/encoder.ckpt").ok());
  EXPECT_THAT(LoadDetectorCheckpoint(dir + "/encoder.ckpt").status().message(),
              HasSubstr("not an anomaly detector checkpoint"));
  EXPECT_THAT(LoadCheckpoint(path).status().message(), HasSubstr("not an encoder checkpoint"));
}

TEST(DetectorCheckpointTest, InconsistentMetadataIsRefusedNamingTheField) {
  const std::string dir = testing::ScratchDir();
  const std::string path = dir + "/detector.ckpt";
  ASSERT_TRUE(SaveDetectorCheckpoint(MakeCheckpoint(), path).ok());
  const std::string good = testing::ReadFile(path);
  const auto refusal = [&](const std::function<void(nlohmann::ordered_json&)>& edit) {
    testing::WriteFile(path, good);
    EditMetadata(path, edit);
    absl::StatusOr<DetectorCheckpoint> loaded = LoadDetectorCheckpoint(path);
    EXPECT_EQ(loaded.status().code(), absl::StatusCode::kInvalidArgument);
    return std::string(loaded.status().message());
  };
  EXPECT_THAT(refusal([](auto& m) { m["kind"] = "forest"; }),
              HasSubstr("checkpoint field 'kind' unknown detector kind 'forest'"));
  EXPECT_THAT(refusal([](auto& m) { m["preset"] = "gluino"; }),
              HasSubstr("field 'standardiser' features do not match preset 'gluino'"));
  EXPECT_THAT(refusal([](auto& m) { m["input_dim"] = 18; }),
              HasSubstr("field 'input_dim' = 18 but preset 'darkmachines' has 17 features"));
  EXPECT_THAT(refusal([](auto& m) { m["trainer"].erase("epochs"); }),
              HasSubstr("field 'trainer.epochs' is missing"));
  EXPECT_THAT(refusal([](auto& m) { m["trainer"]["batch_size"] = "big"; }),
              HasSubstr("field 'trainer.batch_size' has the wrong type (string)"));
  EXPECT_THAT(refusal([](auto& m) { m["architecture"]["latent_dim"] = 0; }),
              HasSubstr("field 'architecture' latent_dim = 0 must be in 1..4096"));
  EXPECT_THAT(refusal([](auto& m) {
                m["calibration"]["scores"] = {1, 3, 2};
              }),
              HasSubstr("field 'calibration.scores' score 2 = 2 is not finite or below the one"));
  EXPECT_THAT(refusal([](auto& m) { m["samples"]["signal_events"] = 0; }),
              HasSubstr("field 'samples.signal_events' = 0 but a vae-classifier is trained on a "
                        "signal"));
  EXPECT_THAT(refusal([](auto& m) { m["validation"]["auc"] = 1.5; }),
              HasSubstr("field 'validation.auc' = 1.5 is outside [0, 1]"));
  EXPECT_THAT(refusal([](auto& m) { m["trainer"]["device"] = "tpu"; }),
              HasSubstr("field 'trainer.device' unknown device 'tpu'"));
  // The weights are of a 12-6 network, the metadata now says 12-7.
  EXPECT_THAT(refusal([](auto& m) {
                m["architecture"]["hidden_widths"] = {12, 7};
              }),
              HasSubstr("weights do not match the configured model"));
}

TEST(DetectorCheckpointTest, NothingIsWrittenForBadMetadata) {
  const std::string path = testing::ScratchDir() + "/detector.ckpt";
  DetectorCheckpoint no_signal = MakeCheckpoint(DetectorKind::kClassifier);
  no_signal.signal_events = 0;
  no_signal.validation.signal_events = 0;
  EXPECT_THAT(SaveDetectorCheckpoint(no_signal, path).message(),
              HasSubstr("'samples.signal_events' = 0 but a classifier is trained on a signal"));
  DetectorCheckpoint no_calibration = MakeCheckpoint();
  no_calibration.calibration = ScoreCalibration();
  EXPECT_THAT(SaveDetectorCheckpoint(no_calibration, path).message(),
              HasSubstr("'calibration.scores' holds fewer than 2 reference scores"));
  DetectorCheckpoint no_model = MakeCheckpoint();
  no_model.model = nullptr;
  EXPECT_THAT(SaveDetectorCheckpoint(no_model, path).message(), HasSubstr("without a model"));
  EXPECT_FALSE(std::filesystem::exists(path));
}

}  // namespace
}  // namespace latentspace
