// Tests of the samples-to-checkpoint detector training on synthetic but realistic Dark Machines
// rows: every kind finds an obvious anomaly (ROC AUC > 0.9 on fresh events) and none where there
// is none (~0.5), the calibrated cut keeps the requested share of fresh reference events, the
// report's held-out AUC and significance, reproducibility, the RMM's identity standardiser on real
// events, and refusals naming what is wrong.
#include "core/nn/detector_training.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "core/analysis/detection_metrics.h"
#include "core/features/feature_extraction.h"
#include "core/nn/detector.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/core/nn/synthetic_detector_data.h"
#include "tests/testing/paths.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;

DetectorTrainingOptions Fast(DetectorKind kind) {
  DetectorTrainingOptions options;
  options.kind = kind;
  options.architecture.hidden_widths = {32, 16};
  options.architecture.latent_dim = 3;
  options.trainer.epochs = 40;
  options.trainer.patience = 8;
  options.trainer.batch_size = 128;
  options.trainer.seed = 3;
  options.trainer.device = DeviceChoice::kCpu;
  options.trainer.threads = 1;
  options.significance_keep = 0.05;
  return options;
}

struct Outcome {
  DetectorTrainingReport report;
  std::unique_ptr<Detector> detector;
};

Outcome Train(const DetectorTrainingOptions& options, const FeatureMatrix& reference,
              const FeatureMatrix* signal) {
  const std::string path = testing::ScratchDir() + "/detector.ckpt";
  absl::StatusOr<DetectorTrainingReport> report =
      TrainDetectorToFile(reference, signal, options, path);
  EXPECT_TRUE(report.ok()) << report.status();
  absl::StatusOr<std::unique_ptr<Detector>> detector = Detector::Load(path, DeviceChoice::kCpu);
  EXPECT_TRUE(detector.ok()) << detector.status();
  return {*std::move(report), *std::move(detector)};
}

// AUC of fresh signal-like events against fresh reference events.
double FreshAuc(const Detector& detector, double signal_scale) {
  const std::vector<double> background =
      *detector.Score(testing::SyntheticDarkMachinesRows(2000, 101));
  const std::vector<double> signal =
      *detector.Score(testing::SyntheticDarkMachinesRows(2000, 102, signal_scale));
  return *RocAuc(signal, background);
}

TEST(DetectorTrainingTest, EveryKindFindsAnObviousAnomaly) {
  const FeatureMatrix reference = testing::SyntheticDarkMachinesRows(2000, 1);
  const FeatureMatrix signal = testing::SyntheticDarkMachinesRows(1000, 2, 2.5);
  for (DetectorKind kind : {DetectorKind::kAutoencoder, DetectorKind::kVae,
                            DetectorKind::kVaeClassifier, DetectorKind::kClassifier}) {
    SCOPED_TRACE(DetectorKindName(kind));
    const Outcome outcome = Train(Fast(kind), reference, &signal);
    EXPECT_GT(FreshAuc(*outcome.detector, 2.5), 0.9);
    const DetectorValidation& held_out = outcome.report.metadata.validation;
    EXPECT_EQ(held_out.reference_events, 400);
    EXPECT_EQ(held_out.signal_events, 200);
    EXPECT_GT(held_out.auc, 0.9);
    // The held-out mixture of 600 events expects 5% x 600 = 30 above the cut without signal and
    // holds nearly all 200 signal events there: (20 + ~200 - 30) / sqrt(30) ~ 35.
    EXPECT_GT(held_out.significance, 20);
    const int64_t trained_on = kind == DetectorKind::kVaeClassifier ? 2 * 1600 + 800
                               : kind == DetectorKind::kClassifier  ? 1600 + 800
                                                                    : 1600;
    EXPECT_EQ(outcome.report.train_events, trained_on);
  }
}

TEST(DetectorTrainingTest, CoarsensASignificanceKeepTheReferenceCannotResolve) {
  // 100 reference events hold out 20: 1% is finer than their 5% steps.
  const FeatureMatrix reference = testing::SyntheticDarkMachinesRows(100, 1);
  const FeatureMatrix signal = testing::SyntheticDarkMachinesRows(100, 2, 2.5);
  DetectorTrainingOptions options = Fast(DetectorKind::kClassifier);
  options.significance_keep = 0.01;
  const Outcome outcome = Train(options, reference, &signal);
  const DetectorValidation& held_out = outcome.report.metadata.validation;
  EXPECT_EQ(held_out.reference_events, 20);
  EXPECT_DOUBLE_EQ(held_out.significance_keep, 0.05);
  EXPECT_TRUE(std::isfinite(held_out.significance));
  EXPECT_DOUBLE_EQ(outcome.detector->metadata().validation.significance_keep, 0.05);
}

TEST(DetectorTrainingTest, NoAnomalyGivesNoSeparation) {
  const FeatureMatrix reference = testing::SyntheticDarkMachinesRows(2000, 1);
  const FeatureMatrix same = testing::SyntheticDarkMachinesRows(1000, 5);
  for (DetectorKind kind : {DetectorKind::kAutoencoder, DetectorKind::kClassifier}) {
    SCOPED_TRACE(DetectorKindName(kind));
    const Outcome outcome = Train(Fast(kind), reference, &same);
    EXPECT_NEAR(FreshAuc(*outcome.detector, 1.0), 0.5, 0.06);
  }
}

TEST(DetectorTrainingTest, CalibratedCutsKeepTheirShareOfFreshReferenceEvents) {
  const Outcome outcome =
      Train(Fast(DetectorKind::kVae), testing::SyntheticDarkMachinesRows(2000, 1), nullptr);
  const ScoreCalibration& calibration = outcome.report.metadata.calibration;
  EXPECT_EQ(calibration.events(), 400);
  EXPECT_TRUE(std::isnan(outcome.report.metadata.validation.auc));
  const std::vector<double> fresh =
      *outcome.detector->Score(testing::SyntheticDarkMachinesRows(5000, 77));
  for (double keep : {0.2, 0.05, 0.01}) {
    const double cut = *outcome.detector->CutForKeptFraction(keep);
    const double kept =
        std::count_if(fresh.begin(), fresh.end(), [cut](double s) { return s > cut; }) / 5000.0;
    // The cut rests on 400 held-out events: binomial spread sqrt(keep (1 - keep) / 400).
    EXPECT_NEAR(kept, keep, 3 * std::sqrt(keep * (1 - keep) / 400) + 0.005) << keep;
    EXPECT_NEAR(outcome.detector->ReferenceTailFraction(cut), keep, 1e-9);
  }
  EXPECT_THAT(outcome.detector->CutForKeptFraction(0.001).status().message(),
              HasSubstr("400 held-out reference events"));
}

TEST(DetectorTrainingTest, SeededTrainingsRepeatExactly) {
  const FeatureMatrix reference = testing::SyntheticDarkMachinesRows(1000, 1);
  const FeatureMatrix signal = testing::SyntheticDarkMachinesRows(500, 2, 1.5);
  const Outcome a = Train(Fast(DetectorKind::kVaeClassifier), reference, &signal);
  const Outcome b = Train(Fast(DetectorKind::kVaeClassifier), reference, &signal);
  EXPECT_EQ(a.report.metadata.calibration.scores(), b.report.metadata.calibration.scores());
  EXPECT_EQ(a.report.metadata.validation.auc, b.report.metadata.validation.auc);
  const FeatureMatrix fresh = testing::SyntheticDarkMachinesRows(100, 9);
  EXPECT_EQ(*a.detector->Score(fresh), *b.detector->Score(fresh));
  DetectorTrainingOptions other = Fast(DetectorKind::kVaeClassifier);
  other.trainer.seed = 4;
  const Outcome c = Train(other, reference, &signal);
  EXPECT_NE(a.report.metadata.calibration.scores(), c.report.metadata.calibration.scores());
}

TEST(DetectorTrainingTest, RmmRowsAreUsedAsTheyAre) {
  const FeaturePreset rmm = *FeaturePreset::Get("rmm-2");
  const FeatureMatrix background =
      *ReadFeatures(testing::BundledDataDir() + "/background_chan1_7.79_reduced.csv.gz",
                    EventFormat::kDarkMachines, rmm);
  DetectorTrainingOptions options = Fast(DetectorKind::kAutoencoder);
  options.preset = "rmm-2";
  options.trainer.epochs = 5;
  const Outcome outcome = Train(options, background, nullptr);
  const DetectorMetadata& metadata = outcome.report.metadata;
  EXPECT_EQ(metadata.preset, "rmm-2");
  EXPECT_EQ(metadata.standardiser.mean(), std::vector<double>(121, 0.0));
  EXPECT_EQ(metadata.standardiser.scale(), std::vector<double>(121, 1.0));
  EXPECT_EQ(metadata.reference_events, background.rows());
  EXPECT_EQ(outcome.detector->preset().name(), "rmm-2");
}

TEST(DetectorTrainingTest, RefusesBadInputsNamingThem) {
  const std::string path = testing::ScratchDir() + "/refused.ckpt";
  const FeatureMatrix reference = testing::SyntheticDarkMachinesRows(100, 1);
  const auto refusal = [&](const FeatureMatrix& ref, const FeatureMatrix* signal,
                           const DetectorTrainingOptions& options) {
    return std::string(TrainDetectorToFile(ref, signal, options, path).status().message());
  };
  EXPECT_THAT(refusal(reference, nullptr, Fast(DetectorKind::kClassifier)),
              HasSubstr("a classifier detector needs a signal sample"));
  DetectorTrainingOptions gluino = Fast(DetectorKind::kAutoencoder);
  gluino.preset = "gluino";
  EXPECT_THAT(refusal(reference, nullptr, gluino),
              HasSubstr("reference: its 17 columns are not the 23 of preset 'gluino' (column 0 is "
                        "'jet1_e', expected 'jet1_pt')"));
  EXPECT_THAT(refusal(reference.Rows(0, 9), nullptr, Fast(DetectorKind::kVae)),
              HasSubstr("reference has 9 events: too few for 2 training and 2 held-out events"));
  const FeatureMatrix signal = testing::SyntheticDarkMachinesRows(50, 2);
  DetectorTrainingOptions outside = Fast(DetectorKind::kVaeClassifier);
  outside.significance_keep = 1.5;
  EXPECT_THAT(refusal(reference, &signal, outside),
              HasSubstr("significance_keep = 1.5 must be in (0, 1]"));
  DetectorTrainingOptions no_epochs = Fast(DetectorKind::kVae);
  no_epochs.trainer.epochs = 0;
  EXPECT_THAT(refusal(reference, nullptr, no_epochs), HasSubstr("epochs = 0 must be >= 1"));
  FeatureMatrix nan = signal;
  nan.row(3)[2] = std::nanf("");
  EXPECT_THAT(refusal(reference, &nan, Fast(DetectorKind::kClassifier)),
              HasSubstr("signal row 3 column 'jet1_eta' = nan is not finite"));
  EXPECT_FALSE(std::filesystem::exists(path));
}

}  // namespace
}  // namespace latentspace
