// Tests of client/sdk/channel: bad targets and unreadable certificate files fail at creation.
#include "client/sdk/channel.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;

TEST(SdkChannelTest, EmptyTargetIsInvalid) {
  ClientOptions options;
  options.target = "";
  EXPECT_EQ(CreateChannel(options).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(SdkChannelTest, MissingRootCertificatesFileIsNamed) {
  ClientOptions options;
  options.tls = true;
  options.tls_root_certs_path = "/nonexistent/ca.pem";
  const absl::Status status = CreateChannel(options).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(status.message(), HasSubstr("/nonexistent/ca.pem"));
}

TEST(SdkChannelTest, PlainAndTlsChannelsAreCreatedWithoutConnecting) {
  ClientOptions options;
  options.target = "127.0.0.1:1";
  EXPECT_TRUE(CreateChannel(options).ok());
  options.tls = true;
  options.tls_server_name_override = "latentd.test";
  EXPECT_TRUE(CreateChannel(options).ok());
}

}  // namespace
}  // namespace latentspace
