// What the deployment tests share: paths of the deploy files, YAML read through Debian's
// python3-yaml into nlohmann::json (no YAML library is among the build dependencies), the metric
// names latentd exports, and a scanner of the metric names a PromQL expression uses.
#ifndef LATENTSPACE_TESTS_DEPLOY_DEPLOY_FILES_H_
#define LATENTSPACE_TESTS_DEPLOY_DEPLOY_FILES_H_

#include <cctype>
#include <filesystem>
#include <functional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/testing/paths.h"
#include "tests/testing/run_command.h"

namespace latentspace::deploy_test {

constexpr char kPromtool[] = "/usr/bin/promtool";
constexpr char kPython[] = "/usr/bin/python3";

// Prometheus's own series that rules and dashboards may use beside latentd's.
inline const std::set<std::string>& PrometheusSeries() {
  static const std::set<std::string> names = {"up"};
  return names;
}

// Every series name latentd's /metrics can carry (histogram: its _bucket, _sum and _count).
// deploy_stack_test checks it against a live scrape, deploy_manifests_test against the sources.
inline const std::set<std::string>& ExportedMetrics() {
  static const std::set<std::string> names = {
      "latent_jobs",
      "latent_job_progress_ratio",
      "latent_detector_job_progress_ratio",
      "latent_job_loss",
      "latent_rpc_requests_total",
      "latent_rpc_duration_seconds_bucket",
      "latent_rpc_duration_seconds_sum",
      "latent_rpc_duration_seconds_count",
      "latent_embedded_events_total",
      "latent_encoders_loaded",
      "latent_detectors_loaded",
      "latent_scored_events_total",
      "latent_samples_stored",
      "latent_rpc_in_flight",
      "latent_streams_open",
      "latent_tokens_loaded",
      "latent_token_reloads_total",
      "latent_build_info",
      "process_cpu_seconds_total",
      "process_max_fds",
      "process_open_fds",
      "process_resident_memory_bytes",
      "process_start_time_seconds",
      "process_virtual_memory_bytes",
  };
  return names;
}

// The family name a series belongs to (histogram suffixes removed).
inline std::string FamilyOf(const std::string& series) {
  for (const char* suffix : {"_bucket", "_sum", "_count"}) {
    const std::string s = suffix;
    if (series.size() > s.size() && series.compare(series.size() - s.size(), s.size(), s) == 0 &&
        series.rfind("latent_rpc_duration_seconds", 0) == 0) {
      return series.substr(0, series.size() - s.size());
    }
  }
  return series;
}

inline std::string DeployPath(const std::string& relative) { return testing::SourcePath(relative); }

inline bool HaveYaml() {
  return std::filesystem::exists(kPython) &&
         testing::RunCommand(std::string(kPython) + " -c 'import yaml' 2>/dev/null").exit_code == 0;
}

// python3-yaml is part of the set-up (scripts/dev installs it): without it the test fails.
#define REQUIRE_YAML()                                                                         \
  if (!::latentspace::deploy_test::HaveYaml()) {                                               \
    FAIL() << "reading YAML needs /usr/bin/python3 with yaml (Debian python3-yaml, installed " \
              "by scripts/dev)";                                                               \
  }

// Every document of a YAML file, as a JSON array (null documents dropped); a discarded value
// when the file does not parse (with python's message in *error).
inline nlohmann::json LoadYaml(const std::string& path, std::string* error = nullptr) {
  const testing::CommandResult result = testing::RunCommand(
      std::string(kPython) +
      " -c 'import json, sys, yaml; "
      "json.dump([d for d in yaml.safe_load_all(open(sys.argv[1])) if d is not None], "
      "sys.stdout)' '" +
      path + "' 2>&1");
  if (result.exit_code != 0) {
    if (error != nullptr) *error = result.output;
    return nlohmann::json(nlohmann::json::value_t::discarded);
  }
  return nlohmann::json::parse(result.output, nullptr, false);
}

// The metric names a PromQL expression selects: identifiers outside strings, label matchers,
// ranges and grouping clauses that are neither function names nor keywords.
inline std::set<std::string> MetricNamesIn(const std::string& promql) {
  std::string text = std::regex_replace(promql, std::regex(R"("([^"\\]|\\.)*"|'[^']*')"), " ");
  text = std::regex_replace(text, std::regex(R"(\{[^}]*\}|\[[^\]]*\])"), " ");
  text = std::regex_replace(
      text, std::regex(R"(\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\))"), " ");
  static const std::set<std::string> kKeywords = {
      "by",  "without", "on",     "ignoring", "group_left", "group_right", "bool",
      "and", "or",      "unless", "offset",   "inf",        "nan",         "Inf",
      "NaN", "atan2",   "@",      "start",    "end"};
  std::set<std::string> names;
  const std::regex identifier(R"(\$?[A-Za-z_:][A-Za-z0-9_:]*)");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), identifier);
       it != std::sregex_iterator(); ++it) {
    const std::string name = it->str();
    if (name[0] == '$' || kKeywords.count(name)) continue;
    const size_t after = it->position() + it->length();
    const size_t next = text.find_first_not_of(" \t\n", after);
    if (next != std::string::npos && text[next] == '(') continue;  // a function
    // A number's exponent or a duration unit ("1e3", "5m") never starts an identifier here:
    // the character before is a digit.
    if (it->position() > 0 && std::isdigit(static_cast<unsigned char>(text[it->position() - 1]))) {
      continue;
    }
    names.insert(name);
  }
  return names;
}

// Every PromQL expression of a Grafana dashboard: panel targets, rows' nested panels included.
inline std::vector<std::string> DashboardExpressions(const nlohmann::json& dashboard) {
  std::vector<std::string> out;
  std::function<void(const nlohmann::json&)> visit = [&](const nlohmann::json& panels) {
    for (const nlohmann::json& panel : panels) {
      for (const nlohmann::json& target : panel.value("targets", nlohmann::json::array())) {
        if (target.contains("expr")) out.push_back(target["expr"].get<std::string>());
      }
      if (panel.contains("panels")) visit(panel["panels"]);
    }
  };
  visit(dashboard.value("panels", nlohmann::json::array()));
  return out;
}

// A dashboard expression as Prometheus can run it: Grafana's variables substituted.
inline std::string ConcreteQuery(std::string expr) {
  expr = std::regex_replace(expr, std::regex(R"(\$__rate_interval|\$__interval)"), "1m");
  return std::regex_replace(expr, std::regex(R"(\$instance)"), ".*");
}

}  // namespace latentspace::deploy_test

#endif  // LATENTSPACE_TESTS_DEPLOY_DEPLOY_FILES_H_
