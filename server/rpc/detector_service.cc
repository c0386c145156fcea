// DetectorService: the registry of trained detectors, the scoring of events and the
// interpretation of a selection.
#include "server/rpc/detector_service.h"

#include "server/handlers/event_scoring.h"
#include "server/handlers/model_views.h"
#include "server/handlers/selection_query.h"
#include "server/rpc/unary_reactor.h"

namespace latentspace::server {

grpc::ServerUnaryReactor* DetectorServiceImpl::ListDetectors(
    grpc::CallbackServerContext* context, const v1::ListDetectorsRequest* request,
    v1::ListDetectorsResponse* response) {
  return AnswerUnary(context, *gate_, "DetectorService.ListDetectors", response,
                     [&] { return handlers::ListDetectors(*detectors_, *request); });
}

grpc::ServerUnaryReactor* DetectorServiceImpl::GetDetector(grpc::CallbackServerContext* context,
                                                           const v1::GetDetectorRequest* request,
                                                           v1::Detector* response) {
  return AnswerUnary(context, *gate_, "DetectorService.GetDetector", response,
                     [&] { return handlers::GetDetector(*detectors_, *request); });
}

grpc::ServerUnaryReactor* DetectorServiceImpl::DeleteDetector(
    grpc::CallbackServerContext* context, const v1::DeleteDetectorRequest* request,
    v1::DeleteDetectorResponse*) {
  return FinishUnary(context, *gate_, "DetectorService.DeleteDetector", [&] {
    return detectors_->Delete(request->detector().name(), request->detector().version());
  });
}

grpc::ServerUnaryReactor* DetectorServiceImpl::ScoreEvents(grpc::CallbackServerContext* context,
                                                           const v1::ScoreEventsRequest* request,
                                                           v1::ScoreEventsResponse* response) {
  return FinishUnary(context, *gate_, "DetectorService.ScoreEvents", [&]() -> absl::Status {
    absl::StatusOr<v1::ScoreEventsResponse> scored =
        handlers::ScoreEvents(*detectors_, *store_, *request, max_events_per_request_,
                              [context] { return context->IsCancelled(); });
    if (!scored.ok()) return scored.status();
    *response = *std::move(scored);
    metrics_->scored_events.Add({{"detector", response->detector()}})
        .Increment(static_cast<double>(response->accepted_events()));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* DetectorServiceImpl::InterpretSelection(
    grpc::CallbackServerContext* context, const v1::InterpretSelectionRequest* request,
    v1::InterpretSelectionResponse* response) {
  return AnswerUnary(context, *gate_, "DetectorService.InterpretSelection", response, [&] {
    return handlers::InterpretSelection(*request, *store_, *detectors_, *encoders_,
                                        max_events_per_request_,
                                        [context] { return context->IsCancelled(); });
  });
}

grpc::ServerWriteReactor<v1::InterpretSelectionUpdate>*
DetectorServiceImpl::InterpretSelectionWithProgress(grpc::CallbackServerContext* context,
                                                    const v1::InterpretSelectionRequest* request) {
  // The request is copied: the work may outlive the call (a cancelled call is done at once, its
  // work at its next check).
  return StreamSelectionInterpretation(
      gate_->AdmitStream(context, "DetectorService.InterpretSelectionWithProgress"),
      [this, request = *request](const std::function<bool()>& cancelled,
                                 const SelectionProgress& progress) {
        return handlers::InterpretSelection(request, *store_, *detectors_, *encoders_,
                                            max_events_per_request_, cancelled, progress);
      },
      interpretations_);
}

}  // namespace latentspace::server
