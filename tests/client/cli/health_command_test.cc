// Tests of `latentctl health`: SERVING from a live server, exit 3 naming an unreachable one.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/client/fake_latentd.h"
#include "tests/client/latentctl_runner.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;
using testing::RunLatentctl;
using testing::ServerFlag;

TEST(HealthCommandTest, PrintsServing) {
  testing::FakeLatentd server;
  ASSERT_TRUE(server.Start());
  testing::LatentctlResult result = RunLatentctl(ServerFlag(server.address()) + "health");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "SERVING\n");
  result = RunLatentctl("health --json " + ServerFlag(server.address()));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.json(), nlohmann::json({{"status", "SERVING"}}));
}

TEST(HealthCommandTest, UnreachableServerExitsThreeNamingIt) {
  const testing::LatentctlResult result = RunLatentctl("--server 127.0.0.1:1 health");
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_THAT(result.err, HasSubstr("cannot reach latentd at 127.0.0.1:1"));
  EXPECT_THAT(result.err, HasSubstr("(UNAVAILABLE)"));
  EXPECT_EQ(result.out, "");
}

}  // namespace
}  // namespace latentspace
