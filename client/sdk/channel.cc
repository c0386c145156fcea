// The gRPC channel of a latentspace::Client.
#include "client/sdk/channel.h"

#include <fstream>
#include <iterator>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "core/status_macros.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"

namespace latentspace {
namespace {

// The PEM file at `path`; `what` names its role in messages ("TLS root certificates").
absl::StatusOr<std::string> ReadPemFile(const std::string& path, absl::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot read ", what));
  std::string pem((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (pem.find("-----BEGIN ") == std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", what, " is not a PEM file"));
  }
  return pem;
}

// The TLS options: the PEM files of `options` read in.
absl::StatusOr<grpc::SslCredentialsOptions> SslOptions(const ClientOptions& options) {
  if (options.tls_client_cert_path.empty() != options.tls_client_key_path.empty()) {
    return absl::InvalidArgumentError(
        "a TLS client certificate needs its private key, and the key its certificate");
  }
  grpc::SslCredentialsOptions ssl;
  struct PemFile {
    const std::string& path;
    absl::string_view role;
    std::string* pem;
  };
  for (const PemFile& file :
       {PemFile{options.tls_root_certs_path, "TLS root certificates", &ssl.pem_root_certs},
        PemFile{options.tls_client_cert_path, "TLS client certificate", &ssl.pem_cert_chain},
        PemFile{options.tls_client_key_path, "TLS client key", &ssl.pem_private_key}}) {
    if (file.path.empty()) continue;
    LATENT_ASSIGN_OR_RETURN(std::string pem, ReadPemFile(file.path, file.role));
    *file.pem = std::move(pem);
  }
  return ssl;
}

}  // namespace

bool UsesTls(const ClientOptions& options) {
  return options.tls || !options.tls_root_certs_path.empty() ||
         !options.tls_client_cert_path.empty() || !options.tls_client_key_path.empty();
}

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
  if (UsesTls(options)) {
    LATENT_ASSIGN_OR_RETURN(grpc::SslCredentialsOptions ssl, SslOptions(options));
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
