// FamilyBase: child label checks and snapshots with constant labels merged in.
#include "server/metrics/family.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace latentspace::metrics {

absl::Status FamilyBase::ValidateChildLabels(const Labels& labels) const {
  for (const auto& [label, value] : labels) {
    absl::Status status = ValidateLabelName(label);
    if (!status.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(status.message(), " (family ", name_, ")"));
    }
    if (constant_labels_.count(label) > 0) {
      return absl::InvalidArgumentError(absl::StrCat("label \"", label, "\" of family ", name_,
                                                     " is already one of its constant labels"));
    }
    if (type_ == MetricType::kHistogram && label == "le") {
      return absl::InvalidArgumentError(
          absl::StrCat("label \"le\" is reserved for the buckets of histogram ", name_));
    }
  }
  return absl::OkStatus();
}

FamilySnapshot FamilyBase::Collect() const {
  FamilySnapshot snapshot;
  snapshot.name = name_;
  snapshot.help = help_;
  snapshot.type = type_;
  CollectChildren(&snapshot.metrics);
  if (!constant_labels_.empty()) {
    for (MetricSnapshot& metric : snapshot.metrics) {
      metric.labels.insert(constant_labels_.begin(), constant_labels_.end());
    }
    // Merging can interleave names, so the order by child labels may no longer hold.
    std::sort(snapshot.metrics.begin(), snapshot.metrics.end(),
              [](const MetricSnapshot& a, const MetricSnapshot& b) { return a.labels < b.labels; });
  }
  return snapshot;
}

}  // namespace latentspace::metrics
