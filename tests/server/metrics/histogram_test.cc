// Tests server/metrics/histogram.h: bucket choice (upper bounds inclusive), cumulative snapshots,
// NaN, boundary validation, bucket helpers, concurrent observations.
#include "server/metrics/histogram.h"

#include <cmath>
#include <limits>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace latentspace::metrics {
namespace {

using ::testing::ElementsAre;

TEST(MetricsHistogramTest, BucketsAreCumulativeAndUpperBoundsInclusive) {
  Histogram histogram({0.1, 1, 10});
  for (double value : {0.05, 0.1, 0.5, 1.0, 1.5, 10.0, 100.0, -3.0}) histogram.Observe(value);
  const HistogramSnapshot snapshot = histogram.Snapshot();
  EXPECT_THAT(snapshot.upper_bounds, ElementsAre(0.1, 1, 10));
  // le=0.1: 0.05, 0.1, -3; le=1: + 0.5, 1.0; le=10: + 1.5, 10; +Inf: + 100.
  EXPECT_THAT(snapshot.cumulative_counts, ElementsAre(3, 5, 7, 8));
  EXPECT_EQ(snapshot.count, 8u);
  EXPECT_DOUBLE_EQ(snapshot.sum, 0.05 + 0.1 + 0.5 + 1.0 + 1.5 + 10.0 + 100.0 - 3.0);
  for (size_t i = 1; i < snapshot.cumulative_counts.size(); ++i) {
    EXPECT_LE(snapshot.cumulative_counts[i - 1], snapshot.cumulative_counts[i]);
  }
}

TEST(MetricsHistogramTest, EmptyBoundariesMeanOneInfBucket) {
  Histogram histogram({});
  histogram.Observe(3);
  histogram.Observe(4);
  const HistogramSnapshot snapshot = histogram.Snapshot();
  EXPECT_TRUE(snapshot.upper_bounds.empty());
  EXPECT_THAT(snapshot.cumulative_counts, ElementsAre(2));
  EXPECT_EQ(snapshot.sum, 7.0);
}

TEST(MetricsHistogramTest, NaNGoesToInfBucketAndPoisonsSum) {
  Histogram histogram({1});
  histogram.Observe(std::nan(""));
  const HistogramSnapshot snapshot = histogram.Snapshot();
  EXPECT_THAT(snapshot.cumulative_counts, ElementsAre(0, 1));
  EXPECT_TRUE(std::isnan(snapshot.sum));
}

TEST(MetricsHistogramTest, TrailingInfBoundaryIsDropped) {
  const double inf = std::numeric_limits<double>::infinity();
  absl::StatusOr<Histogram::BucketBoundaries> normalized =
      Histogram::NormalizeBoundaries({1, 2, inf});
  ASSERT_TRUE(normalized.ok()) << normalized.status();
  EXPECT_THAT(*normalized, ElementsAre(1, 2));
  EXPECT_THAT(Histogram({1, 2, inf}).boundaries(), ElementsAre(1, 2));
}

TEST(MetricsHistogramTest, RejectsBadBoundaries) {
  const double inf = std::numeric_limits<double>::infinity();
  for (const Histogram::BucketBoundaries& bad : std::vector<Histogram::BucketBoundaries>{
           {1, 1}, {2, 1}, {1, std::nan("")}, {-inf, 1}, {1, inf, 2}}) {
    EXPECT_EQ(Histogram::NormalizeBoundaries(bad).status().code(),
              absl::StatusCode::kInvalidArgument);
  }
}

TEST(MetricsHistogramDeathTest, ConstructorAbortsOnBadBoundaries) {
  EXPECT_DEATH(Histogram({2, 1}), "strictly increasing");
}

TEST(MetricsHistogramTest, LinearAndExponentialBuckets) {
  EXPECT_THAT(LinearBuckets(1, 0.5, 4), ElementsAre(1, 1.5, 2, 2.5));
  EXPECT_THAT(ExponentialBuckets(0.001, 10, 4), ElementsAre(0.001, 0.01, 0.1, 1.0));
  EXPECT_TRUE(Histogram::NormalizeBoundaries(ExponentialBuckets(0.0005, 2, 20)).ok());
}

TEST(MetricsHistogramDeathTest, BucketHelpersAbortOnBadArguments) {
  EXPECT_DEATH(LinearBuckets(0, 0, 3), "LinearBuckets");
  EXPECT_DEATH(ExponentialBuckets(1, 1, 3), "ExponentialBuckets");
}

TEST(MetricsHistogramTest, ConcurrentObservationsCountExactly) {
  Histogram histogram({1, 2, 3});
  constexpr int kThreads = 6;
  constexpr int kObservations = 50000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&histogram, t] {
      for (int i = 0; i < kObservations; ++i) histogram.Observe(t % 4 + 0.5);  // 0.5 .. 3.5
    });
  }
  for (std::thread& thread : threads) thread.join();
  const HistogramSnapshot snapshot = histogram.Snapshot();
  // Threads 0,4 -> 0.5; 1,5 -> 1.5; 2 -> 2.5; 3 -> 3.5.
  EXPECT_THAT(snapshot.cumulative_counts, ElementsAre(2 * kObservations, 4 * kObservations,
                                                      5 * kObservations, 6 * kObservations));
  EXPECT_EQ(snapshot.sum, kObservations * (2 * 0.5 + 2 * 1.5 + 2.5 + 3.5));
}

}  // namespace
}  // namespace latentspace::metrics
