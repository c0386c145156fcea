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

// Whether `options` ask for TLS: tls, or any of the TLS files.
bool UsesTls(const ClientOptions& options);

// A channel to options.target. Errors: INVALID_ARGUMENT (empty target; a TLS file that is not
// PEM; a client certificate without its key or the reverse), NOT_FOUND (an unreadable TLS file).
absl::StatusOr<std::shared_ptr<grpc::Channel>> CreateChannel(const ClientOptions& options);

}  // namespace latentspace

#endif  // LATENTSPACE_CLIENT_SDK_CHANNEL_H_
