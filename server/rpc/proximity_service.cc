// ProximityService: nearest known models, contours, feature maps and model distances.
#include "server/rpc/proximity_service.h"

#include "server/handlers/encoder_queries.h"
#include "server/rpc/unary_reactor.h"

namespace latentspace::server {

grpc::ServerUnaryReactor* ProximityServiceImpl::QueryNearest(grpc::CallbackServerContext* context,
                                                             const v1::QueryNearestRequest* request,
                                                             v1::QueryNearestResponse* response) {
  return AnswerUnary(context, *gate_, "ProximityService.QueryNearest", response, [&] {
    return handlers::QueryNearest(*encoders_, *store_, *request, max_events_per_request_,
                                  [context] { return context->IsCancelled(); });
  });
}

grpc::ServerUnaryReactor* ProximityServiceImpl::GetContours(grpc::CallbackServerContext* context,
                                                            const v1::GetContoursRequest* request,
                                                            v1::GetContoursResponse* response) {
  return AnswerUnary(context, *gate_, "ProximityService.GetContours", response,
                     [&] { return handlers::GetContours(*encoders_, *request); });
}

grpc::ServerUnaryReactor* ProximityServiceImpl::GetFeatureMap(
    grpc::CallbackServerContext* context, const v1::GetFeatureMapRequest* request,
    v1::GetFeatureMapResponse* response) {
  return AnswerUnary(context, *gate_, "ProximityService.GetFeatureMap", response,
                     [&] { return handlers::GetFeatureMap(*encoders_, *request); });
}

grpc::ServerUnaryReactor* ProximityServiceImpl::GetDistanceMatrix(
    grpc::CallbackServerContext* context, const v1::GetDistanceMatrixRequest* request,
    v1::GetDistanceMatrixResponse* response) {
  return AnswerUnary(context, *gate_, "ProximityService.GetDistanceMatrix", response,
                     [&] { return handlers::GetDistanceMatrix(*encoders_, *request); });
}

}  // namespace latentspace::server
