// Histogram: counts observations (latencies, sizes) in buckets with explicit upper bounds, plus
// their sum and count. Observe() is lock-free and safe from any number of threads.
#ifndef LATENTSPACE_SERVER_METRICS_HISTOGRAM_H_
#define LATENTSPACE_SERVER_METRICS_HISTOGRAM_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "server/metrics/metric_snapshot.h"

namespace latentspace::metrics {

class Histogram {
 public:
  static constexpr MetricType kType = MetricType::kHistogram;

  // Upper bounds ("le"), finite and strictly increasing. A trailing +Inf may be given or left out:
  // the +Inf bucket always exists. Empty means a single +Inf bucket.
  using BucketBoundaries = std::vector<double>;

  // The boundaries as stored (a trailing +Inf removed), or INVALID_ARGUMENT naming the bad value.
  static absl::StatusOr<BucketBoundaries> NormalizeBoundaries(const BucketBoundaries& boundaries);

  // Aborts (DieIfError) on invalid boundaries; Family<Histogram>::TryAdd checks them first.
  explicit Histogram(const BucketBoundaries& boundaries);
  Histogram(const Histogram&) = delete;
  Histogram& operator=(const Histogram&) = delete;

  // Counts `value` in the first bucket whose upper bound is >= value (NaN lands in +Inf, as in the
  // Go client) and adds it to the sum.
  void Observe(double value);

  // A consistent-enough copy: the +Inf bucket always equals count; the sum may lag concurrent
  // observations by a few values.
  HistogramSnapshot Snapshot() const;

  const BucketBoundaries& boundaries() const { return upper_bounds_; }

  // Used by Family<Histogram>.
  static absl::Status ValidateArguments(const BucketBoundaries& boundaries) {
    return NormalizeBoundaries(boundaries).status();
  }
  void Collect(MetricSnapshot* snapshot) const { snapshot->histogram = Snapshot(); }

 private:
  const BucketBoundaries upper_bounds_;
  // Per-bucket (not cumulative) counts; one more than upper_bounds_ for +Inf.
  const std::unique_ptr<std::atomic<uint64_t>[]> bucket_counts_;
  std::atomic<double> sum_{0.0};
};

// `count` bounds start, start + width, ...; aborts unless count >= 1 and width > 0.
Histogram::BucketBoundaries LinearBuckets(double start, double width, int count);

// `count` bounds start, start * factor, ...; aborts unless count >= 1, start > 0 and factor > 1.
Histogram::BucketBoundaries ExponentialBuckets(double start, double factor, int count);

}  // namespace latentspace::metrics

#endif  // LATENTSPACE_SERVER_METRICS_HISTOGRAM_H_
