// latentd's transport security and the loopback test of its listen address.
#include "server/auth/server_credentials.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <fstream>
#include <iterator>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/status_macros.h"

namespace latentspace::server {
namespace {

absl::StatusOr<std::string> ReadPem(const std::string& path, absl::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read the ", what, " ", path));
  std::string pem((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (pem.find("-----BEGIN ") == std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat("the ", what, " ", path, " is not a PEM file"));
  }
  return pem;
}

struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Deleter {
  void operator()(X509* x509) const { X509_free(x509); }
};
struct KeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};

std::unique_ptr<BIO, BioDeleter> MemoryBio(const std::string& pem) {
  return std::unique_ptr<BIO, BioDeleter>(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

// The certificate and key parse and belong together, so that a mistake is reported by name here
// rather than as a port that cannot be opened.
absl::Status CheckKeyPair(const TlsFiles& files, const std::string& cert_pem,
                          const std::string& key_pem) {
  std::unique_ptr<X509, X509Deleter> cert(
      PEM_read_bio_X509(MemoryBio(cert_pem).get(), nullptr, nullptr, nullptr));
  if (cert == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("the TLS certificate ", files.cert, " holds no PEM certificate"));
  }
  std::unique_ptr<EVP_PKEY, KeyDeleter> key(
      PEM_read_bio_PrivateKey(MemoryBio(key_pem).get(), nullptr, nullptr, nullptr));
  if (key == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the TLS key ", files.key, " holds no PEM private key (or one with a passphrase)"));
  }
  if (X509_check_private_key(cert.get(), key.get()) != 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("the TLS key ", files.key, " is not the key of the certificate ", files.cert));
  }
  return absl::OkStatus();
}

}  // namespace

bool UsesTls(const TlsFiles& files) {
  return !files.cert.empty() || !files.key.empty() || !files.client_ca.empty();
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const TlsFiles& files) {
  if (!UsesTls(files)) return grpc::InsecureServerCredentials();
  if (files.cert.empty() || files.key.empty()) {
    return absl::InvalidArgumentError(
        files.cert.empty() && files.key.empty()
            ? "a TLS client CA (--tls-client-ca) needs the server's certificate and key "
              "(--tls-cert, --tls-key)"
            : "TLS needs both the server's certificate (--tls-cert) and its key (--tls-key)");
  }
  LATENT_ASSIGN_OR_RETURN(std::string cert, ReadPem(files.cert, "TLS certificate"));
  LATENT_ASSIGN_OR_RETURN(std::string key, ReadPem(files.key, "TLS key"));
  LATENT_RETURN_IF_ERROR(CheckKeyPair(files, cert, key));
  grpc::SslServerCredentialsOptions options(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  if (!files.client_ca.empty()) {
    LATENT_ASSIGN_OR_RETURN(std::string ca, ReadPem(files.client_ca, "TLS client CA"));
    std::unique_ptr<X509, X509Deleter> first(
        PEM_read_bio_X509(MemoryBio(ca).get(), nullptr, nullptr, nullptr));
    if (first == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("the TLS client CA ", files.client_ca, " holds no PEM certificate"));
    }
    options.client_certificate_request = GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
    options.pem_root_certs = std::move(ca);
  }
  options.pem_key_cert_pairs.push_back({std::move(key), std::move(cert)});
  return grpc::SslServerCredentials(options);
}

bool IsLoopbackAddress(absl::string_view listen) {
  if (absl::StartsWith(listen, "unix:") || absl::StartsWith(listen, "unix-abstract:")) return true;
  const size_t colon = listen.rfind(':');
  absl::string_view host = colon == absl::string_view::npos ? listen : listen.substr(0, colon);
  if (absl::ConsumePrefix(&host, "[")) {
    if (!absl::ConsumeSuffix(&host, "]")) return false;
    return host == "::1";
  }
  if (host == "localhost") return true;
  const std::vector<absl::string_view> octets = absl::StrSplit(host, '.');
  int first = 0;
  if (octets.size() != 4 || !absl::SimpleAtoi(octets[0], &first) || first != 127) return false;
  for (absl::string_view octet : octets) {
    int value = 0;
    if (!absl::SimpleAtoi(octet, &value) || value < 0 || value > 255) return false;
  }
  return true;
}

}  // namespace latentspace::server
