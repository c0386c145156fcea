// gRPC status to absl::Status and the unreachable marker.
#include "client/sdk/status.h"

#include <string>

#include "absl/strings/cord.h"

namespace latentspace {
namespace {

constexpr char kUnreachablePayload[] = "type.latentspace.dev/client.unreachable";

}  // namespace

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  // grpc::StatusCode and absl::StatusCode share the canonical values 0..16.
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
}

absl::Status MarkUnreachable(absl::Status status) {
  if (!status.ok()) status.SetPayload(kUnreachablePayload, absl::Cord("1"));
  return status;
}

bool IsUnreachable(const absl::Status& status) {
  if (absl::IsUnavailable(status)) return true;
  return absl::IsDeadlineExceeded(status) && status.GetPayload(kUnreachablePayload).has_value();
}

}  // namespace latentspace
