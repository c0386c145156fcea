// Tests of the SDK's TLS options against an in-process server that verifies client certificates
// (mutual TLS): the right certificates connect and carry the token; a missing or untrusted client
// certificate, untrusted server roots and plaintext are refused; bad TLS files fail at creation,
// naming the file.
#include <unistd.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "client/sdk/client.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/client/fake_latentd.h"
#include "tests/testing/paths.h"
#include "tests/testing/test_certificates.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;

class SdkTlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string error;
    certificates_ = new std::optional<testing::TestCertificates>(testing::TestCertificates::Make(
        absl::StrCat(::testing::TempDir(), "/sdk_tls_certificates_", getpid()), &error));
    ASSERT_TRUE(certificates_->has_value()) << error;
  }
  static void TearDownTestSuite() { delete certificates_; }

  void SetUp() override {
    ASSERT_TRUE(certificates_->has_value());
    const testing::TestCertificates& pems = **certificates_;
    server_.credentials = testing::MutualTlsServerCredentials(pems);
    server_.list_samples = [this](grpc::ServerContext* context, const v1::ListSamplesRequest&,
                                  v1::ListSamplesResponse*) {
      const auto& metadata = context->client_metadata();
      const auto found = metadata.find("authorization");
      if (found != metadata.end())
        authorization_.assign(found->second.data(), found->second.size());
      return grpc::Status::OK;
    };
    ASSERT_TRUE(server_.Start());
  }

  // Options for the test server with the suite's authority as roots and its client certificate;
  // no retries, so that refused handshakes fail fast.
  ClientOptions MutualTls() const {
    const testing::TestCertificates& pems = **certificates_;
    ClientOptions options;
    options.target = server_.address();
    options.tls_root_certs_path = pems.ca;
    options.tls_client_cert_path = pems.client_cert;
    options.tls_client_key_path = pems.client_key;
    options.timeout_seconds = 10;
    options.max_retries = 0;
    return options;
  }

  static absl::StatusCode HealthCode(const ClientOptions& options) {
    absl::StatusOr<Client> client = Client::Create(options);
    if (!client.ok()) return client.status().code();
    return client->Health().status().code();
  }

  static std::optional<testing::TestCertificates>* certificates_;
  testing::FakeLatentd server_;
  std::string authorization_;
};

std::optional<testing::TestCertificates>* SdkTlsTest::certificates_ = nullptr;

TEST_F(SdkTlsTest, TrustedClientCertificateConnectsAndSendsTheToken) {
  ClientOptions options = MutualTls();
  options.token = "s3cret";
  absl::StatusOr<Client> client = Client::Create(options);
  ASSERT_TRUE(client.ok()) << client.status();
  absl::StatusOr<grpc::health::v1::HealthCheckResponse> health = client->Health();
  ASSERT_TRUE(health.ok()) << health.status();
  EXPECT_EQ(health->status(), grpc::health::v1::HealthCheckResponse::SERVING);
  ASSERT_TRUE(client->ListSamples().ok());
  EXPECT_EQ(authorization_, "Bearer s3cret");
}

TEST_F(SdkTlsTest, MissingOrUntrustedClientCertificateIsRefused) {
  ClientOptions without = MutualTls();
  without.tls_client_cert_path.clear();
  without.tls_client_key_path.clear();
  EXPECT_EQ(HealthCode(without), absl::StatusCode::kUnavailable);

  ClientOptions stranger = MutualTls();
  stranger.tls_client_cert_path = (*certificates_)->stranger_cert;
  stranger.tls_client_key_path = (*certificates_)->stranger_key;
  EXPECT_EQ(HealthCode(stranger), absl::StatusCode::kUnavailable);
}

TEST_F(SdkTlsTest, UntrustedServerAndPlaintextAreRefused) {
  ClientOptions wrong_roots = MutualTls();
  wrong_roots.tls_root_certs_path = (*certificates_)->stranger_cert;
  EXPECT_EQ(HealthCode(wrong_roots), absl::StatusCode::kUnavailable);

  ClientOptions plaintext;
  plaintext.target = server_.address();
  plaintext.timeout_seconds = 10;
  plaintext.max_retries = 0;
  EXPECT_EQ(HealthCode(plaintext), absl::StatusCode::kUnavailable);
}

TEST_F(SdkTlsTest, BadTlsFilesFailAtCreationNamingTheFile) {
  ClientOptions half = MutualTls();
  half.tls_client_key_path.clear();
  absl::Status status = Client::Create(half).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("private key"));

  const std::string not_pem =
      testing::WriteFile(absl::StrCat(::testing::TempDir(), "/not_a_key_", getpid()), "hello\n");
  ClientOptions garbage = MutualTls();
  garbage.tls_client_key_path = not_pem;
  status = Client::Create(garbage).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr(not_pem + ": TLS client key is not a PEM file"));

  ClientOptions missing = MutualTls();
  missing.tls_client_cert_path = "/nonexistent/client.pem";
  status = Client::Create(missing).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(status.message(), HasSubstr("/nonexistent/client.pem"));
}

}  // namespace
}  // namespace latentspace
