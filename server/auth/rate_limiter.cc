// Token-bucket request rates per caller.
#include "server/auth/rate_limiter.h"

#include <algorithm>
#include <chrono>
#include <limits>

#include "absl/strings/str_format.h"

namespace latentspace::server {
double RateLimiter::SteadySeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

RateLimiter::RateLimiter(double per_second, double burst, Clock clock)
    : per_second_(per_second),
      burst_(burst >= 1 ? burst : std::max(1.0, per_second)),
      clock_(std::move(clock)),
      last_clean_up_(-std::numeric_limits<double>::infinity()) {}

absl::Status RateLimiter::Admit(absl::string_view key) {
  if (!enabled()) return absl::OkStatus();
  const double now = clock_();
  absl::MutexLock lock(&mutex_);
  if (buckets_.size() >= kCleanUpAbove && now - last_clean_up_ >= burst_ / per_second_) {
    DropFullBuckets(now);
    last_clean_up_ = now;
  }
  auto [it, added] = buckets_.try_emplace(key, Bucket{burst_, now});
  Bucket& bucket = it->second;
  bucket.tokens = std::min(burst_, bucket.tokens + (now - bucket.updated) * per_second_);
  bucket.updated = now;
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return absl::OkStatus();
  }
  const double wait = (1 - bucket.tokens) / per_second_;
  return absl::ResourceExhaustedError(absl::StrFormat(
      "%s exceeds the server's rate of %g requests/s (burst %g, --rate-limit): retry in %.3f s",
      key, per_second_, burst_, wait));
}

size_t RateLimiter::tracked_callers() const {
  absl::MutexLock lock(&mutex_);
  return buckets_.size();
}

void RateLimiter::DropFullBuckets(double now) {
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    const Bucket& bucket = it->second;
    if (bucket.tokens + (now - bucket.updated) * per_second_ >= burst_) {
      buckets_.erase(it++);
    } else {
      ++it;
    }
  }
}

}  // namespace latentspace::server
