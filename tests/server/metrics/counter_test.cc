// Tests server/metrics/counter.h: increments, ignored negative/NaN amounts, exact concurrent sums.
#include "server/metrics/counter.h"

#include <cmath>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace latentspace::metrics {
namespace {

TEST(MetricsCounterTest, StartsAtZeroAndIncrements) {
  Counter counter;
  EXPECT_EQ(counter.Value(), 0.0);
  counter.Increment();
  counter.Increment(2.5);
  EXPECT_EQ(counter.Value(), 3.5);
}

TEST(MetricsCounterTest, IgnoresNegativeAndNaNAmounts) {
  Counter counter;
  counter.Increment(2);
  counter.Increment(-1);
  counter.Increment(std::nan(""));
  EXPECT_EQ(counter.Value(), 2.0);
  counter.Increment(0);
  EXPECT_EQ(counter.Value(), 2.0);
}

TEST(MetricsCounterTest, AdvanceToNeverGoesDown) {
  Counter counter;
  counter.AdvanceTo(10);
  EXPECT_EQ(counter.Value(), 10.0);
  counter.AdvanceTo(7);
  EXPECT_EQ(counter.Value(), 10.0);
  counter.AdvanceTo(std::nan(""));
  EXPECT_EQ(counter.Value(), 10.0);
  counter.AdvanceTo(12.5);
  EXPECT_EQ(counter.Value(), 12.5);
}

TEST(MetricsCounterTest, ConcurrentIncrementsSumExactly) {
  Counter counter;
  constexpr int kThreads = 8;
  constexpr int kIncrementsPerThread = 200000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&counter] {
      for (int i = 0; i < kIncrementsPerThread; ++i) counter.Increment();
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(counter.Value(), static_cast<double>(kThreads) * kIncrementsPerThread);
}

}  // namespace
}  // namespace latentspace::metrics
