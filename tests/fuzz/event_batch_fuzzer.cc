// libFuzzer target: an embedding request's batch from bytes (EventBatch: events, feature rows or
// event columns), turned into feature rows under every preset (BatchToFeatureRows). Refusals are
// INVALID_ARGUMENT; an accepted batch gives a matrix of the preset's columns, one finite row per
// accepted event, and counts that add up; every event of an accepted batch passes EventFromProto
// on its own, and the same events sent as columns (the SDK's builder) give the same rows.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "client/sdk/event_columns.h"
#include "core/features/feature_extraction.h"
#include "core/features/feature_matrix.h"
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
  for (const std::string& name : FeaturePreset::KnownNames()) {
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
