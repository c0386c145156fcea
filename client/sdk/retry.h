// Retrying idempotent calls that failed with UNAVAILABLE, with exponential backoff.
#ifndef LATENTSPACE_CLIENT_SDK_RETRY_H_
#define LATENTSPACE_CLIENT_SDK_RETRY_H_

#include <type_traits>

#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace latentspace {

struct RetryPolicy {
  int max_retries = 3;  // attempts after the first; 0: none
  absl::Duration initial_backoff = absl::Milliseconds(200);
  absl::Duration max_backoff = absl::Seconds(5);
};

// The pause before retry number `retry` (0-based): initial_backoff * 2^retry, at most max_backoff.
absl::Duration BackoffDelay(const RetryPolicy& policy, int retry);

// True when a call that failed with `status` should be tried again.
inline bool IsRetryable(const absl::Status& status) { return absl::IsUnavailable(status); }

// Calls `attempt` (returning absl::Status or absl::StatusOr<T>) until it succeeds, fails with
// anything but UNAVAILABLE, or has been retried policy.max_retries times; returns the last result.
template <typename Attempt>
auto CallWithRetry(const RetryPolicy& policy, const Attempt& attempt) -> decltype(attempt()) {
  for (int retry = 0;; ++retry) {
    auto result = attempt();
    if (retry >= policy.max_retries) return result;
    if constexpr (std::is_same_v<decltype(result), absl::Status>) {
      if (!IsRetryable(result)) return result;
    } else {
      if (!IsRetryable(result.status())) return result;
    }
    absl::SleepFor(BackoffDelay(policy, retry));
  }
}

}  // namespace latentspace

#endif  // LATENTSPACE_CLIENT_SDK_RETRY_H_
