// SampleService: atomic streamed uploads, listing, lookup and deletion of samples.
#include "server/sample_service.h"

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "server/sample_upload.h"
#include "server/status_mapping.h"
#include "server/unary_reactor.h"

namespace latentspace::server {
namespace {

// Reads the chunks of one upload, validating and staging every event, and commits the sample
// only when the stream ends after a chunk marked complete (a cancelled call also ends the reads,
// so the end of the stream alone proves nothing); any error stages nothing. A call that is not
// admitted (`slot` an error) is finished at once, before anything is read.
class UploadReactor : public grpc::ServerReadReactor<v1::UploadSampleRequest> {
 public:
  UploadReactor(grpc::CallbackServerContext* context, absl::StatusOr<CallGate::StreamSlot> slot,
                store::Store* store, int64_t max_events, v1::Sample* response)
      : context_(context), store_(store), max_events_(max_events), response_(response) {
    if (!slot.ok()) {
      Finish(ToGrpcStatus(slot.status()));
      return;
    }
    slot_ = *std::move(slot);
    StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    absl::Status status;
    if (ok) {
      status = TakeChunk();
    } else if (context_->IsCancelled()) {
      status = absl::CancelledError("the client cancelled the upload; nothing was stored");
    } else {
      status = Commit();
    }
    if (!status.ok() || !ok) {
      if (writer_ != nullptr) writer_->Abort();
      Finish(ToGrpcStatus(status));
      return;
    }
    StartRead(&request_);
  }

  void OnDone() override { delete this; }

 private:
  absl::Status TakeChunk() {
    ++chunks_;
    if (chunks_ == 1) {
      if (!request_.has_header()) {
        return absl::InvalidArgumentError("the first chunk of an upload must carry the header");
      }
      LATENT_RETURN_IF_ERROR(ValidateSampleHeader(request_.header()));
      header_ = request_.header();
      absl::StatusOr<std::unique_ptr<store::BlobWriter>> writer = store_->BeginSampleUpload();
      if (!writer.ok()) return writer.status();
      writer_ = *std::move(writer);
    } else if (complete_) {
      return absl::InvalidArgumentError(
          absl::StrCat("chunk ", chunks_, " follows the chunk marked complete"));
    } else if (request_.has_header()) {
      return absl::InvalidArgumentError(
          absl::StrCat("chunk ", chunks_, " carries a header; only the first may"));
    }
    if (events_ + request_.events_size() > max_events_) {
      return absl::ResourceExhaustedError(
          absl::StrCat("sample '", header_.name(), "' exceeds ", max_events_,
                       " events (the server's --max-events-per-sample)"));
    }
    std::string lines;
    for (int i = 0; i < request_.events_size(); ++i) {
      absl::StatusOr<std::string> line =
          UploadedEventLine(request_.events(i), absl::StrCat("chunk ", chunks_, " event ", i),
                            std::to_string(events_ + i + 1), header_.name());
      if (!line.ok()) return line.status();
      absl::StrAppend(&lines, *line, "\n");
    }
    events_ += request_.events_size();
    complete_ = request_.complete();
    return writer_->Append(lines);
  }

  absl::Status Commit() {
    if (writer_ == nullptr) return absl::InvalidArgumentError("empty upload: no header, no events");
    if (!complete_) {
      return absl::InvalidArgumentError(
          absl::StrCat("upload of sample '", header_.name(), "' ended after ", events_,
                       " events without a chunk marked complete; nothing was stored"));
    }
    if (events_ == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("sample '", header_.name(), "' has no events"));
    }
    store::SampleRecord record;
    record.name = header_.name();
    record.parameters = {header_.parameters().begin(), header_.parameters().end()};
    record.source_format = header_.source_format().empty() ? "api" : header_.source_format();
    record.family = header_.family();
    record.num_events = events_;
    absl::StatusOr<store::SampleRecord> stored =
        store_->CommitSample(std::move(writer_), std::move(record), header_.overwrite());
    if (!stored.ok()) return stored.status();
    *response_ = SampleToProto(*stored);
    return absl::OkStatus();
  }

  grpc::CallbackServerContext* const context_;
  CallGate::StreamSlot slot_;
  store::Store* const store_;
  const int64_t max_events_;
  v1::Sample* const response_;
  v1::UploadSampleRequest request_;
  v1::SampleHeader header_;
  std::unique_ptr<store::BlobWriter> writer_;
  int64_t chunks_ = 0;
  int64_t events_ = 0;
  bool complete_ = false;
};

}  // namespace

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

grpc::ServerReadReactor<v1::UploadSampleRequest>* SampleServiceImpl::UploadSample(
    grpc::CallbackServerContext* context, v1::Sample* response) {
  return new UploadReactor(context, gate_->AdmitStream(context, "SampleService.UploadSample"),
                           store_, max_events_per_sample_, response);
}

grpc::ServerUnaryReactor* SampleServiceImpl::ListSamples(grpc::CallbackServerContext* context,
                                                         const v1::ListSamplesRequest*,
                                                         v1::ListSamplesResponse* response) {
  return FinishUnary(context, *gate_, "SampleService.ListSamples", [&]() -> absl::Status {
    absl::StatusOr<std::vector<store::SampleRecord>> samples = store_->ListSamples();
    if (!samples.ok()) return samples.status();
    for (const store::SampleRecord& record : *samples) {
      *response->add_samples() = SampleToProto(record);
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* SampleServiceImpl::GetSample(grpc::CallbackServerContext* context,
                                                       const v1::GetSampleRequest* request,
                                                       v1::Sample* response) {
  return FinishUnary(context, *gate_, "SampleService.GetSample", [&]() -> absl::Status {
    absl::StatusOr<store::SampleRecord> record = store_->GetSample(request->name());
    if (!record.ok()) return record.status();
    *response = SampleToProto(*record);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* SampleServiceImpl::DeleteSample(grpc::CallbackServerContext* context,
                                                          const v1::DeleteSampleRequest* request,
                                                          v1::DeleteSampleResponse*) {
  return FinishUnary(context, *gate_, "SampleService.DeleteSample",
                     [&]() { return store_->DeleteSample(request->name()).status(); });
}

}  // namespace latentspace::server
