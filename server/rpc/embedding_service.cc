// EmbeddingService: events or feature rows into latent points.
#include "server/rpc/embedding_service.h"

#include "core/status_macros.h"
#include "server/handlers/encoder_queries.h"
#include "server/rpc/unary_reactor.h"

namespace latentspace::server {

grpc::ServerUnaryReactor* EmbeddingServiceImpl::Embed(grpc::CallbackServerContext* context,
                                                      const v1::EmbedRequest* request,
                                                      v1::EmbedResponse* response) {
  return FinishUnary(context, *gate_, "EmbeddingService.Embed", [&]() -> absl::Status {
    LATENT_ASSIGN_OR_RETURN(v1::EmbedResponse embedded,
                            handlers::Embed(*encoders_, *request, max_events_per_request_));
    *response = std::move(embedded);
    metrics_->embedded_events.Add({{"encoder", response->encoder()}})
        .Increment(static_cast<double>(response->accepted_events() - response->leftover_events()));
    return absl::OkStatus();
  });
}

}  // namespace latentspace::server
