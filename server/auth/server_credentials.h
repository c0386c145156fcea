// The transport security of latentd's gRPC port: plaintext, TLS with a server certificate, or
// mutual TLS that requires and verifies client certificates against a CA; and whether a listen
// address stays on this machine (loopback), which decides whether authentication is optional.
#ifndef LATENTSPACE_SERVER_AUTH_SERVER_CREDENTIALS_H_
#define LATENTSPACE_SERVER_AUTH_SERVER_CREDENTIALS_H_

#include <grpcpp/security/server_credentials.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace latentspace::server {

struct TlsFiles {
  std::string cert;       // PEM certificate chain of the server; empty: plaintext
  std::string key;        // PEM private key of `cert`
  std::string client_ca;  // PEM CA certificates; when set, clients must present a certificate
                          // signed by one of them (mutual TLS)
};

bool UsesTls(const TlsFiles& files);

// Credentials for `files`, checked before any port is opened: INVALID_ARGUMENT naming the file for
// a certificate without its key (or the reverse), a client CA without a certificate, a file that
// is not PEM or holds no certificate or key, or a key that does not belong to the certificate;
// NOT_FOUND for an unreadable file.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const TlsFiles& files);

// Whether host:port listens on loopback only: localhost, 127.0.0.0/8, [::1], or a unix socket.
// "0.0.0.0:50051", "[::]:50051", ":50051" and any other host reach beyond this machine.
bool IsLoopbackAddress(absl::string_view listen);

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_AUTH_SERVER_CREDENTIALS_H_
