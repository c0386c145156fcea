// Uploading, listing and looking up samples.
#include "server/handlers/samples.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "server/validation/event_columns.h"
#include "server/validation/event_level.h"
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
  std::optional<EventColumnsView> columns;
  if (chunk.has_columns()) {
    LATENT_ASSIGN_OR_RETURN(
        columns, EventColumnsView::Open(chunk.columns(), absl::StrCat("chunk ", chunks_)));
  }
  const int64_t rows = chunk.events_size();
  const int64_t size = rows + (columns ? columns->size() : 0);
  if (events_ + size > max_events_) {
    return absl::ResourceExhaustedError(
        absl::StrCat("sample '", header_.name(), "' exceeds ", max_events_,
                     " events (the server's --max-events-per-sample)"));
  }
  // Reused from chunk to chunk, like the strings naming each event: no allocation per event.
  lines_.clear();
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
    LATENT_RETURN_IF_ERROR(AppendUploadedEventLine(event, where, header_.name(), &lines_));
  }
  events_ += size;
  complete_ = chunk.complete();
  return writer_->Append(lines_);
}

absl::StatusOr<v1::Sample> SampleUpload::Commit() {
  if (writer_ == nullptr) return absl::InvalidArgumentError("empty upload: no header, no events");
  if (!complete_) {
    return absl::InvalidArgumentError(
        absl::StrCat("upload of sample '", header_.name(), "' ended after ", events_,
                     " events without a chunk marked complete; nothing was stored"));
  }
  if (events_ == 0) {
    return absl::InvalidArgumentError(absl::StrCat("sample '", header_.name(), "' has no events"));
  }
  store::SampleRecord record;
  record.name = header_.name();
  record.parameters = {header_.parameters().begin(), header_.parameters().end()};
  record.source_format = header_.source_format().empty() ? "api" : header_.source_format();
  record.family = header_.family();
  LATENT_ASSIGN_OR_RETURN(record.level, EventLevelName(header_.level(), "header.level"));
  record.num_events = events_;
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
