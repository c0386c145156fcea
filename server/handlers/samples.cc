// Uploading, listing and looking up samples.
#include "server/handlers/samples.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/events/event_blob.h"
#include "core/features/feature_table.h"
#include "core/status_macros.h"
#include "server/validation/event_columns.h"
#include "server/validation/event_level.h"
#include "server/validation/feature_table_payload.h"
#include "server/validation/proto_events_to_core.h"
#include "server/validation/sample_upload.h"

namespace latentspace::server::handlers {

absl::Status SampleUpload::TakeChunk(const v1::UploadSampleRequest& chunk) {
  ++chunks_;
  if (chunks_ == 1) {
    if (!chunk.has_header()) {
      return absl::InvalidArgumentError("the first chunk of an upload must carry the header");
    }
    LATENT_RETURN_IF_ERROR(ValidateSampleHeader(chunk.header()));
    header_ = chunk.header();
    LATENT_ASSIGN_OR_RETURN(std::unique_ptr<store::BlobWriter> writer, store_->BeginSampleUpload());
    writer_ = std::move(writer);
  } else if (complete_) {
    return absl::InvalidArgumentError(
        absl::StrCat("chunk ", chunks_, " follows the chunk marked complete"));
  } else if (chunk.has_header()) {
    return absl::InvalidArgumentError(
        absl::StrCat("chunk ", chunks_, " carries a header; only the first may"));
  }
  staged_.clear();
  if (chunk.has_table() && (chunk.events_size() > 0 || chunk.has_columns())) {
    return absl::InvalidArgumentError(absl::StrCat(
        "chunk ", chunks_, " carries a table and events: a sample holds events or a table"));
  }
  if (chunk.has_table()) {
    LATENT_RETURN_IF_ERROR(StageTable(chunk.table()));
  } else {
    LATENT_RETURN_IF_ERROR(StageEvents(chunk));
  }
  complete_ = chunk.complete();
  return writer_->Append(staged_);
}

absl::Status SampleUpload::CheckRoomFor(int64_t more) const {
  if (events_ + more <= max_events_) return absl::OkStatus();
  return absl::ResourceExhaustedError(
      absl::StrCat("sample '", header_.name(), "' exceeds ", max_events_,
                   " events (the server's --max-events-per-sample)"));
}

absl::Status SampleUpload::StageEvents(const v1::UploadSampleRequest& chunk) {
  std::optional<EventColumnsView> columns;
  if (chunk.has_columns()) {
    LATENT_ASSIGN_OR_RETURN(
        columns, EventColumnsView::Open(chunk.columns(), absl::StrCat("chunk ", chunks_)));
  }
  const int64_t rows = chunk.events_size();
  const int64_t size = rows + (columns ? columns->size() : 0);
  if (size > 0 && !columns_.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "chunk ", chunks_, " carries events, but sample '", header_.name(),
        "' is a feature table (its first chunk's table): a sample holds events or a table"));
  }
  LATENT_RETURN_IF_ERROR(CheckRoomFor(size));
  if (events_ == 0 && size > 0) AppendEventBlobHeader(header_.name(), &staged_);
  // Reused from chunk to chunk, like the strings naming each event: no allocation per event.
  std::string where;
  std::string default_id;
  const std::string prefix = absl::StrCat("chunk ", chunks_, " event ");
  for (int64_t i = 0; i < size; ++i) {
    where.assign(prefix);
    absl::StrAppend(&where, i);
    default_id.clear();
    absl::StrAppend(&default_id, events_ + i + 1);
    LATENT_ASSIGN_OR_RETURN(
        Event event, i < rows ? EventFromProto(chunk.events(static_cast<int>(i)), where, default_id)
                              : columns->Get(i - rows, where, default_id));
    LATENT_RETURN_IF_ERROR(AppendUploadedEvent(event, where, &staged_));
  }
  events_ += size;
  return absl::OkStatus();
}

absl::Status SampleUpload::StageTable(const v1::FeatureTable& table) {
  const std::string where = absl::StrCat("chunk ", chunks_, " table");
  LATENT_ASSIGN_OR_RETURN(FeatureTableView view, FeatureTableView::Open(table, where));
  if (columns_.empty() && events_ > 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": sample '", header_.name(), "' already holds ", events_,
                     " events from earlier chunks: a sample holds events or a table"));
  }
  if (columns_.empty()) {
    columns_ = view.columns();
    AppendTableHeader(columns_, &staged_);
  } else if (view.columns() != columns_) {
    return absl::InvalidArgumentError(absl::StrCat(
        where, " names the columns (", absl::StrJoin(view.columns(), ", "),
        "), not those of the sample's first table chunk (", absl::StrJoin(columns_, ", "), ")"));
  }
  LATENT_RETURN_IF_ERROR(CheckRoomFor(view.rows()));
  std::vector<double> row(columns_.size());
  for (int64_t i = 0; i < view.rows(); ++i) {
    LATENT_RETURN_IF_ERROR(view.Row(i, where, absl::MakeSpan(row)));
    AppendTableRow(row, &staged_);
  }
  events_ += view.rows();
  return absl::OkStatus();
}

absl::StatusOr<v1::Sample> SampleUpload::Commit() {
  if (writer_ == nullptr) return absl::InvalidArgumentError("empty upload: no header, no events");
  if (!complete_) {
    return absl::InvalidArgumentError(
        absl::StrCat("upload of sample '", header_.name(), "' ended after ", events_,
                     " events without a chunk marked complete; nothing was stored"));
  }
  if (events_ == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("sample '", header_.name(), "' has no events (and no table rows)"));
  }
  store::SampleRecord record;
  record.name = header_.name();
  record.parameters = {header_.parameters().begin(), header_.parameters().end()};
  record.source_format = header_.source_format().empty() ? "api" : header_.source_format();
  record.family = header_.family();
  LATENT_ASSIGN_OR_RETURN(record.level, EventLevelName(header_.level(), "header.level"));
  record.num_events = events_;
  record.columns = columns_;
  LATENT_ASSIGN_OR_RETURN(
      store::SampleRecord stored,
      store_->CommitSample(std::move(writer_), std::move(record), header_.overwrite()));
  return SampleToProto(stored);
}

void SampleUpload::Abort() {
  if (writer_ != nullptr) writer_->Abort();
  writer_.reset();
}

v1::Sample SampleToProto(const store::SampleRecord& record) {
  v1::Sample sample;
  sample.set_name(record.name);
  sample.mutable_parameters()->insert(record.parameters.begin(), record.parameters.end());
  sample.set_source_format(record.source_format);
  sample.set_num_events(record.num_events);
  sample.set_stored_bytes(record.blob_bytes);
  sample.set_checksum(record.checksum);
  sample.set_created_unix_ms(record.created_unix_ms);
  sample.set_family(record.family);
  sample.set_level(EventLevelFromName(record.level));
  sample.mutable_columns()->Add(record.columns.begin(), record.columns.end());
  return sample;
}

absl::StatusOr<v1::ListSamplesResponse> ListSamples(store::Store& store) {
  LATENT_ASSIGN_OR_RETURN(std::vector<store::SampleRecord> samples, store.ListSamples());
  v1::ListSamplesResponse response;
  for (const store::SampleRecord& record : samples) *response.add_samples() = SampleToProto(record);
  return response;
}

absl::StatusOr<v1::Sample> GetSample(store::Store& store, const v1::GetSampleRequest& request) {
  LATENT_ASSIGN_OR_RETURN(store::SampleRecord record, store.GetSample(request.name()));
  return SampleToProto(record);
}

}  // namespace latentspace::server::handlers
