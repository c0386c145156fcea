// A one-pass summary of an event file (event and process counts, objects per event, and the
// distribution of every feature of a preset) or of a feature table (rows, and the distribution of
// every column). Backs `latentctl inspect`; memory stays constant.
#ifndef LATENTSPACE_CORE_FEATURES_FILE_SUMMARY_H_
#define LATENTSPACE_CORE_FEATURES_FILE_SUMMARY_H_

#include <array>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "core/events/event.h"
#include "core/events/event_reader.h"
#include "core/features/feature_extraction.h"
#include "core/features/feature_table.h"
#include "core/features/preset.h"

namespace latentspace {

// Mean, population standard deviation, minimum and maximum of a stream of values (Welford).
class RunningStats {
 public:
  void Add(double value);
  int64_t count() const { return count_; }
  double mean() const { return mean_; }
  double std() const;
  double min() const { return min_; }
  double max() const { return max_; }

 private:
  int64_t count_ = 0;
  double mean_ = 0;
  double m2_ = 0;
  double min_ = std::numeric_limits<double>::infinity();
  double max_ = -std::numeric_limits<double>::infinity();
};

struct FileSummary {
  std::string path;
  EventFormat format = EventFormat::kDarkMachines;
  int64_t events = 0;
  // Events per process id, in order of first appearance.
  std::vector<std::pair<std::string, int64_t>> processes;
  // Objects per event: all objects, and each ObjectType (indexed by its enum value).
  RunningStats objects_per_event;
  std::array<RunningStats, kNumObjectTypes> objects_per_event_by_type;
  RunningStats met;
  // Present when a preset was given.
  std::optional<FeaturePreset> preset;
  FeatureOptions options;
  std::vector<RunningStats> features;  // one per preset feature
  ExtractionCounts counts;
};

// Called now and then with (bytes consumed, file bytes).
using ProgressCallback = std::function<void(int64_t, int64_t)>;

// A feature table's rows and the distribution of each of its columns.
struct FeatureTableSummary {
  std::string path;
  std::vector<std::string> columns;
  int64_t rows = 0;
  std::vector<RunningStats> stats;  // one per column
};

// Reads `table` to its end; any bad row fails the whole summary.
absl::StatusOr<FeatureTableSummary> SummariseFeatureTable(
    FeatureTableReader& table, const ProgressCallback& progress = nullptr);

// Reads `path` to its end. Any malformed event fails the whole summary (nothing partial).
absl::StatusOr<FileSummary> SummariseFile(const std::string& path, EventFormat format,
                                          const std::optional<FeaturePreset>& preset,
                                          const FeatureOptions& options,
                                          const ProgressCallback& progress = nullptr);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_FEATURES_FILE_SUMMARY_H_
