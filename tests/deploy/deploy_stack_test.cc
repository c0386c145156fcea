// The compose stack run natively (no Docker engine here): a real latentd training its demo
// encoder and the real Prometheus with deploy/prometheus/prometheus.yml, changed only in the
// scrape target (latentd's address instead of the compose host name), the scrape and evaluation
// intervals (1 s instead of 15 s, to keep the test short) and the rule file's absolute path.
// Prometheus scrapes latentd, loads every alert group of alerts.yml, accepts every expression
// of the Grafana dashboard and returns data for the main panels; latentd's live /metrics carries
// the metric names the dashboard and the rules are checked against.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <regex>
#include <thread>

#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "tests/deploy/deploy_files.h"
#include "tests/testing/latentd_process.h"
#include "tests/testing/prometheus_process.h"

namespace latentspace::deploy_test {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

bool WaitFor(const std::function<bool()>& condition, Clock::duration timeout) {
  const Clock::time_point deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(milliseconds(250));
  }
  return condition();
}

// host:port into its parts.
std::pair<std::string, int> SplitAddress(const std::string& address) {
  const size_t colon = address.rfind(':');
  return {address.substr(0, colon), std::stoi(address.substr(colon + 1))};
}

// Replaces `from` (which must occur) by `to` everywhere in `text`.
bool ReplaceAll(std::string& text, const std::string& from, const std::string& to) {
  bool found = false;
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
    found = true;
  }
  return found;
}

// Names of the alert groups and the alerts of alerts.yml, read by pattern (no YAML library).
std::set<std::string> Matches(const std::string& text, const std::string& pattern) {
  std::set<std::string> out;
  const std::regex re(pattern);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator();
       ++it) {
    out.insert((*it)[1].str());
  }
  return out;
}

class DeployStack : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(testing::kPrometheusPath)) {
      FAIL() << testing::kPrometheusPath
             << " is missing (Debian package prometheus, installed by scripts/dev)";
    }
  }
};

TEST_F(DeployStack, PrometheusScrapesLatentdWithTheDeployConfiguration) {
  const std::string scratch = testing::ScratchDir();
  // The demo samples: latentd imports them and trains, so the job families have series.
  testing::LatentdProcess latentd(scratch + "/latentd",
                                  {"--demo-samples", testing::BundledDataDir()});
  ASSERT_TRUE(latentd.Start()) << latentd.log();

  // A grpc.health.v1 Check, as the probes make: the RPC families get series.
  {
    auto channel = grpc::CreateChannel(latentd.address(), grpc::InsecureChannelCredentials());
    auto stub = grpc::health::v1::Health::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + seconds(10));
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    ASSERT_TRUE(stub->Check(&context, request, &response).ok());
    EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
  }

  // The compose configuration, pointed at this latentd.
  const std::string source_dir = DeployPath("deploy/prometheus");
  std::string config = testing::ReadFile(source_dir + "/prometheus.yml");
  ASSERT_TRUE(ReplaceAll(config, "'latentd:9464'", "'" + latentd.metrics_address() + "'"))
      << "prometheus.yml no longer scrapes 'latentd:9464'";
  ASSERT_TRUE(ReplaceAll(config, "- alerts.yml", "- " + source_dir + "/alerts.yml"));
  ASSERT_TRUE(ReplaceAll(config, "interval: 15s", "interval: 1s"));
  const std::string config_file = testing::WriteFile(scratch + "/prometheus.yml", config);

  testing::PrometheusProcess prometheus(scratch + "/prometheus", config_file);
  nlohmann::json up;
  const bool scraped = WaitFor(
      [&] {
        up = prometheus.Query("up{job=\"latentd\"}");
        return (!up.is_discarded() && !up.empty()) || !prometheus.running();
      },
      seconds(30));
  ASSERT_TRUE(scraped && !up.is_discarded() && !up.empty())
      << "no scrape of latentd within 30 s; Prometheus's log:\n"
      << prometheus.log();
  EXPECT_EQ(up[0]["value"][1], "1");
  EXPECT_EQ(up[0]["metric"]["instance"], latentd.metrics_address());

  // The target is healthy.
  const nlohmann::json targets = prometheus.Api("/api/v1/targets?state=active");
  ASSERT_FALSE(targets.is_discarded());
  ASSERT_EQ(targets["activeTargets"].size(), 1u) << targets.dump();
  EXPECT_EQ(targets["activeTargets"][0]["health"], "up") << targets.dump();
  EXPECT_EQ(targets["activeTargets"][0]["labels"]["job"], "latentd");

  // Every alert group and alert of alerts.yml is loaded, none firing on a healthy latentd.
  const std::string alerts = testing::ReadFile(source_dir + "/alerts.yml");
  const std::set<std::string> groups = Matches(alerts, R"(\n  - name: ([A-Za-z0-9_-]+))");
  const std::set<std::string> alert_names = Matches(alerts, R"(- alert: ([A-Za-z0-9_]+))");
  ASSERT_FALSE(groups.empty());
  const nlohmann::json rules = prometheus.Api("/api/v1/rules");
  ASSERT_FALSE(rules.is_discarded());
  std::set<std::string> loaded_groups, loaded_alerts;
  for (const nlohmann::json& group : rules["groups"]) {
    loaded_groups.insert(group["name"].get<std::string>());
    for (const nlohmann::json& rule : group["rules"]) {
      loaded_alerts.insert(rule["name"].get<std::string>());
      EXPECT_EQ(rule["health"], "ok") << rule.dump();
      EXPECT_NE(rule.value("state", ""), "firing") << rule.dump();
    }
  }
  EXPECT_EQ(loaded_groups, groups);
  EXPECT_EQ(loaded_alerts, alert_names);

  // The dashboard: Prometheus accepts every expression; the main panels have data.
  const nlohmann::json dashboard = nlohmann::json::parse(
      testing::ReadFile(DeployPath("deploy/grafana/dashboards/latentd.json")), nullptr, false);
  ASSERT_FALSE(dashboard.is_discarded());
  const std::vector<std::string> expressions = DashboardExpressions(dashboard);
  ASSERT_FALSE(expressions.empty());
  for (const std::string& expr : expressions) {
    EXPECT_FALSE(prometheus.Query(ConcreteQuery(expr)).is_discarded())
        << "Prometheus refuses " << ConcreteQuery(expr);
  }
  for (const std::string& metric :
       {std::string("latent_jobs"), std::string("latent_job_progress_ratio"),
        std::string("latent_job_loss"), std::string("process_resident_memory_bytes")}) {
    std::string panel;
    for (const std::string& expr : expressions) {
      if (MetricNamesIn(expr).count(metric)) panel = ConcreteQuery(expr);
    }
    ASSERT_FALSE(panel.empty()) << "no panel shows " << metric;
    nlohmann::json result;
    EXPECT_TRUE(WaitFor(
        [&] {
          result = prometheus.Query(panel);
          return !result.is_discarded() && !result.empty();
        },
        seconds(10)))
        << panel << " returns no data";
  }
  // Jobs by state: the five states, the demo training among the running.
  const nlohmann::json states =
      prometheus.Query("sum by (state) (latent_jobs{job=\"latentd\", instance=~\".*\"})");
  ASSERT_FALSE(states.is_discarded());
  EXPECT_EQ(states.size(), 5u) << states.dump();
  // latentd's own "job" label (the training job) is kept as "exported_job", which the
  // dashboard's legends and the alerts' annotations use.
  const nlohmann::json progress = prometheus.Query("latent_job_progress_ratio");
  ASSERT_FALSE(progress.is_discarded());
  ASSERT_FALSE(progress.empty()) << "the demo training runs";
  EXPECT_EQ(progress[0]["metric"]["job"], "latentd");
  EXPECT_TRUE(progress[0]["metric"].contains("exported_job")) << progress.dump();

  // The metric list the static tests use is what latentd serves (latent_embedded_events_total
  // needs an Embed on a trained encoder, latent_scored_events_total a ScoreEvents and
  // latent_detector_job_progress_ratio a running detector job; deploy_manifests_test finds them
  // in the sources, server_detectors_test scrapes the scored events).
  const auto [host, port] = SplitAddress(latentd.metrics_address());
  httplib::Client client(host, port);
  auto scrape = client.Get("/metrics");
  ASSERT_TRUE(scrape && scrape->status == 200);
  for (const std::string& name : ExportedMetrics()) {
    if (name == "latent_embedded_events_total" || name == "latent_scored_events_total" ||
        name == "latent_detector_job_progress_ratio") {
      continue;
    }
    EXPECT_TRUE(std::regex_search(scrape->body, std::regex("(^|\n)" + name + "[{ ]")))
        << "latentd's /metrics has no " << name << ":\n"
        << scrape->body;
  }

  EXPECT_TRUE(prometheus.running()) << prometheus.log();
  EXPECT_EQ(latentd.Terminate(), 0) << latentd.log();
}

}  // namespace
}  // namespace latentspace::deploy_test
