// DetectorService: the registry of trained anomaly detectors (list, describe, delete) and the
// scoring of events through them, and the interpretation of what a detector keeps (unary, or
// streamed with its progress).
#ifndef LATENTSPACE_SERVER_RPC_DETECTOR_SERVICE_H_
#define LATENTSPACE_SERVER_RPC_DETECTOR_SERVICE_H_

#include <cstdint>
#include <memory>

#include "latentspace/v1/detector_service.grpc.pb.h"
#include "server/auth/call_gate.h"
#include "server/models/detector_registry.h"
#include "server/models/encoder_registry.h"
#include "server/rpc/selection_stream.h"
#include "server/server_metrics.h"
#include "server/store/store.h"

namespace latentspace::server {

class DetectorServiceImpl final : public v1::DetectorService::CallbackService {
 public:
  DetectorServiceImpl(CallGate* gate, store::Store* store, DetectorRegistry* detectors,
                      EncoderRegistry* encoders, ServerMetrics* metrics,
                      int64_t max_events_per_request)
      : gate_(gate),
        store_(store),
        detectors_(detectors),
        encoders_(encoders),
        metrics_(metrics),
        max_events_per_request_(max_events_per_request) {}
  // Waits for the interpretations still running (cancelled with their calls at shutdown).
  ~DetectorServiceImpl() override { interpretations_->AwaitNone(); }
  DetectorServiceImpl(const DetectorServiceImpl&) = delete;
  DetectorServiceImpl& operator=(const DetectorServiceImpl&) = delete;

  grpc::ServerUnaryReactor* ListDetectors(grpc::CallbackServerContext* context,
                                          const v1::ListDetectorsRequest* request,
                                          v1::ListDetectorsResponse* response) override;
  grpc::ServerUnaryReactor* GetDetector(grpc::CallbackServerContext* context,
                                        const v1::GetDetectorRequest* request,
                                        v1::Detector* response) override;
  grpc::ServerUnaryReactor* DeleteDetector(grpc::CallbackServerContext* context,
                                           const v1::DeleteDetectorRequest* request,
                                           v1::DeleteDetectorResponse* response) override;
  grpc::ServerUnaryReactor* ScoreEvents(grpc::CallbackServerContext* context,
                                        const v1::ScoreEventsRequest* request,
                                        v1::ScoreEventsResponse* response) override;
  grpc::ServerUnaryReactor* InterpretSelection(grpc::CallbackServerContext* context,
                                               const v1::InterpretSelectionRequest* request,
                                               v1::InterpretSelectionResponse* response) override;
  grpc::ServerWriteReactor<v1::InterpretSelectionUpdate>* InterpretSelectionWithProgress(
      grpc::CallbackServerContext* context, const v1::InterpretSelectionRequest* request) override;

 private:
  CallGate* const gate_;
  store::Store* const store_;
  DetectorRegistry* const detectors_;
  EncoderRegistry* const encoders_;
  ServerMetrics* const metrics_;
  const int64_t max_events_per_request_;
  const std::shared_ptr<RunningThreads> interpretations_ = std::make_shared<RunningThreads>();
};

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_RPC_DETECTOR_SERVICE_H_
