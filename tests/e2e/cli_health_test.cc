// End to end: `latentctl health` against a real latentd says SERVING, and exits 3 naming the
// address once the server has stopped.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/client/cli_e2e_fixture.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;

TEST(CliHealthE2eTest, ServingThenUnreachable) {
  testing::CliServer server;
  ASSERT_TRUE(server.Start(testing::ScratchDir() + "/data"));
  testing::LatentctlResult result = server.Run("health");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "SERVING\n");
  EXPECT_EQ(server.Json("health"), nlohmann::json({{"status", "SERVING"}}));

  const std::string address = server.address();
  EXPECT_EQ(server.process().Terminate(), 0);
  result = testing::RunLatentctl("health --server " + address);
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_THAT(result.err, HasSubstr("cannot reach latentd at " + address));
}

}  // namespace
}  // namespace latentspace
