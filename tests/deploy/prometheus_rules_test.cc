// deploy/prometheus: promtool accepts the scrape configuration and the alert rules, the rules'
// unit tests (alerts_test.yml) pass, and they test every alert both firing and quiet.
#include <filesystem>
#include <set>

#include "gmock/gmock.h"
#include "tests/deploy/deploy_files.h"

namespace latentspace::deploy_test {
namespace {

class DeployPrometheusFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kPromtool)) {
      FAIL() << kPromtool << " is missing (Debian package prometheus, installed by scripts/dev)";
    }
  }
  testing::CommandResult Promtool(const std::string& arguments) {
    return testing::RunCommand(std::string(kPromtool) + " " + arguments + " 2>&1");
  }
};

TEST_F(DeployPrometheusFiles, PromtoolChecksTheConfig) {
  const testing::CommandResult result =
      Promtool("check config " + DeployPath("deploy/prometheus/prometheus.yml"));
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_THAT(result.output, ::testing::HasSubstr("1 rule files found")) << "alerts.yml is loaded";
}

TEST_F(DeployPrometheusFiles, PromtoolChecksTheRules) {
  const testing::CommandResult result =
      Promtool("check rules " + DeployPath("deploy/prometheus/alerts.yml"));
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_THAT(result.output, ::testing::Not(::testing::HasSubstr("WARNING"))) << result.output;
}

TEST_F(DeployPrometheusFiles, RuleUnitTestsPass) {
  const testing::CommandResult result =
      Promtool("test rules " + DeployPath("deploy/prometheus/alerts_test.yml"));
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_THAT(result.output, ::testing::HasSubstr("SUCCESS")) << result.output;
}

TEST(DeployPrometheusRules, EveryAlertIsTestedFiringAndQuiet) {
  REQUIRE_YAML();
  std::string error;
  const nlohmann::json rules = LoadYaml(DeployPath("deploy/prometheus/alerts.yml"), &error);
  ASSERT_FALSE(rules.is_discarded()) << error;
  const nlohmann::json tests = LoadYaml(DeployPath("deploy/prometheus/alerts_test.yml"), &error);
  ASSERT_FALSE(tests.is_discarded()) << error;
  ASSERT_EQ(rules.size(), 1u);
  ASSERT_EQ(tests.size(), 1u);

  std::set<std::string> alerts;
  for (const nlohmann::json& group : rules[0]["groups"]) {
    for (const nlohmann::json& rule : group["rules"]) {
      if (rule.contains("alert")) alerts.insert(rule["alert"].get<std::string>());
    }
  }
  // The alerts: down, job failed, training stalled (encoder and detector jobs), error
  // rate, latency objective.
  EXPECT_EQ(alerts,
            (std::set<std::string>{"LatentdDown", "LatentdTrainingJobFailed",
                                   "LatentdTrainingStalled", "LatentdDetectorTrainingStalled",
                                   "LatentdRpcErrorRate", "LatentdRpcLatencyObjective"}));

  std::set<std::string> fires, quiet;
  ASSERT_TRUE(tests[0]["tests"].is_array());
  for (const nlohmann::json& test : tests[0]["tests"]) {
    for (const nlohmann::json& check : test.value("alert_rule_test", nlohmann::json::array())) {
      const std::string name = check["alertname"].get<std::string>();
      const nlohmann::json expected = check.value("exp_alerts", nlohmann::json::array());
      (expected.empty() ? quiet : fires).insert(name);
    }
  }
  for (const std::string& alert : alerts) {
    EXPECT_TRUE(fires.count(alert)) << alert << " has no unit test where it fires";
    EXPECT_TRUE(quiet.count(alert)) << alert << " has no unit test where it stays quiet";
  }
}

TEST(DeployPrometheusRules, ExpressionsUseOnlyLatentdsMetrics) {
  REQUIRE_YAML();
  std::string error;
  const nlohmann::json rules = LoadYaml(DeployPath("deploy/prometheus/alerts.yml"), &error);
  ASSERT_FALSE(rules.is_discarded()) << error;
  int expressions = 0;
  for (const nlohmann::json& group : rules[0]["groups"]) {
    for (const nlohmann::json& rule : group["rules"]) {
      const std::string expr = rule["expr"].get<std::string>();
      ++expressions;
      const std::set<std::string> names = MetricNamesIn(expr);
      EXPECT_FALSE(names.empty()) << expr;
      for (const std::string& name : names) {
        EXPECT_TRUE(ExportedMetrics().count(name) || PrometheusSeries().count(name))
            << rule.value("alert", "?") << " uses " << name << ", which latentd does not export";
      }
    }
  }
  EXPECT_GT(expressions, 0);
}

}  // namespace
}  // namespace latentspace::deploy_test
