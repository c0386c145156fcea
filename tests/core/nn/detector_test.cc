// Tests of a loaded detector: loading errors, raw-row checks naming the row and column, scores
// per row identical across threads, and the calibration's cuts.
#include "core/nn/detector.h"

#include <thread>

#include "core/nn/detector_training.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/core/nn/synthetic_detector_data.h"
#include "tests/testing/paths.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;

class DetectorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    path_ = new std::string(::testing::TempDir() + "/detector_test.ckpt");
    DetectorTrainingOptions options;
    options.kind = DetectorKind::kVae;
    options.architecture.hidden_widths = {16};
    options.trainer.epochs = 10;
    options.trainer.device = DeviceChoice::kCpu;
    options.trainer.threads = 1;
    ASSERT_TRUE(
        TrainDetectorToFile(testing::SyntheticDarkMachinesRows(500, 1), nullptr, options, *path_)
            .ok());
  }
  static void TearDownTestSuite() { delete path_; }

  static std::unique_ptr<Detector> Load() {
    absl::StatusOr<std::unique_ptr<Detector>> detector = Detector::Load(*path_, DeviceChoice::kCpu);
    EXPECT_TRUE(detector.ok()) << detector.status();
    return *std::move(detector);
  }

  static std::string* path_;
};

std::string* DetectorTest::path_ = nullptr;

TEST_F(DetectorTest, LoadsOntoTheCpuWithItsMetadata) {
  const std::unique_ptr<Detector> detector = Load();
  EXPECT_EQ(detector->device(), "cpu");
  EXPECT_EQ(detector->metadata().kind, DetectorKind::kVae);
  EXPECT_EQ(detector->preset().name(), "darkmachines");
  // Encoder 17-16-8 (mean and log-variance of 4), decoder 4-16-17, float32.
  EXPECT_EQ(detector->parameter_bytes(),
            4 * ((17 * 16 + 16) + (16 * 8 + 8) + (4 * 16 + 16) + (16 * 17 + 17)));
  EXPECT_EQ(Detector::Load(*path_ + ".missing", DeviceChoice::kCpu).status().code(),
            absl::StatusCode::kNotFound);
  // Without a GPU a request for CUDA is refused; with one the detector moves there.
  absl::StatusOr<std::unique_ptr<Detector>> cuda = Detector::Load(*path_, DeviceChoice::kCuda);
  if (cuda.ok()) {
    EXPECT_EQ((*cuda)->device().substr(0, 4), "cuda");
  } else {
    EXPECT_EQ(cuda.status().code(), absl::StatusCode::kFailedPrecondition);
  }
}

TEST_F(DetectorTest, ScoresEveryRowTheSameFromAnyThread) {
  const std::unique_ptr<Detector> detector = Load();
  const FeatureMatrix rows = testing::SyntheticDarkMachinesRows(300, 8);
  const std::vector<double> scores = *detector->Score(rows);
  ASSERT_EQ(scores.size(), 300u);
  std::vector<double> a, b;
  std::thread first([&] { a = *detector->Score(rows); });
  std::thread second([&] { b = *detector->Score(rows); });
  first.join();
  second.join();
  EXPECT_EQ(a, scores);
  EXPECT_EQ(b, scores);
  const std::vector<double> one = *detector->Score(rows.Rows(5, 6));
  EXPECT_EQ(one[0], scores[5]);
  EXPECT_TRUE(detector->Score(rows.Rows(0, 0))->empty());
}

TEST_F(DetectorTest, RefusesBadRowsNamingRowAndColumn) {
  const std::unique_ptr<Detector> detector = Load();
  FeatureMatrix rows = testing::SyntheticDarkMachinesRows(4, 8);
  rows.row(2)[16] = std::nanf("");
  EXPECT_THAT(detector->Score(rows).status().message(),
              HasSubstr("feature row 2 column 'met' = nan is not finite"));
  rows.row(2)[16] = 1e12f;
  EXPECT_THAT(detector->Score(rows).status().message(),
              HasSubstr("feature row 2 column 'met' lies"));
  FeatureMatrix other{{"met"}, {1.0f}};
  EXPECT_FALSE(detector->Score(other).ok());
}

TEST_F(DetectorTest, CutsComeFromTheCalibration) {
  const std::unique_ptr<Detector> detector = Load();
  const ScoreCalibration& calibration = detector->metadata().calibration;
  EXPECT_EQ(calibration.events(), 100);
  EXPECT_EQ(*detector->CutForKeptFraction(0.1), *calibration.CutForKeptFraction(0.1));
  EXPECT_DOUBLE_EQ(detector->ReferenceTailFraction(*detector->CutForKeptFraction(0.1)), 0.1);
  EXPECT_DOUBLE_EQ(detector->ReferenceTailFraction(calibration.scores().front()), 1.0);
  EXPECT_FALSE(detector->CutForKeptFraction(0.001).ok());
}

}  // namespace
}  // namespace latentspace
