// Prometheus naming rules for metric and label names, the Labels type, and the library's single
// policy for programmer errors (see DieIfError).
#ifndef LATENTSPACE_SERVER_METRICS_METRIC_NAMES_H_
#define LATENTSPACE_SERVER_METRICS_METRIC_NAMES_H_

#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace latentspace::metrics {

// Label name -> label value. Ordered, so a label set has one canonical form and children of a
// family sort deterministically.
using Labels = std::map<std::string, std::string>;

// OK when `name` matches [a-zA-Z_:][a-zA-Z0-9_:]* and does not start with "__" (reserved by
// Prometheus); otherwise INVALID_ARGUMENT naming the value.
absl::Status ValidateMetricName(absl::string_view name);

// OK when `name` matches [a-zA-Z_][a-zA-Z0-9_]* and does not start with "__"; otherwise
// INVALID_ARGUMENT naming the value.
absl::Status ValidateLabelName(absl::string_view name);

// ValidateLabelName for every name in `labels`. Label values may be any string.
absl::Status ValidateLabelNames(const Labels& labels);

// Error policy of this library: a bad metric or label name, a conflicting registration or bad
// histogram buckets is a programmer error. The checked variants (TryRegister, TryAdd,
// Registry::TryAddFamily, Histogram::NormalizeBoundaries) return it as an absl::Status; the plain
// ones (Register, Add, Histogram's constructor) call this, which prints the status to stderr and
// aborts, like a failed CHECK. Does nothing when `status` is OK.
void DieIfError(const absl::Status& status);

}  // namespace latentspace::metrics

#endif  // LATENTSPACE_SERVER_METRICS_METRIC_NAMES_H_
