// Tests of client/sdk/status: gRPC codes and messages carried over unchanged, and which failures
// count as "the server could not be reached".
#include "client/sdk/status.h"

#include "gtest/gtest.h"

namespace latentspace {
namespace {

TEST(SdkStatusTest, KeepsCodeAndMessage) {
  EXPECT_TRUE(FromGrpcStatus(grpc::Status::OK).ok());
  const absl::Status status =
      FromGrpcStatus(grpc::Status(grpc::StatusCode::ALREADY_EXISTS, "sample 'a' exists"));
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(status.message(), "sample 'a' exists");
  for (int code = 1; code <= 16; ++code) {
    const absl::Status converted =
        FromGrpcStatus(grpc::Status(static_cast<grpc::StatusCode>(code), "m"));
    EXPECT_EQ(static_cast<int>(converted.code()), code);
  }
}

TEST(SdkStatusTest, UnavailableIsUnreachable) {
  EXPECT_TRUE(IsUnreachable(absl::UnavailableError("connection refused")));
  EXPECT_FALSE(IsUnreachable(absl::NotFoundError("no such sample")));
  EXPECT_FALSE(IsUnreachable(absl::OkStatus()));
}

TEST(SdkStatusTest, DeadlineIsUnreachableOnlyWhenMarked) {
  EXPECT_FALSE(IsUnreachable(absl::DeadlineExceededError("slow call")));
  const absl::Status marked = MarkUnreachable(absl::DeadlineExceededError("still connecting"));
  EXPECT_TRUE(IsUnreachable(marked));
  EXPECT_EQ(marked.message(), "still connecting");
  EXPECT_TRUE(MarkUnreachable(absl::OkStatus()).ok());
}

}  // namespace
}  // namespace latentspace
