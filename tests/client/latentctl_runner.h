// Runs the latentctl binary of this build for tests, capturing its exit code, standard output
// and standard error apart, so that JSON on stdout parses cleanly.
#ifndef LATENTSPACE_TESTS_CLIENT_LATENTCTL_RUNNER_H_
#define LATENTSPACE_TESTS_CLIENT_LATENTCTL_RUNNER_H_

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/testing/build_paths.h"
#include "tests/testing/paths.h"
#include "tests/testing/run_command.h"

namespace latentspace::testing {

struct LatentctlResult {
  int exit_code = -1;
  std::string out;
  std::string err;
  // stdout as JSON (discarded when it does not parse).
  nlohmann::json json() const { return nlohmann::json::parse(out, nullptr, false); }
};

// Runs `latentctl <arguments>` through the shell (so `arguments` may quote and redirect stdin);
// `environment` is prepended, e.g. "LATENT_SERVER=127.0.0.1:1".
inline LatentctlResult RunLatentctl(const std::string& arguments,
                                    const std::string& environment = "") {
  static std::atomic<int> counter{0};
  const std::string err_path =
      absl::StrCat(::testing::TempDir(), "/latentctl_stderr_", getpid(), "_", ++counter);
  // Unset inherited settings so that only the test's own apply.
  const CommandResult result = RunCommand(absl::StrCat(
      "env -u LATENT_SERVER -u LATENT_TOKEN -u LATENT_TLS_CA -u LATENT_TLS_CERT -u LATENT_TLS_KEY ",
      environment, " ", testing::LatentctlPath(), " ", arguments, " 2>", err_path, " </dev/null"));
  LatentctlResult run{result.exit_code, result.output, ReadFile(err_path)};
  std::filesystem::remove(err_path);
  return run;
}

// "--server ADDRESS " for a test server.
inline std::string ServerFlag(const std::string& address) {
  return absl::StrCat("--server ", address, " ");
}

}  // namespace latentspace::testing

#endif  // LATENTSPACE_TESTS_CLIENT_LATENTCTL_RUNNER_H_
