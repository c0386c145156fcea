// Gauge: a value that goes up and down (queue length, jobs per state, memory). Updates are
// lock-free and safe from any number of threads.
#ifndef LATENTSPACE_SERVER_METRICS_GAUGE_H_
#define LATENTSPACE_SERVER_METRICS_GAUGE_H_

#include <atomic>

#include "absl/status/status.h"
#include "server/metrics/metric_snapshot.h"

namespace latentspace::metrics {

class Gauge {
 public:
  static constexpr MetricType kType = MetricType::kGauge;

  Gauge() = default;
  Gauge(const Gauge&) = delete;
  Gauge& operator=(const Gauge&) = delete;

  void Set(double value) { value_.store(value, std::memory_order_relaxed); }
  void Increment(double amount = 1.0);
  void Decrement(double amount = 1.0);
  // Sets the gauge to the current Unix time in seconds (with sub-second precision).
  void SetToCurrentTime();

  double Value() const { return value_.load(std::memory_order_relaxed); }

  // Used by Family<Gauge>: a gauge takes no construction arguments.
  static absl::Status ValidateArguments() { return absl::OkStatus(); }
  void Collect(MetricSnapshot* snapshot) const { snapshot->value = Value(); }

 private:
  std::atomic<double> value_{0.0};
};

}  // namespace latentspace::metrics

#endif  // LATENTSPACE_SERVER_METRICS_GAUGE_H_
