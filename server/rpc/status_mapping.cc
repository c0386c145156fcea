// The service edge's one mapping from absl::Status to grpc::Status.
#include "server/rpc/status_mapping.h"

#include <string>

namespace latentspace::server {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()));
}

}  // namespace latentspace::server
