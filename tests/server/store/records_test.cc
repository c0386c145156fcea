// Tests of job states: names, parsing, and the transition rules.
#include "server/store/records.h"

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace latentspace::store {
namespace {

using ::testing::HasSubstr;

TEST(StoreRecordsTest, JobStateNamesRoundTrip) {
  for (JobState state : kAllJobStates) {
    absl::StatusOr<JobState> parsed = ParseJobState(JobStateName(state));
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    EXPECT_EQ(*parsed, state);
  }
  EXPECT_EQ(JobStateName(JobState::kCancelled), "CANCELLED");
  const absl::Status bad = ParseJobState("running\n").status();
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad.message(), HasSubstr("\"running\\n\""));
}

TEST(StoreRecordsTest, TransitionsFollowTheLifeCycle) {
  using S = JobState;
  const std::pair<S, S> allowed[] = {{S::kQueued, S::kRunning},   {S::kQueued, S::kFailed},
                                     {S::kQueued, S::kCancelled}, {S::kRunning, S::kSucceeded},
                                     {S::kRunning, S::kFailed},   {S::kRunning, S::kCancelled}};
  for (S from : kAllJobStates) {
    for (S to : kAllJobStates) {
      bool expected = false;
      for (const auto& [a, b] : allowed) expected = expected || (a == from && b == to);
      const absl::Status status = CheckJobTransition("job-000007", from, to);
      EXPECT_EQ(status.ok(), expected) << JobStateName(from) << " -> " << JobStateName(to);
      if (!expected) {
        EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
        EXPECT_THAT(status.message(),
                    HasSubstr(absl::StrCat("job job-000007 cannot go from ", JobStateName(from),
                                           " to ", JobStateName(to))));
      }
    }
  }
  EXPECT_TRUE(IsTerminal(S::kSucceeded));
  EXPECT_FALSE(IsTerminal(S::kRunning));
}

}  // namespace
}  // namespace latentspace::store
