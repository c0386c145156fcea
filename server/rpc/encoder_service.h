// EncoderService: the registry of trained encoders, by name and version.
#ifndef LATENTSPACE_SERVER_RPC_ENCODER_SERVICE_H_
#define LATENTSPACE_SERVER_RPC_ENCODER_SERVICE_H_

#include "latentspace/v1/encoder_service.grpc.pb.h"
#include "server/auth/call_gate.h"
#include "server/models/encoder_registry.h"

namespace latentspace::server {

class EncoderServiceImpl final : public v1::EncoderService::CallbackService {
 public:
  EncoderServiceImpl(CallGate* gate, EncoderRegistry* encoders)
      : gate_(gate), encoders_(encoders) {}

  grpc::ServerUnaryReactor* ListEncoders(grpc::CallbackServerContext* context,
                                         const v1::ListEncodersRequest* request,
                                         v1::ListEncodersResponse* response) override;
  grpc::ServerUnaryReactor* GetEncoder(grpc::CallbackServerContext* context,
                                       const v1::GetEncoderRequest* request,
                                       v1::Encoder* response) override;
  grpc::ServerUnaryReactor* DeleteEncoder(grpc::CallbackServerContext* context,
                                          const v1::DeleteEncoderRequest* request,
                                          v1::DeleteEncoderResponse* response) override;

 private:
  CallGate* const gate_;
  EncoderRegistry* const encoders_;
};

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_RPC_ENCODER_SERVICE_H_
