// Checks a full exposition (every metric type, labels needing escapes, special values, process
// metrics, build info) with Prometheus' own linter: `promtool check metrics` must report nothing.
// Skipped when promtool (Debian package "prometheus") is not installed.
#include <unistd.h>

#include <cmath>
#include <limits>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/metrics/build_info.h"
#include "server/metrics/process_metrics.h"
#include "server/metrics/registry.h"
#include "server/metrics/text_exposition.h"
#include "tests/testing/paths.h"
#include "tests/testing/run_command.h"

namespace latentspace::metrics {
namespace {

constexpr char kPromtool[] = "/usr/bin/promtool";

class MetricsPromtoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (access(kPromtool, X_OK) != 0) {
      GTEST_SKIP() << kPromtool << " not found: install the Debian package \"prometheus\" to lint "
                   << "the exposition with `promtool check metrics`";
    }
  }

  // Runs `promtool check metrics` on `text`; returns its exit code and output.
  static testing::CommandResult Check(const std::string& text) {
    const std::string path =
        latentspace::testing::WriteFile(latentspace::testing::ScratchDir() + "/metrics.txt", text);
    return latentspace::testing::RunCommand(std::string(kPromtool) + " check metrics < '" + path +
                                            "' 2>&1");
  }
};

TEST_F(MetricsPromtoolTest, FullExpositionPassesPromtool) {
  Registry registry;
  Family<Counter>& requests = BuildCounter()
                                  .Name("latent_rpc_requests_total")
                                  .Help("RPCs handled, by method and gRPC code.\nSecond line \\.")
                                  .Register(registry);
  requests.Add({{"method", "Embed"}, {"code", "OK"}}).Increment(12);
  requests.Add({{"method", "Train"}, {"code", "INVALID_ARGUMENT"}}).Increment();
  Family<Gauge>& jobs = BuildGauge().Name("latent_jobs").Help("Jobs by state.").Register(registry);
  registry.AddCollectable([&jobs] {
    jobs.Add({{"state", "queued"}}).Set(2);
    jobs.Add({{"state", "running"}}).Set(1);
  });
  Family<Gauge>& odd = BuildGauge()
                           .Name("latent_sample_events")
                           .Help("Events per sample.")
                           .ConstantLabels({{"store", "main"}})
                           .Register(registry);
  odd.Add({{"sample", "C:\\data\\\"run 1\"\nnext, π"}}).Set(1e6);
  odd.Add({{"sample", "nan"}}).Set(std::nan(""));
  odd.Add({{"sample", "inf"}}).Set(std::numeric_limits<double>::infinity());
  odd.Add({{"sample", "neg_inf"}}).Set(-std::numeric_limits<double>::infinity());
  Family<Histogram>& latency = BuildHistogram()
                                   .Name("latent_rpc_duration_seconds")
                                   .Help("RPC latency in seconds.")
                                   .Register(registry);
  Histogram& embed = latency.Add({{"method", "Embed"}}, ExponentialBuckets(0.0005, 2, 16));
  for (double value : {0.0001, 0.003, 0.02, 0.5, 7.0, 100.0}) embed.Observe(value);
  latency.Add({{"method", "Train"}}, ExponentialBuckets(0.0005, 2, 16));
  BuildHistogram()
      .Name("latent_batch_events")
      .Help("Events per batch.")
      .Register(registry)
      .Add({}, LinearBuckets(0, 256, 5))
      .Observe(300);
  RegisterProcessMetrics(registry);
  RegisterBuildInfo(registry);

  const std::string text = ExposeText(registry);
  const testing::CommandResult result = Check(text);
  EXPECT_EQ(result.exit_code, 0) << "promtool check metrics reported:\n"
                                 << result.output << "\non this exposition:\n"
                                 << text;
  EXPECT_EQ(result.output, "") << text;
  // The exposition did hold every kind of line promtool was meant to see.
  for (const char* expected :
       {"# TYPE latent_rpc_requests_total counter", "# TYPE latent_jobs gauge",
        "# TYPE latent_rpc_duration_seconds histogram", "le=\"+Inf\"", " NaN\n", " +Inf\n",
        " -Inf\n", "\\\"run 1\\\"\\nnext", "process_cpu_seconds_total ",
        "process_start_time_seconds ", "latent_build_info{"}) {
    EXPECT_THAT(text, ::testing::HasSubstr(expected));
  }
}

// The check above is only worth something if promtool does fail on problems.
TEST_F(MetricsPromtoolTest, PromtoolRejectsALintProblem) {
  const testing::CommandResult result = Check(
      "# HELP latent_requests Requests.\n# TYPE latent_requests counter\nlatent_requests 1\n");
  EXPECT_NE(result.exit_code, 0) << result.output;
  EXPECT_THAT(result.output, ::testing::HasSubstr("_total"));
}

}  // namespace
}  // namespace latentspace::metrics
