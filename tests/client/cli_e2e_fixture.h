// A real latentd for latentctl's end-to-end tests (tests/e2e/cli_*_test.cc): starts it on a
// fresh data directory (tests/testing/latentd_process.h), runs latentctl against it, and names
// the bundled Dark Machines samples the tests upload. Needs the latentd and latentctl of this
// build.
#ifndef LATENTSPACE_TESTS_CLIENT_CLI_E2E_FIXTURE_H_
#define LATENTSPACE_TESTS_CLIENT_CLI_E2E_FIXTURE_H_

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/client/latentctl_runner.h"
#include "tests/testing/build_paths.h"
#include "tests/testing/latentd_process.h"
#include "tests/testing/paths.h"

namespace latentspace::testing {

// A bundled sample as the tests upload it (names and parameters as in
// data/darkmachines/samples.json).
struct CliSample {
  std::string name;
  std::string file;    // under data/darkmachines
  std::string params;  // --param flags
  int64_t events;      // lines in the file
};

inline const CliSample& ZprimeSample() {
  static const CliSample sample{"zprime_monojet_2000_50", "monojet_Zp2000.0_DM_50.0_chan1.csv.gz",
                                "--param mzprime=2000 --param mdm=50", 791};
  return sample;
}

inline const CliSample& SquarkSample() {
  static const CliSample sample{"squark_1800_800", "sqsq_sq1800_neut800_chan1.csv.gz",
                                "--param msquark=1800 --param mneutralino=800", 1975};
  return sample;
}

// The Standard Model background: no theory parameters.
inline const CliSample& BackgroundSample() {
  static const CliSample sample{"background", "background_chan1_7.79_reduced.csv.gz", "", 700};
  return sample;
}

inline std::string BundledPath(const CliSample& sample) {
  return BundledDataDir() + "/" + sample.file;
}

class CliServer {
 public:
  // Starts latentd on `data_dir` (created fresh); false, with the log in a test failure, when it
  // does not come up.
  bool Start(const std::string& data_dir, std::vector<std::string> extra_args = {}) {
    std::filesystem::remove_all(data_dir);
    process_ = std::make_unique<LatentdProcess>(data_dir, std::move(extra_args));
    if (process_->Start()) return true;
    ADD_FAILURE() << "latentd did not start; its log:\n" << process_->log();
    return false;
  }
  // A data directory for a whole test suite (no test is running in SetUpTestSuite).
  static std::string SuiteDataDir(const std::string& suite) {
    return absl::StrCat(::testing::TempDir(), "/latentspace/", suite, "_", getpid());
  }

  LatentdProcess& process() { return *process_; }
  const std::string& address() const { return process_->address(); }

  // latentctl --server <latentd> <arguments>.
  LatentctlResult Run(const std::string& arguments) const {
    return RunLatentctl(absl::StrCat("--server ", process_->address(), " ", arguments));
  }
  // Runs with --json, expects exit 0 and returns stdout as JSON.
  nlohmann::json Json(const std::string& arguments) const {
    const LatentctlResult result = Run(arguments + " --json");
    EXPECT_EQ(result.exit_code, 0) << "latentctl " << arguments << "\n" << result.err;
    nlohmann::json json = result.json();
    EXPECT_FALSE(json.is_discarded()) << "latentctl " << arguments << ": not JSON:\n" << result.out;
    return json;
  }

  // Uploads a bundled sample under its own name; the stored sample as JSON.
  nlohmann::json Upload(const CliSample& sample, const std::string& extra = "") const {
    return Json(absl::StrCat("samples upload ", BundledPath(sample), " --name ", sample.name, " ",
                             sample.params, " ", extra));
  }

  std::string log() const { return process_ == nullptr ? "" : process_->log(); }

 private:
  std::unique_ptr<LatentdProcess> process_;
};

// Polls `done` every 100 ms for up to `timeout`; its last value.
inline bool Eventually(const std::function<bool()>& done,
                       std::chrono::seconds timeout = std::chrono::seconds(60)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return true;
}

// "2024-05-01T12:00:00.000Z"-shaped.
inline bool IsIsoUtc(const nlohmann::json& value) {
  if (!value.is_string()) return false;
  const std::string text = value.get<std::string>();
  return text.size() == 24 && text[4] == '-' && text[10] == 'T' && text[19] == '.' &&
         text.back() == 'Z';
}

}  // namespace latentspace::testing

#endif  // LATENTSPACE_TESTS_CLIENT_CLI_E2E_FIXTURE_H_
