// EncoderService: the registry of trained encoders.
#include "server/rpc/encoder_service.h"

#include "server/handlers/model_views.h"
#include "server/rpc/unary_reactor.h"

namespace latentspace::server {

grpc::ServerUnaryReactor* EncoderServiceImpl::ListEncoders(grpc::CallbackServerContext* context,
                                                           const v1::ListEncodersRequest* request,
                                                           v1::ListEncodersResponse* response) {
  return AnswerUnary(context, *gate_, "EncoderService.ListEncoders", response,
                     [&] { return handlers::ListEncoders(*encoders_, *request); });
}

grpc::ServerUnaryReactor* EncoderServiceImpl::GetEncoder(grpc::CallbackServerContext* context,
                                                         const v1::GetEncoderRequest* request,
                                                         v1::Encoder* response) {
  return AnswerUnary(context, *gate_, "EncoderService.GetEncoder", response,
                     [&] { return handlers::GetEncoder(*encoders_, *request); });
}

grpc::ServerUnaryReactor* EncoderServiceImpl::DeleteEncoder(grpc::CallbackServerContext* context,
                                                            const v1::DeleteEncoderRequest* request,
                                                            v1::DeleteEncoderResponse*) {
  return FinishUnary(context, *gate_, "EncoderService.DeleteEncoder", [&] {
    return encoders_->Delete(request->encoder().name(), request->encoder().version());
  });
}

}  // namespace latentspace::server
