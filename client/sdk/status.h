// gRPC status to absl::Status (same code, same message) and telling "the server could not be
// reached" apart from errors the server reported.
#ifndef LATENTSPACE_CLIENT_SDK_STATUS_H_
#define LATENTSPACE_CLIENT_SDK_STATUS_H_

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace latentspace {

// The same code and message.
absl::Status FromGrpcStatus(const grpc::Status& status);

// Marks `status` as a failure to reach the server (a payload the SDK attaches when a call fails
// while its channel is not connected).
absl::Status MarkUnreachable(absl::Status status);

// True when the call never reached the server: UNAVAILABLE, or DEADLINE_EXCEEDED while the
// channel was still connecting. A DEADLINE_EXCEEDED of a connected server (a slow call) is not.
bool IsUnreachable(const absl::Status& status);

}  // namespace latentspace

#endif  // LATENTSPACE_CLIENT_SDK_STATUS_H_
