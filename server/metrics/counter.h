// Counter: a monotonically increasing value (requests served, bytes written). Updates are lock-free
// and safe from any number of threads.
#ifndef LATENTSPACE_SERVER_METRICS_COUNTER_H_
#define LATENTSPACE_SERVER_METRICS_COUNTER_H_

#include <atomic>

#include "absl/status/status.h"
#include "server/metrics/metric_snapshot.h"

namespace latentspace::metrics {

class Counter {
 public:
  static constexpr MetricType kType = MetricType::kCounter;

  Counter() = default;
  Counter(const Counter&) = delete;
  Counter& operator=(const Counter&) = delete;

  // Adds `amount`. A negative or NaN amount is ignored: a counter never goes down.
  void Increment(double amount = 1.0);

  // For counters that mirror a total kept elsewhere (CPU seconds read from /proc): raises the value
  // to `total`; a smaller (or NaN) total is ignored, so the counter still never goes down.
  void AdvanceTo(double total);

  double Value() const { return value_.load(std::memory_order_relaxed); }

  // Used by Family<Counter>: a counter takes no construction arguments.
  static absl::Status ValidateArguments() { return absl::OkStatus(); }
  void Collect(MetricSnapshot* snapshot) const { snapshot->value = Value(); }

 private:
  std::atomic<double> value_{0.0};
};

}  // namespace latentspace::metrics

#endif  // LATENTSPACE_SERVER_METRICS_COUNTER_H_
