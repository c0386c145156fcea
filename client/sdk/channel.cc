// The gRPC channel of a latentspace::Client.
#include "client/sdk/channel.h"

#include <fstream>
#include <iterator>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"

namespace latentspace {
namespace {

absl::StatusOr<std::string> ReadPemFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot read TLS root certificates"));
  std::string pem((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (pem.empty()) return absl::InvalidArgumentError(absl::StrCat(path, ": empty PEM file"));
  return pem;
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::Channel>> CreateChannel(const ClientOptions& options) {
  if (options.target.empty()) return absl::InvalidArgumentError("empty server address");
  grpc::ChannelArguments arguments;
  arguments.SetMaxReceiveMessageSize(kMaxReceiveMessageBytes);
  arguments.SetMaxSendMessageSize(-1);
  // Retry connecting soon after a failure, so that retried calls find a server that has just come
  // up (gRPC waits a second by default).
  arguments.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  arguments.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  if (options.tls || !options.tls_root_certs_path.empty()) {
    grpc::SslCredentialsOptions ssl;
    if (!options.tls_root_certs_path.empty()) {
      absl::StatusOr<std::string> pem = ReadPemFile(options.tls_root_certs_path);
      if (!pem.ok()) return pem.status();
      ssl.pem_root_certs = *std::move(pem);
    }
    credentials = grpc::SslCredentials(ssl);
    if (!options.tls_server_name_override.empty()) {
      arguments.SetSslTargetNameOverride(options.tls_server_name_override);
    }
  } else {
    credentials = grpc::InsecureChannelCredentials();
  }
  return grpc::CreateCustomChannel(options.target, credentials, arguments);
}

}  // namespace latentspace
