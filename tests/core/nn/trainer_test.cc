// Tests of the encoder trainer on real bundled Dark Machines samples: learning, reproducibility,
// progress, cancellation, collapse detection and restarts, keeping the best of several
// initialisations, the learning-rate schedule's configuration, configuration errors.
#include "core/nn/trainer.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <regex>

#include "absl/strings/match.h"
#include "core/features/feature_extraction.h"
#include "core/features/standardiser.h"
#include "core/nn/training_loop.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/paths.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;

// Standardised 'darkmachines' features of three real models split 80/20, as set builders.
struct Data {
  SetBuilder train;
  EventSets validation;
};

Data LoadData() {
  std::vector<FeatureMatrix> train, validation;
  FeatureMatrix all{FeaturePreset::Get("darkmachines")->feature_names(), {}};
  for (const char* name :
       {"background_chan1_7.79_reduced.csv.gz", "sqsq_sq1800_neut800_chan1.csv.gz",
        "monojet_Zp2000.0_DM_50.0_chan1.csv.gz"}) {
    const std::string path = testing::BundledDataDir() + "/" + name;
    const FeatureMatrix matrix =
        *ReadFeatures(path, EventFormat::kDarkMachines, *FeaturePreset::Get("darkmachines"));
    const int64_t split = matrix.rows() * 8 / 10;
    train.push_back(matrix.Rows(0, split));
    validation.push_back(matrix.Rows(split, matrix.rows()));
    all.values.insert(all.values.end(), train.back().values.begin(), train.back().values.end());
  }
  const Standardiser standardiser = *Standardiser::Fit(all);
  for (FeatureMatrix& m : train) EXPECT_TRUE(standardiser.Apply(&m).ok());
  for (FeatureMatrix& m : validation) EXPECT_TRUE(standardiser.Apply(&m).ok());
  const EventSets validation_sets = SetBuilder::Create(validation, 10, 99)->Draw(0);
  return {*SetBuilder::Create(std::move(train), 10, 1), validation_sets};
}

TrainerConfig FastConfig() {
  TrainerConfig config;
  config.epochs = 12;
  config.batch_size = 64;
  config.seed = 5;
  config.device = DeviceChoice::kCpu;
  config.threads = 2;
  config.initialisations = 1;
  return config;
}

// Share of validation sets whose nearest model centroid (in latent space) is their own model.
double NearestCentroidAccuracy(TrainedEncoder& trained, const EventSets& sets, int models) {
  torch::NoGradGuard no_grad;
  const torch::Tensor inputs =
      torch::from_blob(const_cast<float*>(sets.inputs.data()), {sets.size(), sets.width()}).clone();
  const torch::Tensor z = trained.model->Embed(inputs);
  const torch::Tensor labels =
      torch::tensor(std::vector<int64_t>(sets.labels.begin(), sets.labels.end()));
  std::vector<torch::Tensor> centroids;
  for (int m = 0; m < models; ++m) centroids.push_back(z.index({labels == m}).mean(0));
  const torch::Tensor distances = torch::cdist(z, torch::stack(centroids));
  return (distances.argmin(1) == labels).to(torch::kFloat64).mean().item<double>();
}

TEST(TrainerTest, LearnsToSeparateRealModelsAndKeepsTheBestState) {
  const Data data = LoadData();
  absl::StatusOr<TrainedEncoder> trained = TrainEncoder(data.train, data.validation, FastConfig());
  ASSERT_TRUE(trained.ok()) << trained.status();
  const TrainingHistory& history = trained->history;
  ASSERT_FALSE(history.epochs.empty());
  double lowest = history.epochs.front().validation_loss;
  for (const EpochRecord& record : history.epochs)
    lowest = std::min(lowest, record.validation_loss);
  EXPECT_EQ(history.best_validation_loss, lowest);
  EXPECT_LT(history.best_validation_loss, 0.6 * history.epochs.front().validation_loss);
  EXPECT_GT(history.epochs.back().sets_per_second, 0);
  EXPECT_GE(NearestCentroidAccuracy(*trained, data.validation, 3), 0.85);
}

TEST(TrainerTest, SameSeedReproducesTheSameHistoryOnCpu) {
  const Data data = LoadData();
  TrainerConfig config = FastConfig();
  config.epochs = 3;
  const TrainingHistory a = TrainEncoder(data.train, data.validation, config)->history;
  const TrainingHistory b = TrainEncoder(data.train, data.validation, config)->history;
  ASSERT_EQ(a.epochs.size(), b.epochs.size());
  for (size_t i = 0; i < a.epochs.size(); ++i) {
    EXPECT_EQ(a.epochs[i].train_loss, b.epochs[i].train_loss);
    EXPECT_EQ(a.epochs[i].validation_loss, b.epochs[i].validation_loss);
  }
  config.seed = 6;
  EXPECT_NE(TrainEncoder(data.train, data.validation, config)->history.epochs[0].train_loss,
            a.epochs[0].train_loss);
}

TEST(TrainerTest, ReportsProgressAndStopsWhenCancelled) {
  const Data data = LoadData();
  CancellationToken cancel;
  std::vector<TrainingProgress> reports;
  absl::StatusOr<TrainedEncoder> trained = TrainEncoder(
      data.train, data.validation, FastConfig(),
      [&](const TrainingProgress& p) {
        reports.push_back(p);
        if (p.epoch == 1 && p.step == p.steps_per_epoch) cancel.Cancel();
      },
      &cancel);
  ASSERT_FALSE(trained.ok());
  EXPECT_EQ(trained.status().code(), absl::StatusCode::kCancelled);
  EXPECT_THAT(trained.status().message(), HasSubstr("cancelled at epoch 3, step 1"));
  ASSERT_GE(reports.size(), 2u);
  EXPECT_TRUE(std::isnan(reports.front().validation_loss));
  EXPECT_TRUE(std::isfinite(reports.back().validation_loss));
  EXPECT_EQ(reports.back().epochs, 12);
  EXPECT_GT(reports.back().sets_per_second, 0);
  EXPECT_GT(reports.back().eta_seconds, 0);
}

TEST(TrainerTest, KeepsTheInitialisationWithTheLowestValidationLoss) {
  const Data data = LoadData();
  TrainerConfig config = FastConfig();
  config.epochs = 4;
  config.initialisations = 3;
  std::vector<TrainingProgress> reports;
  absl::StatusOr<TrainedEncoder> trained =
      TrainEncoder(data.train, data.validation, config,
                   [&](const TrainingProgress& progress) { reports.push_back(progress); });
  ASSERT_TRUE(trained.ok()) << trained.status();
  // Progress runs once over the whole training: each initialisation owns a third of it.
  ASSERT_FALSE(reports.empty());
  for (const TrainingProgress& report : reports) {
    EXPECT_EQ(report.initialisations, 3);
    EXPECT_GT(report.fraction, report.initialisation / 3.0);
    EXPECT_LE(report.fraction, (report.initialisation + 1) / 3.0 + 1e-12);
  }
  EXPECT_EQ(reports.back().initialisation, 2);
  EXPECT_DOUBLE_EQ(reports.back().fraction, 1.0);
  EXPECT_GT(reports.front().eta_seconds, 0);
  const TrainingHistory& history = trained->history;
  // Each attempt's lowest validation loss; the kept one is the lowest of the attempts that did not
  // collapse (those are restarted and never compete).
  std::map<int, double> lowest;
  for (const EpochRecord& record : history.epochs) {
    auto [it, inserted] = lowest.emplace(record.attempt, record.validation_loss);
    if (!inserted) it->second = std::min(it->second, record.validation_loss);
  }
  int not_kept = 0;
  for (const RestartRecord& restart : history.restarts) {
    if (absl::StartsWith(restart.reason, kNotKeptPrefix)) {
      ++not_kept;
      EXPECT_GE(lowest.at(restart.attempt), history.best_validation_loss);
    }
  }
  EXPECT_TRUE(std::any_of(lowest.begin(), lowest.end(), [&](const auto& attempt) {
    return attempt.second == history.best_validation_loss;
  }));
  // Three initialisations trained to the end: two of them are recorded as not kept.
  EXPECT_EQ(not_kept, 2);
  EXPECT_EQ(history.restarts.size() + 1, lowest.size());
  for (size_t i = 1; i < history.restarts.size(); ++i) {
    EXPECT_LT(history.restarts[i - 1].attempt, history.restarts[i].attempt);
  }
}

// The defaults are what docs/cli.md documents (the tuned schedule of tests/bench/train_bench.cc),
// they pass the trainer's own checks, and their schedule falls from the initial rate to the
// documented fraction of it at the last epoch.
TEST(TrainerTest, DefaultsAreTheDocumentedSchedule) {
  const TrainerConfig defaults;
  EXPECT_TRUE(ValidateTrainerConfig(defaults).ok()) << ValidateTrainerConfig(defaults);
  const std::string cli = testing::ReadFile(testing::SourcePath("docs/cli.md"));
  const auto documented = [&cli](const std::string& option) {
    std::smatch match;
    const std::regex row("\\| `" + option + "` \\| ([-0-9.e]+) \\|");
    EXPECT_TRUE(std::regex_search(cli, match, row)) << option << " is not in docs/cli.md's table";
    return match.empty() ? std::nan("") : std::stod(match[1].str());
  };
  EXPECT_EQ(documented("--learning-rate"), defaults.learning_rate);
  EXPECT_EQ(documented("--final-lr-fraction"), defaults.final_learning_rate_fraction);
  EXPECT_EQ(documented("--epochs"), defaults.epochs);
  EXPECT_EQ(documented("--patience"), defaults.patience);
  EXPECT_EQ(documented("--initialisations"), defaults.initialisations);
  EXPECT_EQ(documented("--batch-size"), defaults.batch_size);
  EXPECT_LT(defaults.patience, defaults.epochs) << "early stopping can act";
  EXPECT_DOUBLE_EQ(CosineLearningRate(defaults.learning_rate, defaults.final_learning_rate_fraction,
                                      defaults.epochs, 0),
                   defaults.learning_rate);
  EXPECT_DOUBLE_EQ(CosineLearningRate(defaults.learning_rate, defaults.final_learning_rate_fraction,
                                      defaults.epochs, defaults.epochs - 1),
                   defaults.learning_rate * defaults.final_learning_rate_fraction);
}

TEST(TrainerTest, CollapsedEncoderIsRestartedAndReported) {
  const Data data = LoadData();
  TrainerConfig config = FastConfig();
  config.epochs = 4;
  config.max_restarts = 2;
  config.model.hidden_widths = {16, 1};  // a one-unit bottleneck: the latent is at most 1-D
  absl::StatusOr<TrainedEncoder> trained = TrainEncoder(data.train, data.validation, config);
  ASSERT_FALSE(trained.ok());
  EXPECT_EQ(trained.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(trained.status().message(), HasSubstr("collapsed in all 3 attempts"));
  EXPECT_THAT(trained.status().message(), HasSubstr("seed 5: "));
}

TEST(DiagnoseCollapseTest, NamesDeadLayersAndOneDimensionalLatents) {
  torch::manual_seed(1);
  const torch::Tensor inputs = torch::randn({200, 20});
  LatentModelOptions options;
  options.hidden_widths = {32, 16};
  LatentModel healthy(20, options);
  EXPECT_EQ(DiagnoseCollapse(healthy, inputs), "");
  {
    torch::NoGradGuard no_grad;
    // Output rows equal: both latent coordinates are the same function, a line.
    healthy->named_parameters()["encoder.output.weight"][1].copy_(
        healthy->named_parameters()["encoder.output.weight"][0]);
    healthy->named_parameters()["encoder.output.bias"][1].copy_(
        healthy->named_parameters()["encoder.output.bias"][0]);
  }
  EXPECT_THAT(DiagnoseCollapse(healthy, inputs), HasSubstr("latent collapsed"));
  LatentModel dead(20, options);
  {
    torch::NoGradGuard no_grad;
    dead->named_parameters()["encoder.hidden1.weight"].zero_();
    dead->named_parameters()["encoder.hidden1.bias"].fill_(-1);
  }
  EXPECT_THAT(DiagnoseCollapse(dead, inputs), HasSubstr("every unit of hidden layer 2"));
}

TEST(TrainerTest, RefusesBadConfiguration) {
  const Data data = LoadData();
  TrainerConfig config = FastConfig();
  config.batch_size = 1;
  EXPECT_THAT(TrainEncoder(data.train, data.validation, config).status().message(),
              HasSubstr("batch_size = 1 must be at least 2"));
  config = FastConfig();
  config.learning_rate = -1;
  EXPECT_EQ(TrainEncoder(data.train, data.validation, config).status().code(),
            absl::StatusCode::kInvalidArgument);
  config = FastConfig();
  config.final_learning_rate_fraction = 0;
  EXPECT_THAT(TrainEncoder(data.train, data.validation, config).status().message(),
              HasSubstr("final_learning_rate_fraction = 0 must be in (0, 1]"));
  config.final_learning_rate_fraction = 1.5;
  EXPECT_EQ(TrainEncoder(data.train, data.validation, config).status().code(),
            absl::StatusCode::kInvalidArgument);
  config = FastConfig();
  config.initialisations = 0;
  EXPECT_THAT(TrainEncoder(data.train, data.validation, config).status().message(),
              HasSubstr("initialisations = 0 must be >= 1"));
  EXPECT_FALSE(ParseDeviceChoice("tpu").ok());
  for (DeviceChoice d : {DeviceChoice::kAuto, DeviceChoice::kCpu, DeviceChoice::kCuda}) {
    EXPECT_EQ(*ParseDeviceChoice(DeviceChoiceName(d)), d);
  }
  if (!torch::cuda::is_available()) {
    EXPECT_EQ(ResolveDevice(DeviceChoice::kCuda).status().code(),
              absl::StatusCode::kFailedPrecondition);
  }
}

}  // namespace
}  // namespace latentspace
