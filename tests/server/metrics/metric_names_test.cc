// Tests server/metrics/names.h: Prometheus metric and label name rules, the abort policy.
#include "server/metrics/metric_names.h"

#include "gtest/gtest.h"

namespace latentspace::metrics {
namespace {

TEST(MetricsNamesTest, AcceptsValidMetricNames) {
  for (const char* name : {"latent_rpc_requests_total", "a", "_x", ":recording:rule", "A9_:b",
                           "process_cpu_seconds_total"}) {
    EXPECT_TRUE(ValidateMetricName(name).ok()) << name;
  }
}

TEST(MetricsNamesTest, RejectsInvalidMetricNamesNamingThem) {
  for (const char* name : {"", "9lives", "with-dash", "with space", "é", "a.b", "__reserved"}) {
    const absl::Status status = ValidateMetricName(name);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << name;
    EXPECT_NE(status.message().find(std::string("\"") + name + "\""), std::string::npos) << status;
  }
}

TEST(MetricsNamesTest, AcceptsValidLabelNames) {
  for (const char* name : {"method", "code", "_private", "le", "L9_x"}) {
    EXPECT_TRUE(ValidateLabelName(name).ok()) << name;
  }
}

TEST(MetricsNamesTest, RejectsInvalidLabelNames) {
  for (const char* name : {"", "1st", "has:colon", "has-dash", "__name__", "__x"}) {
    EXPECT_EQ(ValidateLabelName(name).code(), absl::StatusCode::kInvalidArgument) << name;
  }
}

TEST(MetricsNamesTest, ValidateLabelNamesChecksEveryName) {
  EXPECT_TRUE(ValidateLabelNames({{"method", "Embed"}, {"code", "OK"}}).ok());
  EXPECT_FALSE(ValidateLabelNames({{"method", "Embed"}, {"bad-name", "x"}}).ok());
}

TEST(MetricsNamesDeathTest, DieIfErrorAbortsWithTheMessage) {
  DieIfError(absl::OkStatus());  // no-op
  EXPECT_DEATH(DieIfError(absl::InvalidArgumentError("metric name \"9x\" is bad")),
               "programmer error: INVALID_ARGUMENT: metric name \"9x\" is bad");
}

}  // namespace
}  // namespace latentspace::metrics
