// A stored sample's feature rows: events through the preset, or a table's columns by name.
#include "server/models/stored_rows.h"

#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/events/event_blob.h"
#include "core/events/event_reader.h"
#include "core/features/feature_table.h"
#include "core/status_macros.h"
#include "server/models/cancellable_reader.h"

namespace latentspace::server {
namespace {

absl::Status EventRows(const std::string& sample, const std::string& path,
                       const FeaturePreset& preset, const FeatureOptions& options,
                       const std::function<bool()>& cancelled, const StoredRowSink& sink,
                       ExtractionCounts* counts) {
  LATENT_ASSIGN_OR_RETURN(std::unique_ptr<EventReader> file, OpenStoredEvents(path));
  CancellableReader reader(std::move(file), cancelled, sample);
  // The observer sees every event before the sink sees its row, if it is accepted.
  int64_t index = -1;
  const Event* current = nullptr;
  return ForEachFeatureRow(
      reader, path, preset, options, counts,
      [&](const Event& event) {
        ++index;
        current = &event;
      },
      [&](absl::Span<const double> row) { sink(index, current->event_id, row); });
}

absl::Status TableRows(const std::string& sample, const std::string& path,
                       const FeaturePreset& preset, const std::function<bool()>& cancelled,
                       const StoredRowSink& sink, ExtractionCounts* counts) {
  LATENT_ASSIGN_OR_RETURN(std::unique_ptr<CsvTableReader> table, CsvTableReader::Open(path));
  LATENT_ASSIGN_OR_RETURN(ColumnPicker picker,
                          ColumnPicker::Make(table->columns(), preset.feature_names(), path));
  std::vector<double> values;
  std::vector<double> row(preset.num_features());
  std::string id;
  for (int64_t index = 0;; ++index) {
    if ((index + 1) % kEventsBetweenChecks == 0 && cancelled()) {
      return absl::CancelledError(
          absl::StrCat("the call was cancelled or its deadline passed after ", index,
                       " rows of sample '", sample, "'"));
    }
    LATENT_ASSIGN_OR_RETURN(bool more, table->Next(&values));
    if (!more) break;
    picker.Take(values, absl::MakeSpan(row));
    id.clear();
    absl::StrAppend(&id, index + 1);
    sink(index, id, row);
  }
  if (counts != nullptr) *counts = {table->rows(), table->rows(), 0, 0};
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckSampleGivesPreset(const store::SampleRecord& record,
                                    const FeaturePreset& preset) {
  const std::string sample = absl::StrCat("sample '", record.name, "'");
  if (record.columns.empty()) {
    if (!preset.reads_tables()) return absl::OkStatus();
    return absl::FailedPreconditionError(
        absl::StrCat(sample, " holds events, not a feature table: preset '", preset.name(),
                     "' reads named columns (upload the sample's features as a table)"));
  }
  absl::StatusOr<ColumnPicker> picker = ColumnPicker::Make(record.columns, preset.feature_names(),
                                                           absl::StrCat(sample, " (a table)"));
  if (!picker.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat(picker.status().message(), ", which preset '", preset.name(), "' needs"));
  }
  return absl::OkStatus();
}

absl::Status ForEachStoredRow(store::Store& store, const std::string& sample,
                              const FeaturePreset& preset, const FeatureOptions& options,
                              const std::function<bool()>& cancelled, const StoredRowSink& sink,
                              ExtractionCounts* counts, store::SampleRecord* record_out) {
  LATENT_ASSIGN_OR_RETURN(store::SampleRecord record, store.GetSample(sample));
  LATENT_RETURN_IF_ERROR(CheckSampleGivesPreset(record, preset));
  LATENT_RETURN_IF_ERROR(store.VerifySample(sample));
  LATENT_ASSIGN_OR_RETURN(std::string path, store.SampleBlobPath(sample));
  absl::Status read = record.columns.empty()
                          ? EventRows(sample, path, preset, options, cancelled, sink, counts)
                          : TableRows(sample, path, preset, cancelled, sink, counts);
  if (absl::IsCancelled(read)) return read;  // its message names the sample
  if (!read.ok()) {
    return absl::Status(read.code(), absl::StrCat("sample '", sample, "': ", read.message()));
  }
  if (record_out != nullptr) *record_out = std::move(record);
  return absl::OkStatus();
}

}  // namespace latentspace::server
