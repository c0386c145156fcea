// libFuzzer target: an embedding request's batch from bytes (EventBatch: events, feature rows,
// event columns or a feature table), turned into feature rows under every preset and a preset of
// table columns (BatchToFeatureRows). Refusals are INVALID_ARGUMENT; an accepted batch gives a
// matrix of the preset's columns, one finite row per accepted event, and counts that add up;
// every event of an accepted batch passes EventFromProto on its own, the same events sent as
// columns (the SDK's builder) give the same rows, and an accepted table's rows are the values of
// its columns named by the preset, as feature rows in the preset's order give them.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "client/sdk/event_columns.h"
#include "client/sdk/feature_table.h"
#include "core/features/feature_extraction.h"
#include "core/features/feature_matrix.h"
#include "core/features/feature_table.h"
#include "core/features/preset.h"
#include "google/protobuf/stubs/logging.h"
#include "latentspace/v1/events.pb.h"
#include "server/validation/event_columns.h"
#include "server/validation/proto_events_to_core.h"
#include "tests/fuzz/fuzz_support.h"

namespace latentspace::fuzz {
namespace {

void CheckUnderPreset(const v1::EventBatch& batch, const FeaturePreset& preset) {
  ExtractionCounts counts;
  absl::StatusOr<FeatureMatrix> rows = server::BatchToFeatureRows(batch, preset, &counts);
  if (!rows.ok()) {
    RequireInvalidArgument(rows.status(), "a bad batch is INVALID_ARGUMENT");
    return;
  }
  Require(rows->names == preset.feature_names(), "the columns are the preset's features");
  Require(rows->values.size() == static_cast<size_t>(rows->rows() * rows->cols()),
          "the matrix holds whole rows");
  Require(rows->rows() == counts.accepted, "one row per accepted event");
  Require(counts.accepted + counts.skipped() == counts.events, "the counts add up");
  for (float value : rows->values) Require(std::isfinite(value), "every feature is finite");
  if (batch.has_feature_rows()) {
    Require(counts.events == batch.feature_rows().rows_size() && counts.skipped() == 0,
            "every feature row counts as accepted");
    return;
  }
  if (batch.has_columns()) {
    Require(counts.events == server::EventColumnsView::CountEvents(batch.columns()),
            "every event is counted");
    return;
  }
  if (batch.has_table()) {
    Require(counts.events == FeatureTableRows(batch.table()) && counts.skipped() == 0,
            "every table row counts as accepted");
    // The preset's columns of each row, sent as feature rows in the preset's order.
    absl::StatusOr<ColumnPicker> picker = ColumnPicker::Make(
        std::vector<std::string>(batch.table().columns().begin(), batch.table().columns().end()),
        preset.feature_names(), "table");
    Require(picker.ok(), "an accepted table holds the preset's columns");
    const size_t width = batch.table().columns_size();
    std::vector<double> row(width);
    std::vector<double> picked(preset.num_features());
    v1::EventBatch as_rows;
    for (int64_t r = 0; r < counts.events; ++r) {
      std::memcpy(row.data(), batch.table().values().data() + r * width * sizeof(double),
                  width * sizeof(double));
      picker->Take(row, absl::MakeSpan(picked));
      as_rows.mutable_feature_rows()->add_rows()->mutable_values()->Add(picked.begin(),
                                                                        picked.end());
    }
    ExtractionCounts row_counts;
    absl::StatusOr<FeatureMatrix> from_rows =
        server::BatchToFeatureRows(as_rows, preset, &row_counts);
    Require(from_rows.ok() && from_rows->values == rows->values,
            "a table gives the rows its named columns give as feature rows");
    return;
  }
  Require(counts.events == batch.events().events_size(), "every event is counted");
  for (int i = 0; i < batch.events().events_size(); ++i) {
    Require(server::EventFromProto(batch.events().events(i), "event", "1").ok(),
            "each event of an accepted batch is valid on its own");
  }
  v1::EventBatch as_columns;
  EventColumnsBuilder builder(as_columns.mutable_columns());
  for (const v1::Event& event : batch.events().events()) {
    builder.AddEvent(event);
  }
  ExtractionCounts column_counts;
  absl::StatusOr<FeatureMatrix> column_rows =
      server::BatchToFeatureRows(as_columns, preset, &column_counts);
  Require(column_rows.ok(), "the same events as columns are accepted",
          column_rows.status().ToString());
  Require(column_rows->values == rows->values && column_counts.accepted == counts.accepted &&
              column_counts.events == counts.events,
          "the same events as columns give the same rows");
}

void Run(const uint8_t* data, size_t size) {
  const google::protobuf::LogSilencer quiet;  // about bytes gRPC would refuse anyway
  v1::EventBatch batch;
  if (!batch.ParseFromArray(data, static_cast<int>(size))) return;
  std::vector<std::string> presets = FeaturePreset::KnownNames();
  presets.push_back("columns:met,jet1_pt");
  for (const std::string& name : presets) {
    absl::StatusOr<FeaturePreset> preset = FeaturePreset::Get(name);
    Require(preset.ok(), "a known preset exists", name);
    CheckUnderPreset(batch, *preset);
  }
}

}  // namespace
}  // namespace latentspace::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  latentspace::fuzz::Run(data, size);
  return 0;
}
