// Tests of client/cli/command_context: error messages and exit codes, JSON printing.
#include "client/cli/command_context.h"

#include <cmath>
#include <sstream>

#include "client/cli/exit_codes.h"
#include "client/sdk/status.h"
#include "gtest/gtest.h"

namespace latentspace::cli {
namespace {

struct Streams {
  GlobalOptions global;
  std::ostringstream out;
  std::ostringstream err;
  CommandContext context() { return CommandContext{global, out, err, "samples show"}; }
};

TEST(CliCommandContextTest, ServerErrorsExitOneWithTheCodeName) {
  Streams s;
  EXPECT_EQ(s.context().ServerError(absl::NotFoundError("sample 'zp' not found")), kExitError);
  EXPECT_EQ(s.err.str(), "error: sample 'zp' not found (NOT_FOUND)\n");
}

TEST(CliCommandContextTest, UnreachableExitsThreeNamingTheServer) {
  Streams s;
  s.global.server = "10.0.0.1:50051";
  EXPECT_EQ(s.context().ServerError(absl::UnavailableError("connection refused")),
            kExitUnreachable);
  EXPECT_EQ(s.err.str(),
            "error: cannot reach latentd at 10.0.0.1:50051: connection refused (UNAVAILABLE)\n");
  s.err.str("");
  EXPECT_EQ(s.context().ServerError(MarkUnreachable(absl::DeadlineExceededError("timeout"))),
            kExitUnreachable);
  EXPECT_EQ(s.context().ServerError(absl::DeadlineExceededError("slow")), kExitError);
}

TEST(CliCommandContextTest, LocalAndUsageErrors) {
  Streams s;
  EXPECT_EQ(s.context().LocalError("bad.csv:3: field 2"), kExitError);
  EXPECT_EQ(s.err.str(), "latentctl samples show: bad.csv:3: field 2\n");
  EXPECT_EQ(s.context().UsageError("--param 'x'"), kExitUsage);
}

TEST(CliCommandContextTest, PrintChoosesJsonOrText) {
  Streams s;
  const auto to_json = [](int v) {
    return nlohmann::ordered_json{{"v", v}, {"nan", std::nan("")}};
  };
  const auto to_text = [](int v, std::ostream& out) { out << "v=" << v << "\n"; };
  EXPECT_EQ(s.context().Print(absl::StatusOr<int>(7), to_json, to_text), 0);
  EXPECT_EQ(s.out.str(), "v=7\n");
  s.global.json = true;
  s.out.str("");
  EXPECT_EQ(s.context().Print(absl::StatusOr<int>(7), to_json, to_text), 0);
  EXPECT_EQ(s.out.str(), "{\n  \"v\": 7,\n  \"nan\": null\n}\n");
  EXPECT_EQ(s.context().Print(absl::StatusOr<int>(absl::InternalError("x")), to_json, to_text),
            kExitError);
}

TEST(CliCommandContextTest, ConnectRejectsAnUnreadableCaFile) {
  Streams s;
  s.global.tls_ca = "/nonexistent/ca.pem";
  int exit_code = 0;
  EXPECT_FALSE(s.context().Connect(&exit_code).ok());
  EXPECT_EQ(exit_code, kExitError);
  EXPECT_NE(s.err.str().find("/nonexistent/ca.pem"), std::string::npos);
}

}  // namespace
}  // namespace latentspace::cli
