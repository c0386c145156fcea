// Throw-away TLS material for tests, made with the openssl command: a certificate authority, a
// server certificate for 127.0.0.1/localhost and a client certificate signed by it, and a second,
// unrelated authority with its own client certificate (for "not trusted" cases). EC P-256 keys,
// valid for two days, written as PEM files under a directory; and server credentials that
// verify clients with them.
#ifndef LATENTSPACE_TESTS_TESTING_TEST_CERTIFICATES_H_
#define LATENTSPACE_TESTS_TESTING_TEST_CERTIFICATES_H_

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "grpcpp/security/server_credentials.h"
#include "tests/testing/paths.h"
#include "tests/testing/run_command.h"

namespace latentspace::testing {

struct TestCertificates {
  std::string ca;           // PEM files
  std::string server_cert;  // subjectAltName IP:127.0.0.1, DNS:localhost
  std::string server_key;
  std::string client_cert;  // signed by `ca`
  std::string client_key;
  std::string stranger_cert;  // signed by another authority
  std::string stranger_key;

  // Makes them under `dir` (created); nullopt, with openssl's output in *error, on failure.
  static std::optional<TestCertificates> Make(const std::string& dir, std::string* error) {
    std::filesystem::create_directories(dir);
    const auto path = [&dir](const char* name) { return absl::StrCat(dir, "/", name); };
    // A key and a certificate for `subject`: self-signed (an authority) when `ca` is empty.
    const auto make = [&](const std::string& name, const std::string& subject,
                          const std::string& ca, const std::string& extensions) {
      std::string command = absl::StrCat(
          "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2",
          " -keyout ", path(name.c_str()), ".key -out ", path(name.c_str()),
          ".pem -subj '/CN=", subject, "'");
      if (!ca.empty()) {
        absl::StrAppend(&command, " -CA ", path(ca.c_str()), ".pem -CAkey ", path(ca.c_str()),
                        ".key -addext basicConstraints=critical,CA:FALSE");
      }
      if (!extensions.empty()) absl::StrAppend(&command, " -addext ", extensions);
      const CommandResult result = RunCommand(command + " 2>&1");
      if (result.exit_code != 0) *error += command + ": " + result.output;
      return result.exit_code == 0;
    };
    if (!make("ca", "latentspace test CA", "", "") ||
        !make("server", "localhost", "ca", "subjectAltName=IP:127.0.0.1,DNS:localhost") ||
        !make("client", "latentspace test client", "ca", "") ||
        !make("stranger_ca", "unrelated CA", "", "") ||
        !make("stranger", "unrelated client", "stranger_ca", "")) {
      return std::nullopt;
    }
    return TestCertificates{path("ca.pem"),      path("server.pem"), path("server.key"),
                            path("client.pem"),  path("client.key"), path("stranger.pem"),
                            path("stranger.key")};
  }
};

// Server credentials with `pems`' server certificate that require and verify a client
// certificate signed by `pems.ca` (mutual TLS).
inline std::shared_ptr<grpc::ServerCredentials> MutualTlsServerCredentials(
    const TestCertificates& pems) {
  grpc::SslServerCredentialsOptions ssl(GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  ssl.pem_root_certs = ReadFile(pems.ca);
  ssl.pem_key_cert_pairs.push_back({ReadFile(pems.server_key), ReadFile(pems.server_cert)});
  return grpc::SslServerCredentials(ssl);
}

}  // namespace latentspace::testing

#endif  // LATENTSPACE_TESTS_TESTING_TEST_CERTIFICATES_H_
