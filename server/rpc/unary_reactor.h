// Finishing a unary callback RPC from an absl::Status (or a handler's absl::StatusOr response), the
// one idiom every service uses: the call is admitted through the CallGate first (caller, the role
// the RPC's option names, rate), then handled.
#ifndef LATENTSPACE_SERVER_RPC_UNARY_REACTOR_H_
#define LATENTSPACE_SERVER_RPC_UNARY_REACTOR_H_

#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/status_macros.h"
#include "server/auth/call_gate.h"
#include "server/rpc/status_mapping.h"

namespace latentspace::server {

// Admits the call as `method` (with the role its required_role option names), runs `handler`
// (returning absl::Status, filling the response) and finishes the call with its status, or with
// the admission's error.
template <typename Handler>
grpc::ServerUnaryReactor* FinishUnary(grpc::CallbackServerContext* context, CallGate& gate,
                                      absl::string_view method, Handler&& handler) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::Status status = gate.Admit(context, method).status();
  if (status.ok()) status = handler();
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

// FinishUnary for a gRPC-free handler (server/handlers) that returns the response
// (absl::StatusOr<Response>): on success it is the call's response.
template <typename Response, typename Handler>
grpc::ServerUnaryReactor* AnswerUnary(grpc::CallbackServerContext* context, CallGate& gate,
                                      absl::string_view method, Response* response,
                                      Handler&& handler) {
  return FinishUnary(context, gate, method, [&]() -> absl::Status {
    LATENT_ASSIGN_OR_RETURN(Response answer, handler());
    *response = std::move(answer);
    return absl::OkStatus();
  });
}

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_RPC_UNARY_REACTOR_H_
