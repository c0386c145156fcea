// Histogram: bucket search, lock-free per-bucket counting, cumulative snapshots; bucket helpers.
#include "server/metrics/histogram.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "server/metrics/atomic_double.h"
#include "server/metrics/metric_names.h"

namespace latentspace::metrics {
namespace {

Histogram::BucketBoundaries NormalizedOrDie(const Histogram::BucketBoundaries& boundaries) {
  absl::StatusOr<Histogram::BucketBoundaries> normalized =
      Histogram::NormalizeBoundaries(boundaries);
  DieIfError(normalized.status());
  return *std::move(normalized);
}

}  // namespace

absl::StatusOr<Histogram::BucketBoundaries> Histogram::NormalizeBoundaries(
    const BucketBoundaries& boundaries) {
  BucketBoundaries normalized = boundaries;
  if (!normalized.empty() && normalized.back() == std::numeric_limits<double>::infinity()) {
    normalized.pop_back();
  }
  for (size_t i = 0; i < normalized.size(); ++i) {
    if (std::isnan(normalized[i]) || std::isinf(normalized[i])) {
      return absl::InvalidArgumentError(absl::StrCat("histogram bucket boundary ", i, " is ",
                                                     normalized[i], "; bounds must be finite"));
    }
    if (i > 0 && !(normalized[i - 1] < normalized[i])) {
      return absl::InvalidArgumentError(
          absl::StrCat("histogram bucket boundaries must be strictly increasing, but boundary ", i,
                       " (", normalized[i], ") follows ", normalized[i - 1]));
    }
  }
  return normalized;
}

Histogram::Histogram(const BucketBoundaries& boundaries)
    : upper_bounds_(NormalizedOrDie(boundaries)),
      bucket_counts_(new std::atomic<uint64_t>[upper_bounds_.size() + 1]) {
  for (size_t i = 0; i <= upper_bounds_.size(); ++i) bucket_counts_[i].store(0);
}

void Histogram::Observe(double value) {
  // First bound >= value; NaN compares false everywhere and belongs in +Inf.
  const size_t bucket = std::isnan(value)
                            ? upper_bounds_.size()
                            : static_cast<size_t>(std::lower_bound(upper_bounds_.begin(),
                                                                   upper_bounds_.end(), value) -
                                                  upper_bounds_.begin());
  bucket_counts_[bucket].fetch_add(1, std::memory_order_relaxed);
  internal::AtomicAdd(sum_, value);
}

HistogramSnapshot Histogram::Snapshot() const {
  HistogramSnapshot snapshot;
  snapshot.upper_bounds = upper_bounds_;
  snapshot.cumulative_counts.reserve(upper_bounds_.size() + 1);
  uint64_t running = 0;
  for (size_t i = 0; i <= upper_bounds_.size(); ++i) {
    running += bucket_counts_[i].load(std::memory_order_relaxed);
    snapshot.cumulative_counts.push_back(running);
  }
  snapshot.count = running;
  snapshot.sum = sum_.load(std::memory_order_relaxed);
  return snapshot;
}

Histogram::BucketBoundaries LinearBuckets(double start, double width, int count) {
  if (count < 1 || !(width > 0.0)) {
    DieIfError(absl::InvalidArgumentError(absl::StrCat(
        "LinearBuckets needs count >= 1 and width > 0, got count ", count, ", width ", width)));
  }
  Histogram::BucketBoundaries bounds;
  for (int i = 0; i < count; ++i) bounds.push_back(start + width * i);
  return bounds;
}

Histogram::BucketBoundaries ExponentialBuckets(double start, double factor, int count) {
  if (count < 1 || !(start > 0.0) || !(factor > 1.0)) {
    DieIfError(absl::InvalidArgumentError(
        absl::StrCat("ExponentialBuckets needs count >= 1, start > 0 and factor > 1, got count ",
                     count, ", start ", start, ", factor ", factor)));
  }
  Histogram::BucketBoundaries bounds;
  double bound = start;
  for (int i = 0; i < count; ++i, bound *= factor) bounds.push_back(bound);
  return bounds;
}

}  // namespace latentspace::metrics
