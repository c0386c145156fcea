// Finishing a unary callback RPC from an absl::Status, the one idiom every service uses.
#ifndef LATENTSPACE_SERVER_UNARY_REACTOR_H_
#define LATENTSPACE_SERVER_UNARY_REACTOR_H_

#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include "absl/status/status.h"
#include "server/status_mapping.h"

namespace latentspace::server {

// Runs `handler` (returning absl::Status, filling the response) and finishes the call with it.
template <typename Handler>
grpc::ServerUnaryReactor* FinishUnary(grpc::CallbackServerContext* context, Handler&& handler) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(ToGrpcStatus(handler()));
  return reactor;
}

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_UNARY_REACTOR_H_
