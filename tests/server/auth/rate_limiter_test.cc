// Tests of per-caller request rates on a fake clock: the burst, the refill, separate callers and
// the message of a refusal.
#include "server/auth/rate_limiter.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace latentspace::server {
namespace {

using ::testing::HasSubstr;

class RateLimiterTest : public ::testing::Test {
 protected:
  RateLimiter::Clock Clock() {
    return [this] { return now_; };
  }
  double now_ = 1000;
};

TEST_F(RateLimiterTest, ABurstIsAdmittedThenRefusedUntilTheBucketRefills) {
  RateLimiter limiter(/*per_second=*/2, /*burst=*/3, Clock());
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Admit("token 'alice'").ok()) << i;
  const absl::Status refused = limiter.Admit("token 'alice'");
  EXPECT_EQ(refused.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(refused.message(),
              HasSubstr("token 'alice' exceeds the server's rate of 2 requests/s (burst 3"));
  EXPECT_THAT(refused.message(), HasSubstr("retry in 0.500 s"));
  now_ += 0.4;
  EXPECT_FALSE(limiter.Admit("token 'alice'").ok());
  now_ += 0.1;  // 0.5 s at 2/s: one request
  EXPECT_TRUE(limiter.Admit("token 'alice'").ok());
  EXPECT_FALSE(limiter.Admit("token 'alice'").ok());
  now_ += 100;  // refills to the burst, not beyond
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Admit("token 'alice'").ok()) << i;
  EXPECT_FALSE(limiter.Admit("token 'alice'").ok());
}

TEST_F(RateLimiterTest, CallersHaveBucketsOfTheirOwn) {
  RateLimiter limiter(1, 1, Clock());
  EXPECT_TRUE(limiter.Admit("token 'alice'").ok());
  EXPECT_FALSE(limiter.Admit("token 'alice'").ok());
  EXPECT_TRUE(limiter.Admit("token 'bob'").ok());
  EXPECT_TRUE(limiter.Admit("the anonymous caller at ipv4:10.0.0.7").ok());
}

TEST_F(RateLimiterTest, TheBurstDefaultsToTheRateAndZeroMeansNoLimit) {
  RateLimiter limiter(5, 0, Clock());
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(limiter.Admit("k").ok()) << i;
  EXPECT_FALSE(limiter.Admit("k").ok());
  RateLimiter slow(0.5, 0, Clock());
  EXPECT_TRUE(slow.Admit("k").ok());
  EXPECT_FALSE(slow.Admit("k").ok());
  RateLimiter off(0, 0, Clock());
  EXPECT_FALSE(off.enabled());
  for (int i = 0; i < 10000; ++i) ASSERT_TRUE(off.Admit("k").ok());
}

TEST_F(RateLimiterTest, IdleCallersAreForgottenAndBusyOnesKeepTheirDebt) {
  RateLimiter limiter(1, 1, Clock());
  const size_t callers = RateLimiter::kCleanUpAbove;
  for (size_t i = 0; i < callers; ++i) {
    ASSERT_TRUE(limiter.Admit("caller " + std::to_string(i)).ok());
  }
  EXPECT_EQ(limiter.tracked_callers(), callers) << "all of them are in debt";
  EXPECT_FALSE(limiter.Admit("caller 0").ok());
  EXPECT_EQ(limiter.tracked_callers(), callers) << "none was idle at the clean-up";
  now_ += 1;  // every bucket is full again: the next admission forgets them
  EXPECT_TRUE(limiter.Admit("busy").ok());
  EXPECT_EQ(limiter.tracked_callers(), 1u);
  EXPECT_FALSE(limiter.Admit("busy").ok());
  EXPECT_TRUE(limiter.Admit("caller 0").ok());
}

}  // namespace
}  // namespace latentspace::server
