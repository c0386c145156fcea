// SampleService: atomic streamed uploads, listing, lookup and deletion of samples.
#include "server/rpc/sample_service.h"

#include <utility>

#include "server/handlers/samples.h"
#include "server/rpc/status_mapping.h"
#include "server/rpc/unary_reactor.h"

namespace latentspace::server {
namespace {

// Reads the chunks of one upload into a SampleUpload and commits it only when the stream ends (a
// cancelled call also ends the reads, so the end of the stream alone proves nothing); any error
// stages nothing. A call that is not admitted (`slot` an error) is finished at once, before
// anything is read.
class UploadReactor : public grpc::ServerReadReactor<v1::UploadSampleRequest> {
 public:
  UploadReactor(grpc::CallbackServerContext* context, absl::StatusOr<CallGate::StreamSlot> slot,
                store::Store* store, int64_t max_events, v1::Sample* response)
      : context_(context), upload_(store, max_events), response_(response) {
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
      status = upload_.TakeChunk(request_);
    } else if (context_->IsCancelled()) {
      status = absl::CancelledError("the client cancelled the upload; nothing was stored");
    } else {
      absl::StatusOr<v1::Sample> stored = upload_.Commit();
      status = stored.status();
      if (stored.ok()) *response_ = *std::move(stored);
    }
    if (!status.ok() || !ok) {
      if (!status.ok()) upload_.Abort();
      Finish(ToGrpcStatus(status));
      return;
    }
    StartRead(&request_);
  }

  void OnDone() override { delete this; }

 private:
  grpc::CallbackServerContext* const context_;
  CallGate::StreamSlot slot_;
  handlers::SampleUpload upload_;
  v1::Sample* const response_;
  v1::UploadSampleRequest request_;
};

}  // namespace

grpc::ServerReadReactor<v1::UploadSampleRequest>* SampleServiceImpl::UploadSample(
    grpc::CallbackServerContext* context, v1::Sample* response) {
  return new UploadReactor(context, gate_->AdmitStream(context, "SampleService.UploadSample"),
                           store_, max_events_per_sample_, response);
}

grpc::ServerUnaryReactor* SampleServiceImpl::ListSamples(grpc::CallbackServerContext* context,
                                                         const v1::ListSamplesRequest*,
                                                         v1::ListSamplesResponse* response) {
  return AnswerUnary(context, *gate_, "SampleService.ListSamples", response,
                     [&] { return handlers::ListSamples(*store_); });
}

grpc::ServerUnaryReactor* SampleServiceImpl::GetSample(grpc::CallbackServerContext* context,
                                                       const v1::GetSampleRequest* request,
                                                       v1::Sample* response) {
  return AnswerUnary(context, *gate_, "SampleService.GetSample", response,
                     [&] { return handlers::GetSample(*store_, *request); });
}

grpc::ServerUnaryReactor* SampleServiceImpl::DeleteSample(grpc::CallbackServerContext* context,
                                                          const v1::DeleteSampleRequest* request,
                                                          v1::DeleteSampleResponse*) {
  return FinishUnary(context, *gate_, "SampleService.DeleteSample",
                     [&]() { return store_->DeleteSample(request->name()).status(); });
}

}  // namespace latentspace::server
