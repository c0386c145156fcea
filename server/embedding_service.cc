// EmbeddingService: events or feature rows into latent points.
#include "server/embedding_service.h"

#include "server/batch_embedding.h"
#include "server/encoder_service.h"
#include "server/unary_reactor.h"

namespace latentspace::server {

grpc::ServerUnaryReactor* EmbeddingServiceImpl::Embed(grpc::CallbackServerContext* context,
                                                      const v1::EmbedRequest* request,
                                                      v1::EmbedResponse* response) {
  return FinishUnary(context, *gate_, "EmbeddingService.Embed", [&]() -> absl::Status {
    absl::StatusOr<std::shared_ptr<const LoadedEncoder>> encoder =
        ResolveEncoder(*encoders_, request->encoder());
    if (!encoder.ok()) return encoder.status();
    absl::StatusOr<BatchEmbedding> result =
        EmbedBatch(**encoder, request->batch(), max_events_per_request_);
    if (!result.ok()) return result.status();
    const store::EncoderRecord& record = (*encoder)->record;
    response->set_encoder(record.name);
    response->set_encoder_version(record.version);
    response->mutable_points()->Reserve(static_cast<int>(result->embedding.points.size()));
    for (const LatentPoint& p : result->embedding.points) {
      v1::LatentPoint* point = response->add_points();
      point->set_x(p.x);
      point->set_y(p.y);
    }
    response->set_accepted_events(result->counts.accepted);
    response->set_skipped_events(result->counts.skipped());
    response->set_leftover_events(result->embedding.leftover_rows);
    metrics_->embedded_events.Add({{"encoder", record.name}})
        .Increment(static_cast<double>(result->counts.accepted - result->embedding.leftover_rows));
    return absl::OkStatus();
  });
}

}  // namespace latentspace::server
