// Tests of the detector trainer: the best validation state is kept and early stopping ends the
// training, seeded trainings repeat exactly, progress is reported in events, cancellation stops
// it, and bad data is refused naming what is wrong.
#include "core/nn/detector_trainer.h"

#include <algorithm>

#include "core/features/standardiser.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/core/nn/synthetic_detector_data.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;

LabelledRows Rows(int64_t events, uint64_t seed, float label = 0, double scale = 1.0) {
  FeatureMatrix rows = testing::SyntheticDarkMachinesRows(events, seed, scale);
  const Standardiser standardiser = *Standardiser::Fit(testing::SyntheticDarkMachinesRows(500, 9));
  EXPECT_TRUE(standardiser.Apply(&rows).ok());
  return {rows, std::vector<float>(events, label)};
}

LabelledRows Concat(LabelledRows a, const LabelledRows& b) {
  a.rows.values.insert(a.rows.values.end(), b.rows.values.begin(), b.rows.values.end());
  a.labels.insert(a.labels.end(), b.labels.begin(), b.labels.end());
  return a;
}

DetectorArchitecture Small() {
  DetectorArchitecture architecture;
  architecture.hidden_widths = {16, 8};
  architecture.latent_dim = 3;
  return architecture;
}

DetectorTrainerConfig Fast() {
  DetectorTrainerConfig config;
  config.epochs = 25;
  config.patience = 5;
  config.batch_size = 64;
  config.seed = 7;
  config.device = DeviceChoice::kCpu;
  config.threads = 1;
  return config;
}

TEST(DetectorTrainerTest, KeepsTheBestValidationStateAndRepeatsExactly) {
  const LabelledRows train = Rows(600, 1), validation = Rows(200, 2);
  absl::StatusOr<TrainedDetector> first =
      TrainDetector(train, validation, DetectorKind::kVae, Small(), Fast());
  ASSERT_TRUE(first.ok()) << first.status();
  const TrainingHistory& history = first->history;
  ASSERT_FALSE(history.epochs.empty());
  const auto best = std::min_element(history.epochs.begin(), history.epochs.end(),
                                     [](const EpochRecord& a, const EpochRecord& b) {
                                       return a.validation_loss < b.validation_loss;
                                     });
  EXPECT_EQ(history.best_epoch, best->epoch);
  EXPECT_EQ(history.best_validation_loss, best->validation_loss);
  EXPECT_LT(history.best_validation_loss, history.epochs.front().validation_loss);
  EXPECT_EQ(history.seed, 7u);
  EXPECT_GT(history.epochs.back().sets_per_second, 0);
  // The kept state is the best one: its validation loss is the best epoch's.
  const torch::Tensor x = torch::from_blob(const_cast<float*>(validation.rows.values.data()),
                                           {200, validation.rows.cols()});
  EXPECT_NEAR(first->model->Loss(x, torch::zeros({200}), torch::ones({200})).item<double>(),
              history.best_validation_loss, 1e-6);

  absl::StatusOr<TrainedDetector> second =
      TrainDetector(train, validation, DetectorKind::kVae, Small(), Fast());
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(torch::equal(first->model->Score(x), second->model->Score(x)));
  ASSERT_EQ(second->history.epochs.size(), history.epochs.size());
  EXPECT_EQ(second->history.epochs.back().train_loss, history.epochs.back().train_loss);
}

TEST(DetectorTrainerTest, StopsEarlyWithoutImprovement) {
  DetectorTrainerConfig config = Fast();
  config.epochs = 400;
  config.patience = 3;
  config.learning_rate = 3e-2;
  absl::StatusOr<TrainedDetector> trained =
      TrainDetector(Rows(300, 1), Rows(100, 2), DetectorKind::kAutoencoder, Small(), config);
  ASSERT_TRUE(trained.ok()) << trained.status();
  EXPECT_TRUE(trained->history.stopped_early);
  EXPECT_EQ(static_cast<int64_t>(trained->history.epochs.size()),
            trained->history.best_epoch + 1 + config.patience);
}

TEST(DetectorTrainerTest, ReportsProgressInEventsAndCanBeCancelled) {
  CancellationToken cancel;
  std::vector<TrainingProgress> reports;
  const auto progress = [&](const TrainingProgress& p) {
    reports.push_back(p);
    if (p.epoch == 1) cancel.Cancel();
  };
  const LabelledRows train = Concat(Rows(300, 1), Rows(300, 3, 1, 2.0));
  const LabelledRows validation = Concat(Rows(100, 2), Rows(100, 4, 1, 2.0));
  absl::StatusOr<TrainedDetector> trained = TrainDetector(
      train, validation, DetectorKind::kClassifier, Small(), Fast(), progress, &cancel);
  EXPECT_EQ(trained.status().code(), absl::StatusCode::kCancelled);
  // Cancelled at the report of epoch 2's last step: it stops before the next step.
  EXPECT_THAT(trained.status().message(), HasSubstr("cancelled at epoch 3, step 1"));
  ASSERT_GE(reports.size(), 2u);
  EXPECT_EQ(reports[0].steps_per_epoch, 10);  // 600 events in batches of 64
  EXPECT_TRUE(std::isnan(reports[0].validation_loss));
  EXPECT_FALSE(std::isnan(reports.back().validation_loss));
  EXPECT_GT(reports.back().sets_per_second, 0);
  EXPECT_GT(reports.back().fraction, 0);
  EXPECT_LT(reports.back().fraction, 0.1);
}

TEST(DetectorTrainerTest, RefusesBadData) {
  const LabelledRows rows = Rows(50, 1);
  const auto refusal = [&](const LabelledRows& train, const LabelledRows& validation,
                           DetectorKind kind) {
    return std::string(TrainDetector(train, validation, kind, Small(), Fast()).status().message());
  };
  EXPECT_THAT(refusal(rows, rows, DetectorKind::kClassifier),
              HasSubstr("training needs events of both labels, has 0 of 50 labelled 1"));
  LabelledRows bad_label = rows;
  bad_label.labels[3] = 2;
  EXPECT_THAT(refusal(bad_label, rows, DetectorKind::kAutoencoder),
              HasSubstr("training label 3 = 2 is neither 0 nor 1"));
  LabelledRows narrow{{{"a", "b"}, {1, 2, 3, 4}}, {0, 0}};
  EXPECT_THAT(refusal(rows, narrow, DetectorKind::kAutoencoder),
              HasSubstr("validation rows have 2 features, the training rows 17"));
  LabelledRows one{{rows.rows.names, rows.rows.Rows(0, 1).values}, {0}};
  EXPECT_THAT(refusal(one, rows, DetectorKind::kAutoencoder),
              HasSubstr("training holds 1 events, at least 2 needed"));
  DetectorTrainerConfig cuda = Fast();
  cuda.device = DeviceChoice::kCuda;
  if (!torch::cuda::is_available()) {
    EXPECT_EQ(TrainDetector(rows, rows, DetectorKind::kVae, Small(), cuda).status().code(),
              absl::StatusCode::kFailedPrecondition);
  }
}

}  // namespace
}  // namespace latentspace
