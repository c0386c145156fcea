// The service edge's one mapping from absl::Status (used everywhere inside) to grpc::Status.
#ifndef LATENTSPACE_SERVER_RPC_STATUS_MAPPING_H_
#define LATENTSPACE_SERVER_RPC_STATUS_MAPPING_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace latentspace::server {

// Same code (the canonical codes coincide), same message.
grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_RPC_STATUS_MAPPING_H_
