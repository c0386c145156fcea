// Tests of latentctl's command line as a whole: usage errors exit 2, global options anywhere on
// the line and from the environment, help exits 0.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/client/fake_latentd.h"
#include "tests/client/latentctl_runner.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;
using testing::LatentctlResult;
using testing::RunLatentctl;

TEST(LatentctlMainTest, UsageErrorsExitTwo) {
  for (const char* line : {"",
                           "frobnicate",
                           "samples",
                           "samples upload",
                           "samples upload f.csv",
                           "samples show",
                           "samples delete",
                           "train",
                           "train --encoder e",
                           "jobs",
                           "jobs get",
                           "jobs watch",
                           "encoders",
                           "encoders show",
                           "embed f.csv",
                           "nearest f.csv",
                           "health extra",
                           "--timeout -1 health",
                           "--timeout x health",
                           "health --server"}) {
    const LatentctlResult result = RunLatentctl(line);
    EXPECT_EQ(result.exit_code, 2) << "latentctl " << line << "\n" << result.err;
  }
}

TEST(LatentctlMainTest, HelpExitsZero) {
  for (const char* line : {"--help", "samples --help", "samples upload --help", "train --help"}) {
    const LatentctlResult result = RunLatentctl(line);
    EXPECT_EQ(result.exit_code, 0) << line;
    EXPECT_THAT(result.out, HasSubstr("Usage")) << line;
  }
}

TEST(LatentctlMainTest, GlobalOptionsAnywhereAndFromTheEnvironment) {
  EXPECT_EQ(RunLatentctl("--server 127.0.0.1:1 health").exit_code, 3);
  EXPECT_EQ(RunLatentctl("health --server 127.0.0.1:1 --timeout 5").exit_code, 3);
  EXPECT_EQ(RunLatentctl("samples list --server 127.0.0.1:1 --json").exit_code, 3);
  const LatentctlResult result = RunLatentctl("jobs list", "LATENT_SERVER=127.0.0.1:1");
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_THAT(result.err, HasSubstr("127.0.0.1:1"));
}

TEST(LatentctlMainTest, TokenFromFlagOrEnvironment) {
  testing::FakeLatentd server;
  std::string authorization;
  server.list_samples = [&authorization](grpc::ServerContext* context, const auto&, auto*) {
    const auto found = context->client_metadata().find("authorization");
    authorization = found == context->client_metadata().end()
                        ? ""
                        : std::string(found->second.data(), found->second.size());
    return grpc::Status::OK;
  };
  ASSERT_TRUE(server.Start());
  EXPECT_EQ(RunLatentctl("samples list --token abc", "LATENT_SERVER=" + server.address()).exit_code,
            0);
  EXPECT_EQ(authorization, "Bearer abc");
  EXPECT_EQ(RunLatentctl("samples list --server " + server.address(), "LATENT_TOKEN=xyz").exit_code,
            0);
  EXPECT_EQ(authorization, "Bearer xyz");
}

}  // namespace
}  // namespace latentspace
