// Exponential backoff of retried calls.
#include "client/sdk/retry.h"

#include <algorithm>

namespace latentspace {

absl::Duration BackoffDelay(const RetryPolicy& policy, int retry) {
  absl::Duration delay = policy.initial_backoff;
  for (int i = 0; i < retry && delay < policy.max_backoff; ++i) delay *= 2;
  return std::min(delay, policy.max_backoff);
}

}  // namespace latentspace
