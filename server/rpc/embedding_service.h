// EmbeddingService: events or feature rows through a trained encoder into latent points.
#ifndef LATENTSPACE_SERVER_RPC_EMBEDDING_SERVICE_H_
#define LATENTSPACE_SERVER_RPC_EMBEDDING_SERVICE_H_

#include <cstdint>

#include "latentspace/v1/embedding_service.grpc.pb.h"
#include "server/auth/call_gate.h"
#include "server/models/encoder_registry.h"
#include "server/server_metrics.h"

namespace latentspace::server {

class EmbeddingServiceImpl final : public v1::EmbeddingService::CallbackService {
 public:
  EmbeddingServiceImpl(CallGate* gate, EncoderRegistry* encoders, ServerMetrics* metrics,
                       int64_t max_events_per_request)
      : gate_(gate),
        encoders_(encoders),
        metrics_(metrics),
        max_events_per_request_(max_events_per_request) {}

  grpc::ServerUnaryReactor* Embed(grpc::CallbackServerContext* context,
                                  const v1::EmbedRequest* request,
                                  v1::EmbedResponse* response) override;

 private:
  CallGate* const gate_;
  EncoderRegistry* const encoders_;
  ServerMetrics* const metrics_;
  const int64_t max_events_per_request_;
};

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_RPC_EMBEDDING_SERVICE_H_
