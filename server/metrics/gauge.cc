// Gauge: lock-free set/add/subtract.
#include "server/metrics/gauge.h"

#include <chrono>

#include "server/metrics/atomic_double.h"

namespace latentspace::metrics {

void Gauge::Increment(double amount) { internal::AtomicAdd(value_, amount); }

void Gauge::Decrement(double amount) { internal::AtomicAdd(value_, -amount); }

void Gauge::SetToCurrentTime() {
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  Set(std::chrono::duration<double>(since_epoch).count());
}

}  // namespace latentspace::metrics
