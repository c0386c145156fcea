// Per-caller request rates: a token bucket for each key (a token's name, or an anonymous caller's
// address) refilled at `per_second` up to `burst` requests. Thread-safe.
#ifndef LATENTSPACE_SERVER_AUTH_RATE_LIMITER_H_
#define LATENTSPACE_SERVER_AUTH_RATE_LIMITER_H_

#include <functional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace latentspace::server {

class RateLimiter {
 public:
  // Seconds on a monotonic clock (injected by tests).
  using Clock = std::function<double()>;
  static double SteadySeconds();

  // Past this many callers, those idle long enough for their bucket to be full again are
  // forgotten, at most once per refill time (burst / per_second) so clean-ups stay cheap.
  static constexpr size_t kCleanUpAbove = 4096;

  // `per_second` 0: no limit. `burst` < 1 reads as max(1, per_second).
  explicit RateLimiter(double per_second, double burst = 0, Clock clock = SteadySeconds);

  // Takes one request from `key`'s bucket: OK, or RESOURCE_EXHAUSTED naming `key`, the rate and
  // how long until the next request would be admitted.
  absl::Status Admit(absl::string_view key);

  bool enabled() const { return per_second_ > 0; }
  // Callers with a bucket now: those whose bucket was not full at the last clean-up.
  size_t tracked_callers() const;

 private:
  struct Bucket {
    double tokens = 0;
    double updated = 0;  // clock reading at the last refill
  };
  // Drops the buckets that are full again (idle callers), so the map stays bounded.
  void DropFullBuckets(double now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  const double per_second_;
  const double burst_;
  const Clock clock_;
  mutable absl::Mutex mutex_;
  absl::flat_hash_map<std::string, Bucket> buckets_ ABSL_GUARDED_BY(mutex_);
  double last_clean_up_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_AUTH_RATE_LIMITER_H_
