// Names of the metric types as the text exposition spells them.
#include "server/metrics/metric_snapshot.h"

namespace latentspace::metrics {

absl::string_view MetricTypeName(MetricType type) {
  switch (type) {
    case MetricType::kCounter:
      return "counter";
    case MetricType::kGauge:
      return "gauge";
    case MetricType::kHistogram:
      return "histogram";
  }
  return "untyped";
}

}  // namespace latentspace::metrics
