// Lock-free addition on std::atomic<double> (C++17 has no fetch_add for floating point), shared by
// Counter, Gauge and Histogram. Internal to server/metrics.
#ifndef LATENTSPACE_SERVER_METRICS_ATOMIC_DOUBLE_H_
#define LATENTSPACE_SERVER_METRICS_ATOMIC_DOUBLE_H_

#include <atomic>

namespace latentspace::metrics::internal {

inline void AtomicAdd(std::atomic<double>& target, double amount) {
  double current = target.load(std::memory_order_relaxed);
  while (!target.compare_exchange_weak(current, current + amount, std::memory_order_relaxed)) {
  }
}

}  // namespace latentspace::metrics::internal

#endif  // LATENTSPACE_SERVER_METRICS_ATOMIC_DOUBLE_H_
