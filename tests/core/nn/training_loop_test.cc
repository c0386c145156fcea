// Tests of the shared training-loop pieces: the cosine schedule's values, setting the rate of
// every parameter group, parameter snapshots that restore exactly, the cancellation check and
// the epoch clock's pacing.
#include "core/nn/training_loop.h"

#include <cmath>

#include "gtest/gtest.h"

namespace latentspace {
namespace {

TEST(TrainingLoopTest, CosineScheduleRunsFromTheRateToItsFinalFraction) {
  EXPECT_DOUBLE_EQ(CosineLearningRate(1e-3, 0.01, 101, 0), 1e-3);
  EXPECT_DOUBLE_EQ(CosineLearningRate(1e-3, 0.01, 101, 100), 1e-5);
  // Half way: f + (1 - f) / 2 of the rate.
  EXPECT_DOUBLE_EQ(CosineLearningRate(1e-3, 0.01, 101, 50), 1e-3 * (0.01 + 0.99 * 0.5));
  EXPECT_DOUBLE_EQ(CosineLearningRate(2.0, 1.0, 10, 7), 2.0);
  EXPECT_DOUBLE_EQ(CosineLearningRate(2.0, 0.5, 1, 0), 2.0);
}

TEST(TrainingLoopTest, SnapshotsRestoreTheParametersAndRatesAreSet) {
  torch::manual_seed(1);
  torch::nn::Linear model(3, 2);
  const std::vector<torch::Tensor> snapshot = SnapshotParameters(*model);
  const torch::Tensor weight = model->weight.detach().clone();
  {
    torch::NoGradGuard no_grad;
    model->weight.add_(1.0);
  }
  EXPECT_FALSE(torch::equal(model->weight, weight));
  RestoreParameters(*model, snapshot);
  EXPECT_TRUE(torch::equal(model->weight, weight));
  torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(0.1));
  SetLearningRate(optimizer, 0.025);
  EXPECT_EQ(optimizer.param_groups()[0].options().get_lr(), 0.025);
}

TEST(TrainingLoopTest, CancellationIsReportedWithItsEpochAndStep) {
  EXPECT_TRUE(CheckCancelled(nullptr, 3, 4).ok());
  CancellationToken cancel;
  EXPECT_TRUE(CheckCancelled(&cancel, 3, 4).ok());
  cancel.Cancel();
  const absl::Status status = CheckCancelled(&cancel, 3, 4);
  EXPECT_EQ(status.code(), absl::StatusCode::kCancelled);
  EXPECT_EQ(status.message(), "training cancelled at epoch 4, step 5");
}

TEST(TrainingLoopTest, EpochClockPacesReports) {
  EpochClock slow(3600);
  EXPECT_FALSE(slow.ReportDue(false));  // an hour has not passed
  EXPECT_TRUE(slow.ReportDue(true));    // the last step always reports
  EpochClock eager(0);
  EXPECT_TRUE(eager.ReportDue(false));
  const double first = eager.Seconds();
  EXPECT_GE(first, 0);
  EXPECT_GE(eager.Seconds(), first);
}

}  // namespace
}  // namespace latentspace
