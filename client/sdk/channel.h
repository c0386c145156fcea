// The gRPC channel of a latentspace::Client: plain or TLS credentials, 64 MiB messages, quick
// reconnects.
#ifndef LATENTSPACE_CLIENT_SDK_CHANNEL_H_
#define LATENTSPACE_CLIENT_SDK_CHANNEL_H_

#include <memory>

#include "absl/status/statusor.h"
#include "client/sdk/client_options.h"
#include "grpcpp/channel.h"

namespace latentspace {

// Largest message the client receives (latent points, feature maps, distance matrices).
inline constexpr int kMaxReceiveMessageBytes = 64 << 20;

// A channel to options.target. Errors: INVALID_ARGUMENT (empty target), NOT_FOUND or
// INVALID_ARGUMENT (unreadable or empty tls_root_certs_path).
absl::StatusOr<std::shared_ptr<grpc::Channel>> CreateChannel(const ClientOptions& options);

}  // namespace latentspace

#endif  // LATENTSPACE_CLIENT_SDK_CHANNEL_H_
