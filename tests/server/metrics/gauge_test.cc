// Tests server/metrics/gauge.h: set, increment, decrement, current time, concurrent updates.
#include "server/metrics/gauge.h"

#include <chrono>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace latentspace::metrics {
namespace {

TEST(MetricsGaugeTest, SetIncrementDecrement) {
  Gauge gauge;
  EXPECT_EQ(gauge.Value(), 0.0);
  gauge.Set(5);
  gauge.Increment();
  gauge.Increment(0.5);
  gauge.Decrement(3);
  gauge.Decrement();
  EXPECT_EQ(gauge.Value(), 2.5);
  gauge.Set(-4);
  EXPECT_EQ(gauge.Value(), -4.0);
}

TEST(MetricsGaugeTest, SetToCurrentTimeIsUnixSeconds) {
  Gauge gauge;
  const double before =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  gauge.SetToCurrentTime();
  const double after =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  EXPECT_GE(gauge.Value(), before);
  EXPECT_LE(gauge.Value(), after);
}

TEST(MetricsGaugeTest, ConcurrentIncrementsAndDecrementsBalance) {
  Gauge gauge;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&gauge] {
      for (int i = 0; i < 100000; ++i) gauge.Increment(2);
    });
    threads.emplace_back([&gauge] {
      for (int i = 0; i < 100000; ++i) gauge.Decrement();
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(gauge.Value(), 4.0 * 100000);
}

}  // namespace
}  // namespace latentspace::metrics
