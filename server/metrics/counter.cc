// Counter: lock-free monotonic increments.
#include "server/metrics/counter.h"

#include "server/metrics/atomic_double.h"

namespace latentspace::metrics {

void Counter::Increment(double amount) {
  if (!(amount >= 0.0)) return;  // negative or NaN
  internal::AtomicAdd(value_, amount);
}

void Counter::AdvanceTo(double total) {
  double current = value_.load(std::memory_order_relaxed);
  while (total > current &&
         !value_.compare_exchange_weak(current, total, std::memory_order_relaxed)) {
  }
}

}  // namespace latentspace::metrics
