// Point-in-time copies of metric values, produced by Registry::Collect and consumed by the text
// exposition (and by tests). Plain data: no locks, no atomics.
#ifndef LATENTSPACE_SERVER_METRICS_METRIC_SNAPSHOT_H_
#define LATENTSPACE_SERVER_METRICS_METRIC_SNAPSHOT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "server/metrics/metric_names.h"

namespace latentspace::metrics {

enum class MetricType { kCounter, kGauge, kHistogram };

// "counter", "gauge" or "histogram", as written on a "# TYPE" line.
absl::string_view MetricTypeName(MetricType type);

struct HistogramSnapshot {
  std::vector<double> upper_bounds;  // finite, strictly increasing; the +Inf bucket is implicit
  // Cumulative counts, one per upper bound plus a last one for +Inf (== count).
  std::vector<uint64_t> cumulative_counts;
  double sum = 0.0;
  uint64_t count = 0;
};

// One child of a family: its full label set (constant labels merged in) and its value.
struct MetricSnapshot {
  Labels labels;
  double value = 0.0;           // counters and gauges
  HistogramSnapshot histogram;  // histograms
};

struct FamilySnapshot {
  std::string name;
  std::string help;
  MetricType type = MetricType::kGauge;
  std::vector<MetricSnapshot> metrics;  // sorted by labels
};

}  // namespace latentspace::metrics

#endif  // LATENTSPACE_SERVER_METRICS_METRIC_SNAPSHOT_H_
