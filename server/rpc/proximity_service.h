// ProximityService: nearest known models for a sample (with inferred theory parameters), and the
// latent space's contours, feature maps and model distances.
#ifndef LATENTSPACE_SERVER_RPC_PROXIMITY_SERVICE_H_
#define LATENTSPACE_SERVER_RPC_PROXIMITY_SERVICE_H_

#include <cstdint>

#include "latentspace/v1/proximity_service.grpc.pb.h"
#include "server/auth/call_gate.h"
#include "server/models/encoder_registry.h"
#include "server/store/store.h"

namespace latentspace::server {

class ProximityServiceImpl final : public v1::ProximityService::CallbackService {
 public:
  ProximityServiceImpl(CallGate* gate, store::Store* store, EncoderRegistry* encoders,
                       int64_t max_events_per_request)
      : gate_(gate),
        store_(store),
        encoders_(encoders),
        max_events_per_request_(max_events_per_request) {}

  grpc::ServerUnaryReactor* QueryNearest(grpc::CallbackServerContext* context,
                                         const v1::QueryNearestRequest* request,
                                         v1::QueryNearestResponse* response) override;
  grpc::ServerUnaryReactor* GetContours(grpc::CallbackServerContext* context,
                                        const v1::GetContoursRequest* request,
                                        v1::GetContoursResponse* response) override;
  grpc::ServerUnaryReactor* GetFeatureMap(grpc::CallbackServerContext* context,
                                          const v1::GetFeatureMapRequest* request,
                                          v1::GetFeatureMapResponse* response) override;
  grpc::ServerUnaryReactor* GetDistanceMatrix(grpc::CallbackServerContext* context,
                                              const v1::GetDistanceMatrixRequest* request,
                                              v1::GetDistanceMatrixResponse* response) override;

 private:
  CallGate* const gate_;
  store::Store* const store_;
  EncoderRegistry* const encoders_;
  const int64_t max_events_per_request_;
};

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_RPC_PROXIMITY_SERVICE_H_
