// Events and feature rows from the API into the core's types, validated.
#include "server/validation/proto_events_to_core.h"

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/events/event_checks.h"
#include "core/features/feature_table.h"
#include "core/status_macros.h"
#include "server/validation/event_columns.h"
#include "server/validation/feature_table_payload.h"

namespace latentspace::server {
namespace {

absl::StatusOr<FeatureMatrix> RowsFromProto(const v1::FeatureRows& rows,
                                            const FeaturePreset& preset) {
  FeatureMatrix matrix{preset.feature_names(), {}};
  matrix.values.reserve(static_cast<size_t>(rows.rows_size()) * preset.num_features());
  for (int r = 0; r < rows.rows_size(); ++r) {
    const v1::FeatureRow& row = rows.rows(r);
    if (row.values_size() != preset.num_features()) {
      return absl::InvalidArgumentError(absl::StrCat("feature row ", r, " has ", row.values_size(),
                                                     " values; preset '", preset.name(), "' has ",
                                                     preset.num_features(), " features"));
    }
    for (int c = 0; c < row.values_size(); ++c) {
      const double value = row.values(c);
      if (!std::isfinite(value) || std::abs(value) > kMaxFeatureMagnitude) {
        return absl::InvalidArgumentError(absl::StrCat("feature row ", r, " column '",
                                                       preset.feature_names()[c], "' = ", value,
                                                       " is not a finite float"));
      }
      matrix.values.push_back(static_cast<float>(value));
    }
  }
  return matrix;
}

// A table's rows under the preset: its features picked by column name.
absl::StatusOr<FeatureMatrix> TableRows(const v1::FeatureTable& table, const FeaturePreset& preset,
                                        ExtractionCounts* counts,
                                        std::vector<AcceptedEvent>* accepted) {
  LATENT_ASSIGN_OR_RETURN(FeatureTableView view, FeatureTableView::Open(table, "table"));
  if (view.rows() == 0) return absl::InvalidArgumentError("the batch's table holds no rows");
  LATENT_ASSIGN_OR_RETURN(ColumnPicker picker,
                          ColumnPicker::Make(view.columns(), preset.feature_names(), "the table"));
  FeatureMatrix matrix{preset.feature_names(), {}};
  matrix.values.reserve(view.rows() * preset.num_features());
  std::vector<double> values(view.columns().size());
  std::vector<double> row(preset.num_features());
  for (int64_t i = 0; i < view.rows(); ++i) {
    LATENT_RETURN_IF_ERROR(view.Row(i, "table", absl::MakeSpan(values)));
    picker.Take(values, absl::MakeSpan(row));
    matrix.values.insert(matrix.values.end(), row.begin(), row.end());
    if (accepted != nullptr) accepted->push_back({i, std::to_string(i + 1)});
  }
  counts->events = counts->accepted = view.rows();
  return matrix;
}

}  // namespace

absl::StatusOr<ObjectType> ObjectTypeFromProto(v1::ObjectType type) {
  switch (type) {
    case v1::OBJECT_TYPE_JET:
      return ObjectType::kJet;
    case v1::OBJECT_TYPE_BJET:
      return ObjectType::kBJet;
    case v1::OBJECT_TYPE_ELECTRON:
      return ObjectType::kElectron;
    case v1::OBJECT_TYPE_POSITRON:
      return ObjectType::kPositron;
    case v1::OBJECT_TYPE_MUON:
      return ObjectType::kMuon;
    case v1::OBJECT_TYPE_ANTIMUON:
      return ObjectType::kAntiMuon;
    case v1::OBJECT_TYPE_PHOTON:
      return ObjectType::kPhoton;
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("type = ", static_cast<int>(type), " is not an object type (1..7)"));
  }
}

absl::StatusOr<Event> CompleteApiEvent(Event event, absl::string_view where,
                                       absl::string_view default_id) {
  // Events over the API carry no process id; an upload names them after the sample.
  event.process_id = "api";
  if (event.event_id.empty()) event.event_id = std::string(default_id);
  if (event.weight == 0) event.weight = 1;
  if (absl::Status status = ValidateEvent(event); !status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": ", status.message()));
  }
  return event;
}

absl::StatusOr<Event> EventFromProto(const v1::Event& event, absl::string_view where,
                                     absl::string_view default_id) {
  Event out;
  out.event_id = event.event_id();
  out.weight = event.weight();
  out.met = event.met();
  out.met_phi = event.met_phi();
  out.objects.reserve(event.objects_size());
  for (int i = 0; i < event.objects_size(); ++i) {
    const v1::PhysicsObject& object = event.objects(i);
    absl::StatusOr<ObjectType> type = ObjectTypeFromProto(object.type());
    if (!type.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": object ", i + 1, ": ", type.status().message()));
    }
    out.objects.push_back({*type, object.e(), object.pt(), object.eta(), object.phi()});
  }
  return CompleteApiEvent(std::move(out), where, default_id);
}

absl::StatusOr<FeatureMatrix> BatchToFeatureRows(const v1::EventBatch& batch,
                                                 const FeaturePreset& preset,
                                                 ExtractionCounts* counts,
                                                 std::vector<AcceptedEvent>* accepted) {
  *counts = ExtractionCounts{};
  if (accepted != nullptr) accepted->clear();
  if (batch.has_feature_rows()) {
    if (batch.feature_rows().rows_size() == 0) {
      return absl::InvalidArgumentError("the batch holds no feature rows");
    }
    absl::StatusOr<FeatureMatrix> rows = RowsFromProto(batch.feature_rows(), preset);
    if (!rows.ok()) return rows;
    counts->events = counts->accepted = rows->rows();
    for (int64_t i = 0; accepted != nullptr && i < rows->rows(); ++i) {
      accepted->push_back({i, std::to_string(i + 1)});
    }
    return rows;
  }
  if (batch.has_table()) return TableRows(batch.table(), preset, counts, accepted);
  if (absl::Status events = CheckTakesEvents(preset, "the batch holds events"); !events.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(events.message(), ": send them as a table (EventBatch.table)"));
  }
  std::optional<EventColumnsView> columns;
  if (batch.has_columns()) {
    LATENT_ASSIGN_OR_RETURN(columns, EventColumnsView::Open(batch.columns(), "columns"));
  }
  const int64_t size = columns ? columns->size() : batch.events().events_size();
  if (size == 0) return absl::InvalidArgumentError("the batch holds no events");
  FeatureMatrix matrix{preset.feature_names(), {}};
  std::vector<double> row(preset.num_features());
  const FeatureOptions options;
  for (int64_t i = 0; i < size; ++i) {
    const std::string where = absl::StrCat("event ", i);
    const std::string default_id = std::to_string(i + 1);
    LATENT_ASSIGN_OR_RETURN(
        Event event,
        columns ? columns->Get(i, where, default_id)
                : EventFromProto(batch.events().events(static_cast<int>(i)), where, default_id));
    ++counts->events;
    switch (preset.Extract(event, options, absl::MakeSpan(row))) {
      case ExtractOutcome::kAccepted:
        ++counts->accepted;
        matrix.values.insert(matrix.values.end(), row.begin(), row.end());
        if (accepted != nullptr) accepted->push_back({i, event.event_id});
        break;
      case ExtractOutcome::kTooFewJets:
        ++counts->too_few_jets;
        break;
      case ExtractOutcome::kFailedSelection:
        ++counts->failed_selection;
        break;
    }
  }
  return matrix;
}

absl::Status CheckBatchSize(const v1::EventBatch& batch, int64_t max_events) {
  const int64_t size = batch.has_feature_rows() ? batch.feature_rows().rows_size()
                       : batch.has_columns()    ? EventColumnsView::CountEvents(batch.columns())
                       : batch.has_table()      ? FeatureTableView::CountRows(batch.table())
                                                : batch.events().events_size();
  if (size <= max_events) return absl::OkStatus();
  return absl::ResourceExhaustedError(
      absl::StrCat("the batch holds ", size, " events; at most ", max_events,
                   " per request (the server's --max-events-per-request): split it"));
}

}  // namespace latentspace::server
