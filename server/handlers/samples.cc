// Uploading, listing and looking up samples.
#include "server/handlers/samples.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
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
  if (events_ + chunk.events_size() > max_events_) {
    return absl::ResourceExhaustedError(
        absl::StrCat("sample '", header_.name(), "' exceeds ", max_events_,
                     " events (the server's --max-events-per-sample)"));
  }
  std::string lines;
  for (int i = 0; i < chunk.events_size(); ++i) {
    LATENT_ASSIGN_OR_RETURN(
        std::string line,
        UploadedEventLine(chunk.events(i), absl::StrCat("chunk ", chunks_, " event ", i),
                          std::to_string(events_ + i + 1), header_.name()));
    absl::StrAppend(&lines, line, "\n");
  }
  events_ += chunk.events_size();
  complete_ = chunk.complete();
  return writer_->Append(lines);
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
