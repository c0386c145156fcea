// latentd's /metrics for end-to-end tests: GET it and look samples up by name and labels.
#ifndef LATENTSPACE_TESTS_E2E_METRICS_SCRAPE_H_
#define LATENTSPACE_TESTS_E2E_METRICS_SCRAPE_H_

#include <httplib.h>

#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace latentspace::e2e {

// One sample line of the text exposition: name{labels} value.
struct MetricSample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
};

// A small parser of the text format for the lines latentd writes (label values without '}' or
// escaped quotes, which is all these tests look up).
inline std::vector<MetricSample> ParseExposition(const std::string& text) {
  std::vector<MetricSample> samples;
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
    if (line.empty() || line[0] == '#') continue;
    MetricSample sample;
    const size_t brace = line.find('{');
    const size_t space = line.rfind(' ');
    if (space == absl::string_view::npos) continue;
    if (brace != absl::string_view::npos && brace < space) {
      sample.name = std::string(line.substr(0, brace));
      const size_t close = line.find('}', brace);
      absl::string_view labels = line.substr(brace + 1, close - brace - 1);
      for (absl::string_view pair : absl::StrSplit(labels, ',', absl::SkipEmpty())) {
        const size_t eq = pair.find('=');
        if (eq == absl::string_view::npos) continue;
        absl::string_view value = pair.substr(eq + 1);
        if (value.size() >= 2) value = value.substr(1, value.size() - 2);  // the quotes
        sample.labels[std::string(pair.substr(0, eq))] = std::string(value);
      }
    } else {
      sample.name = std::string(line.substr(0, line.find(' ')));
    }
    sample.value = std::strtod(std::string(line.substr(space + 1)).c_str(), nullptr);
    samples.push_back(std::move(sample));
  }
  return samples;
}

// The value of the sample with exactly these labels.
inline std::optional<double> Find(const std::vector<MetricSample>& samples, const std::string& name,
                                  const std::map<std::string, std::string>& labels = {}) {
  for (const MetricSample& s : samples) {
    if (s.name == name && s.labels == labels) return s.value;
  }
  return std::nullopt;
}

// host:port into its parts.
inline std::pair<std::string, int> SplitAddress(const std::string& address) {
  const size_t colon = address.rfind(':');
  return {address.substr(0, colon), std::stoi(address.substr(colon + 1))};
}

// GET http://`address`/metrics; the body, with the response checked.
inline std::string ScrapeMetrics(const std::string& address) {
  const auto [host, port] = SplitAddress(address);
  httplib::Client client(host, port);
  client.set_connection_timeout(5);
  auto result = client.Get("/metrics");
  EXPECT_TRUE(result) << "GET http://" << address << "/metrics";
  if (!result) return "";
  EXPECT_EQ(result->status, 200);
  EXPECT_THAT(result->get_header_value("Content-Type"), ::testing::HasSubstr("text/plain"));
  return result->body;
}

// One metric of `address`'s exposition now.
inline std::optional<double> ScrapeOne(const std::string& address, const std::string& name,
                                       const std::map<std::string, std::string>& labels = {}) {
  return Find(ParseExposition(ScrapeMetrics(address)), name, labels);
}

}  // namespace latentspace::e2e

#endif  // LATENTSPACE_TESTS_E2E_METRICS_SCRAPE_H_
