// Tests of the samples-to-checkpoint recipe and of the loaded encoder, on real bundled Dark
// Machines samples: the checkpoint holds every known model with its family, points, feature means
// and held-out test points, the encoder separates the models on validation and test sets,
// embedding is deterministic, and bad input is refused untouched.
#include "core/nn/encoder_training.h"

#include <filesystem>

#include "core/features/feature_extraction.h"
#include "core/nn/encoder.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/paths.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;

LabelledSample Load(const std::string& name, const std::string& file,
                    std::map<std::string, double> parameters) {
  const FeaturePreset preset = *FeaturePreset::Get("darkmachines");
  return {
      name, std::move(parameters),
      *ReadFeatures(testing::BundledDataDir() + "/" + file, EventFormat::kDarkMachines, preset)};
}

std::vector<LabelledSample> TwoModels() {
  std::vector<LabelledSample> samples = {
      Load("squark", "sqsq_sq1800_neut800_chan1.csv.gz", {{"msquark", 1800}}),
      Load("background", "background_chan1_7.79_reduced.csv.gz", {})};
  samples[0].family = "squark";
  return samples;
}

EncoderTrainingOptions FastOptions() {
  EncoderTrainingOptions options;
  options.trainer.epochs = 15;
  options.trainer.seed = 3;
  options.trainer.device = DeviceChoice::kCpu;
  options.max_points_per_model = 100;
  return options;
}

TEST(EncoderTrainingTest, TrainsSavesAndLoadsAnEncoderThatSeparatesTheModels) {
  const std::string path = testing::ScratchDir() + "/encoder.ckpt";
  const std::vector<LabelledSample> samples = TwoModels();
  absl::StatusOr<EncoderTrainingReport> report = TrainEncoderToFile(samples, FastOptions(), path);
  ASSERT_TRUE(report.ok()) << report.status();
  // Squark production and the Standard Model are the two farthest models of the data set.
  EXPECT_GT(report->validation_accuracy, 0.85);
  EXPECT_GT(report->sets_per_second, 0);
  ASSERT_EQ(report->metadata.models.size(), 2u);
  EXPECT_EQ(report->metadata.models[0].parameters.at("msquark"), 1800);
  EXPECT_EQ(report->metadata.models[0].family, "squark");
  EXPECT_EQ(report->metadata.models[1].family, "");
  for (size_t m = 0; m < samples.size(); ++m) {
    // One draw of training sets (60% of the events: 20% each go to validation and test, 10 per
    // set), at most 100 per model; the test sets likewise from their 20%.
    const int64_t rows = samples[m].features.rows();
    const size_t sets = std::min<int64_t>(100, (rows - 2 * (rows / 5)) / 10);
    EXPECT_EQ(report->metadata.models[m].points.size(), sets);
    EXPECT_EQ(report->metadata.models[m].feature_means.size(), sets * 17);
    EXPECT_EQ(report->metadata.models[m].test_points.size(),
              static_cast<size_t>(std::min<int64_t>(100, rows / 5 / 10)));
  }

  absl::StatusOr<std::unique_ptr<Encoder>> encoder = Encoder::Load(path, DeviceChoice::kCpu);
  ASSERT_TRUE(encoder.ok()) << encoder.status();
  EXPECT_EQ((*encoder)->metadata().k, 10);
  EXPECT_EQ((*encoder)->preset().name(), "darkmachines");
  EXPECT_EQ((*encoder)->device(), "cpu");
  // The raw rows of 25 squark events: 2 sets and 5 leftover rows, the same points twice.
  const FeatureMatrix rows = samples[0].features.Rows(0, 25);
  absl::StatusOr<Embedding> first = (*encoder)->EmbedFeatureRows(rows);
  absl::StatusOr<Embedding> second = (*encoder)->EmbedFeatureRows(rows);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->points.size(), 2u);
  EXPECT_EQ(first->leftover_rows, 5);
  EXPECT_EQ(first->points[1].x, second->points[1].x);
  // The stored feature means are in GeV: the squark sets' mean MET is hundreds of GeV.
  double met = 0;
  const ModelPoints& squark = report->metadata.models[0];
  for (size_t i = 0; i < squark.points.size(); ++i) met += squark.feature_means[i * 17 + 16];
  EXPECT_GT(met / squark.points.size(), 200);

  // The separation recorded with it: the validation sets' confusion matrix, and a classifier
  // that tells the squark model's events from the Standard Model's far better than chance.
  const ModelSeparation& separation = report->metadata.separation;
  ASSERT_EQ(separation.validation_confusion.size(), 2u);
  int64_t sets = 0, correct = 0;
  for (int a = 0; a < 2; ++a) {
    for (int b = 0; b < 2; ++b) sets += separation.validation_confusion[a][b];
    correct += separation.validation_confusion[a][a];
  }
  EXPECT_EQ(sets, report->validation_sets);
  EXPECT_DOUBLE_EQ(static_cast<double>(correct) / sets, report->validation_accuracy);
  // The test sets' confusion matrix, with one row per model as the test points are.
  ASSERT_EQ(separation.test_confusion.size(), 2u);
  int64_t test_sets = 0, test_correct = 0;
  for (int a = 0; a < 2; ++a) {
    int64_t row = 0;
    for (int b = 0; b < 2; ++b) row += separation.test_confusion[a][b];
    EXPECT_EQ(row, static_cast<int64_t>(report->metadata.models[a].test_points.size()));
    test_sets += row;
    test_correct += separation.test_confusion[a][a];
  }
  EXPECT_EQ(test_sets, report->test_sets);
  EXPECT_DOUBLE_EQ(static_cast<double>(test_correct) / test_sets, report->test_accuracy);
  EXPECT_GT(report->test_accuracy, 0.85);
  EXPECT_EQ((*encoder)->metadata().separation.test_confusion, separation.test_confusion);
  EXPECT_EQ((*encoder)->metadata().models[0].test_points.size(),
            report->metadata.models[0].test_points.size());
  EXPECT_EQ((*encoder)->metadata().models[0].family, "squark");
  EXPECT_EQ(separation.classifier_k, 15);
  ASSERT_EQ(separation.classifier_accuracy.size(), 2u);
  EXPECT_EQ(separation.classifier_accuracy[0][0], 0.5);
  EXPECT_EQ(separation.classifier_accuracy[0][1], separation.classifier_accuracy[1][0]);
  EXPECT_GT(separation.classifier_accuracy[0][1], 0.8);
  EXPECT_EQ((*encoder)->metadata().separation.classifier_accuracy, separation.classifier_accuracy);
}

TEST(EncoderTrainingTest, RefusesBadInputWithoutWriting) {
  const std::string path = testing::ScratchDir() + "/encoder.ckpt";
  std::vector<LabelledSample> one = TwoModels();
  one.pop_back();
  EXPECT_THAT(TrainEncoderToFile(one, FastOptions(), path).status().message(),
              HasSubstr("at least 2 samples"));
  std::vector<LabelledSample> repeated = TwoModels();
  repeated[1].name = "squark";
  EXPECT_THAT(TrainEncoderToFile(repeated, FastOptions(), path).status().message(),
              HasSubstr("'squark' is repeated"));
  std::vector<LabelledSample> tiny = TwoModels();
  tiny[1].features = tiny[1].features.Rows(0, 15);
  EXPECT_THAT(TrainEncoderToFile(tiny, FastOptions(), path).status().message(),
              HasSubstr("sample 'background' has 15 accepted events: too few for one training, "
                        "one validation and one test set"));
  EncoderTrainingOptions no_test = FastOptions();
  no_test.test_fraction = 0;
  EXPECT_THAT(TrainEncoderToFile(TwoModels(), no_test, path).status().message(),
              HasSubstr("test_fraction = 0 must be in (0, 1)"));
  EncoderTrainingOptions nothing_left = FastOptions();
  nothing_left.validation_fraction = 0.5;
  nothing_left.test_fraction = 0.5;
  EXPECT_THAT(TrainEncoderToFile(TwoModels(), nothing_left, path).status().message(),
              HasSubstr("leave training events"));
  EncoderTrainingOptions wrong_preset = FastOptions();
  wrong_preset.preset = "gluino";
  EXPECT_THAT(TrainEncoderToFile(TwoModels(), wrong_preset, path).status().message(),
              HasSubstr("are not preset 'gluino''s"));
  EXPECT_FALSE(std::filesystem::exists(path));

  CancellationToken cancel;
  cancel.Cancel();
  EXPECT_EQ(TrainEncoderToFile(TwoModels(), FastOptions(), path, nullptr, &cancel).status().code(),
            absl::StatusCode::kCancelled);
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(EncoderTrainingTest, EncoderRefusesRowsItCannotEmbed) {
  const std::string path = testing::ScratchDir() + "/encoder.ckpt";
  EncoderTrainingOptions options = FastOptions();
  options.trainer.epochs = 2;
  ASSERT_TRUE(TrainEncoderToFile(TwoModels(), options, path).ok());
  std::unique_ptr<Encoder> encoder = *Encoder::Load(path, DeviceChoice::kCpu);
  FeatureMatrix rows = TwoModels()[0].features.Rows(0, 10);
  rows.row(3)[16] = 1e30f;
  EXPECT_THAT(encoder->EmbedFeatureRows(rows).status().message(),
              HasSubstr("feature row 3 column 'met' lies"));
  rows.row(3)[16] = std::nanf("");
  EXPECT_THAT(encoder->EmbedFeatureRows(rows).status().message(),
              HasSubstr("feature row 3 column 'met' = nan is not finite"));
  FeatureMatrix other{{"a", "b"}, {1, 2}};
  EXPECT_EQ(encoder->EmbedFeatureRows(other).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Encoder::Load(path + ".missing", DeviceChoice::kCpu).status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace latentspace
