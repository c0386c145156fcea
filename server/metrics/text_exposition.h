// The Prometheus text exposition format, version 0.0.4: "# HELP"/"# TYPE" lines and samples, with
// escaping, cumulative histogram buckets ending in le="+Inf", NAME_sum and NAME_count. Values are
// written as the Go client writes them (shortest text that reads back to the same double; NaN,
// +Inf, -Inf), so the output is byte-for-byte stable.
#ifndef LATENTSPACE_SERVER_METRICS_TEXT_EXPOSITION_H_
#define LATENTSPACE_SERVER_METRICS_TEXT_EXPOSITION_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "server/metrics/metric_snapshot.h"
#include "server/metrics/registry.h"

namespace latentspace::metrics {

// The Content-Type of a text exposition.
inline constexpr char kTextContentType[] = "text/plain; version=0.0.4; charset=utf-8";

// Go's strconv.FormatFloat(value, 'g', -1, 64) plus Prometheus' spellings: "1", "0.25",
// "1.5e+06", "1e-05", "NaN", "+Inf", "-Inf".
std::string FormatValue(double value);

// HELP text: backslash -> \\, newline -> \n.
std::string EscapeHelp(absl::string_view help);

// Label value: backslash -> \\, double quote -> \", newline -> \n.
std::string EscapeLabelValue(absl::string_view value);

// Appends one family: HELP (when the help is not empty), TYPE, then its samples in order.
void AppendFamilyText(const FamilySnapshot& family, std::string* out);

// All families, in the order given (Registry::Collect sorts them by name).
std::string SerializeText(const std::vector<FamilySnapshot>& families);

// SerializeText(registry.Collect()): what GET /metrics serves.
std::string ExposeText(Registry& registry);

}  // namespace latentspace::metrics

#endif  // LATENTSPACE_SERVER_METRICS_TEXT_EXPOSITION_H_
