// A one-pass summary of an event file.
#include "core/features/file_summary.h"

#include <cmath>
#include <unordered_map>

#include "core/features/feature_table.h"
#include "core/status_macros.h"

namespace latentspace {
namespace {

// Events between progress callbacks.
constexpr int64_t kProgressEvery = 4096;

}  // namespace

void RunningStats::Add(double value) {
  ++count_;
  const double delta = value - mean_;
  mean_ += delta / static_cast<double>(count_);
  m2_ += delta * (value - mean_);
  min_ = std::min(min_, value);
  max_ = std::max(max_, value);
}

double RunningStats::std() const {
  return count_ == 0 ? 0.0 : std::sqrt(m2_ / static_cast<double>(count_));
}

absl::StatusOr<FileSummary> SummariseFile(const std::string& path, EventFormat format,
                                          const std::optional<FeaturePreset>& preset,
                                          const FeatureOptions& options,
                                          const ProgressCallback& progress) {
  LATENT_ASSIGN_OR_RETURN(std::unique_ptr<EventReader> reader, OpenEventReader(path, format));
  FileSummary summary;
  summary.path = path;
  summary.format = format;
  summary.preset = preset;
  summary.options = options;
  std::unordered_map<std::string, size_t> process_index;
  const auto observe = [&](const Event& event) {
    ++summary.events;
    auto [it, inserted] = process_index.try_emplace(event.process_id, summary.processes.size());
    if (inserted) summary.processes.emplace_back(event.process_id, 0);
    ++summary.processes[it->second].second;
    std::array<int, kNumObjectTypes> by_type{};
    for (const PhysicsObject& object : event.objects) ++by_type[static_cast<int>(object.type)];
    summary.objects_per_event.Add(static_cast<double>(event.objects.size()));
    for (int t = 0; t < kNumObjectTypes; ++t) summary.objects_per_event_by_type[t].Add(by_type[t]);
    summary.met.Add(event.met);
    if (progress && summary.events % kProgressEvery == 0) {
      progress(reader->bytes_consumed(), reader->file_bytes());
    }
  };
  if (preset) {
    summary.features.resize(preset->num_features());
    absl::Status status = ForEachFeatureRow(*reader, path, *preset, options, &summary.counts,
                                            observe, [&summary](absl::Span<const double> row) {
                                              for (size_t i = 0; i < summary.features.size(); ++i)
                                                summary.features[i].Add(row[i]);
                                            });
    if (!status.ok()) return status;
  } else {
    Event event;
    while (true) {
      LATENT_ASSIGN_OR_RETURN(bool more, reader->Next(&event));
      if (!more) break;
      observe(event);
    }
    summary.counts.events = summary.events;
  }
  if (progress) progress(reader->file_bytes(), reader->file_bytes());
  return summary;
}

absl::StatusOr<FeatureTableSummary> SummariseFeatureTable(FeatureTableReader& table,
                                                          const ProgressCallback& progress) {
  FeatureTableSummary summary;
  summary.path = table.path();
  summary.columns = table.columns();
  summary.stats.resize(summary.columns.size());
  std::vector<double> row;
  for (;;) {
    LATENT_ASSIGN_OR_RETURN(bool more, table.Next(&row));
    if (!more) break;
    for (size_t c = 0; c < row.size(); ++c) summary.stats[c].Add(row[c]);
    if (progress && table.rows() % kProgressEvery == 0) {
      progress(table.bytes_consumed(), table.file_bytes());
    }
  }
  summary.rows = table.rows();
  return summary;
}

}  // namespace latentspace
