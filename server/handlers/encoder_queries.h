// What EmbeddingService and ProximityService answer, without gRPC: events into latent points, the
// known models nearest a sample (posteriors, fit test, inferred theory parameters), and the latent
// space's contours, feature maps and model distances. Each answer is split into the encoder's part
// (resolving it, embedding the sample) and the known-model space's part, which the unit tests
// exercise on spaces built from synthetic points.
#ifndef LATENTSPACE_SERVER_HANDLERS_ENCODER_QUERIES_H_
#define LATENTSPACE_SERVER_HANDLERS_ENCODER_QUERIES_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/analysis/known_model_space.h"
#include "core/nn/encoder_metadata.h"
#include "latentspace/v1/embedding_service.pb.h"
#include "latentspace/v1/proximity_service.pb.h"
#include "server/models/encoder_registry.h"
#include "server/store/store.h"

namespace latentspace::server::handlers {

// The errors of each RPC (embedding_service.proto, proximity_service.proto): the registry's
// Resolve errors, then the request's. `max_events` bounds a request's own events; `cancelled` is
// asked as a stored sample is read.
absl::StatusOr<v1::EmbedResponse> Embed(EncoderRegistry& encoders, const v1::EmbedRequest& request,
                                        int64_t max_events);
absl::StatusOr<v1::QueryNearestResponse> QueryNearest(EncoderRegistry& encoders,
                                                      store::Store& store,
                                                      const v1::QueryNearestRequest& request,
                                                      int64_t max_events,
                                                      const std::function<bool()>& cancelled);
absl::StatusOr<v1::GetContoursResponse> GetContours(EncoderRegistry& encoders,
                                                    const v1::GetContoursRequest& request);
absl::StatusOr<v1::GetFeatureMapResponse> GetFeatureMap(EncoderRegistry& encoders,
                                                        const v1::GetFeatureMapRequest& request);
absl::StatusOr<v1::GetDistanceMatrixResponse> GetDistanceMatrix(
    EncoderRegistry& encoders, const v1::GetDistanceMatrixRequest& request);

// What a nearest-models query asks beyond its sample, checked before the sample is embedded.
struct NearestQuery {
  // One weight per known model (1 where the request names none); empty for a uniform prior.
  std::vector<double> prior;
  ParameterInferenceOptions inference;
};
// INVALID_ARGUMENT for a prior naming a model the space does not know, or a bad
// parameter_likelihood_nodes, naming the field.
absl::StatusOr<NearestQuery> ReadNearestQuery(const KnownModelSpace& space,
                                              const v1::QueryNearestRequest& request);

// The space's parts of each answer; the encoder's name and version are the caller's to set.
absl::Status AnswerNearest(const KnownModelSpace& space, const std::vector<LatentPoint>& points,
                           const NearestQuery& query, v1::QueryNearestResponse* out);
absl::Status AnswerContours(const KnownModelSpace& space, const v1::GetContoursRequest& request,
                            v1::GetContoursResponse* out);
absl::Status AnswerFeatureMap(const KnownModelSpace& space, const v1::GetFeatureMapRequest& request,
                              v1::GetFeatureMapResponse* out);
// With the separation recorded at training (confusion matrices, classifier matrix).
absl::Status AnswerDistances(const KnownModelSpace& space, const ModelSeparation& separation,
                             v1::GetDistanceMatrixResponse* out);

}  // namespace latentspace::server::handlers

#endif  // LATENTSPACE_SERVER_HANDLERS_ENCODER_QUERIES_H_
