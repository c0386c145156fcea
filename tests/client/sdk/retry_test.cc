// Tests of client/sdk/retry: exponential backoff and retrying only UNAVAILABLE.
#include "client/sdk/retry.h"

#include "absl/status/statusor.h"
#include "gtest/gtest.h"

namespace latentspace {
namespace {

RetryPolicy FastPolicy(int max_retries) {
  return RetryPolicy{max_retries, absl::Microseconds(10), absl::Microseconds(100)};
}

TEST(SdkRetryTest, BackoffDoublesUpToTheMaximum) {
  const RetryPolicy policy{5, absl::Milliseconds(200), absl::Seconds(1)};
  EXPECT_EQ(BackoffDelay(policy, 0), absl::Milliseconds(200));
  EXPECT_EQ(BackoffDelay(policy, 1), absl::Milliseconds(400));
  EXPECT_EQ(BackoffDelay(policy, 2), absl::Milliseconds(800));
  EXPECT_EQ(BackoffDelay(policy, 3), absl::Seconds(1));
  EXPECT_EQ(BackoffDelay(policy, 100), absl::Seconds(1));
}

TEST(SdkRetryTest, RetriesUnavailableUntilSuccess) {
  int calls = 0;
  const absl::StatusOr<int> result = CallWithRetry(FastPolicy(3), [&]() -> absl::StatusOr<int> {
    if (++calls < 3) return absl::UnavailableError("down");
    return 42;
  });
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(*result, 42);
  EXPECT_EQ(calls, 3);
}

TEST(SdkRetryTest, GivesUpAfterMaxRetries) {
  int calls = 0;
  const absl::Status result = CallWithRetry(FastPolicy(2), [&] {
    ++calls;
    return absl::UnavailableError("down");
  });
  EXPECT_TRUE(absl::IsUnavailable(result));
  EXPECT_EQ(calls, 3);
}

TEST(SdkRetryTest, OtherErrorsAndZeroRetriesReturnAtOnce) {
  int calls = 0;
  absl::Status result = CallWithRetry(FastPolicy(3), [&] {
    ++calls;
    return absl::NotFoundError("gone");
  });
  EXPECT_TRUE(absl::IsNotFound(result));
  EXPECT_EQ(calls, 1);
  calls = 0;
  result = CallWithRetry(FastPolicy(0), [&] {
    ++calls;
    return absl::UnavailableError("down");
  });
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace latentspace
