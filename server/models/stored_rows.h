// The raw feature rows of a stored sample under a preset, whatever the sample holds: events go
// through the preset's extraction, a feature table's columns are picked by name. The blob's
// checksum is verified before it is read, and the reading stops when its call is gone. Training
// jobs (job_io.h) and every kind of model's inference (batch_rows.h) read samples through here.
#ifndef LATENTSPACE_SERVER_MODELS_STORED_ROWS_H_
#define LATENTSPACE_SERVER_MODELS_STORED_ROWS_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "core/features/feature_extraction.h"
#include "core/features/preset.h"
#include "server/store/store.h"

namespace latentspace::server {

// FAILED_PRECONDITION naming the sample (and the column) when `record` cannot give `preset`'s
// features: a table without one of them, or events under a preset that reads tables.
absl::Status CheckSampleGivesPreset(const store::SampleRecord& record, const FeaturePreset& preset);

// Called with each accepted row: its position among the sample's events or rows (0-based, skipped
// events counted), its id (an event's own, a table row's 1-based position) and its values.
using StoredRowSink =
    std::function<void(int64_t index, absl::string_view id, absl::Span<const double> row)>;

// Reads stored sample `sample` to its end under `preset` (`options` apply to events), passing
// each accepted row to `sink`; memory stays constant. NOT_FOUND, DATA_LOSS for a corrupted blob,
// CheckSampleGivesPreset's refusal, the reader's errors ("sample 'X': " and the blob's file and
// line), and
// CANCELLED once `cancelled` (asked every kEventsBetweenChecks events or rows) says the call is
// gone. *counts and *record_out (the sample's record) are set when not null.
absl::Status ForEachStoredRow(store::Store& store, const std::string& sample,
                              const FeaturePreset& preset, const FeatureOptions& options,
                              const std::function<bool()>& cancelled, const StoredRowSink& sink,
                              ExtractionCounts* counts = nullptr,
                              store::SampleRecord* record_out = nullptr);

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_MODELS_STORED_ROWS_H_
