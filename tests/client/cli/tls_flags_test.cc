// Tests of latentctl's TLS flags (--tls-ca, --tls-cert, --tls-key and their LATENT_TLS_*
// variables) against an in-process server that verifies client certificates.
#include <unistd.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/client/fake_latentd.h"
#include "tests/client/latentctl_runner.h"
#include "tests/testing/paths.h"
#include "tests/testing/test_certificates.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;
using testing::RunLatentctl;
using testing::ServerFlag;

class TlsFlagsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    std::optional<testing::TestCertificates> made = testing::TestCertificates::Make(
        absl::StrCat(::testing::TempDir(), "/cli_tls_certificates_", getpid()), &error);
    ASSERT_TRUE(made.has_value()) << error;
    pems_ = *made;
    server_.credentials = testing::MutualTlsServerCredentials(pems_);
    ASSERT_TRUE(server_.Start());
  }

  testing::TestCertificates pems_;
  testing::FakeLatentd server_;
};

TEST_F(TlsFlagsTest, ClientCertificateFlagsConnect) {
  const testing::LatentctlResult result =
      RunLatentctl(ServerFlag(server_.address()) + "health --tls-ca " + pems_.ca + " --tls-cert " +
                   pems_.client_cert + " --tls-key " + pems_.client_key);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "SERVING\n");
}

TEST_F(TlsFlagsTest, EnvironmentVariablesConnect) {
  const testing::LatentctlResult result =
      RunLatentctl(ServerFlag(server_.address()) + "health",
                   "LATENT_TLS_CA=" + pems_.ca + " LATENT_TLS_CERT=" + pems_.client_cert +
                       " LATENT_TLS_KEY=" + pems_.client_key);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "SERVING\n");
}

TEST_F(TlsFlagsTest, WithoutAClientCertificateTheServerIsUnreachable) {
  const testing::LatentctlResult result =
      RunLatentctl(ServerFlag(server_.address()) + "--timeout 5 health --tls-ca " + pems_.ca);
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_THAT(result.err, HasSubstr("cannot reach latentd at " + server_.address()));
}

TEST_F(TlsFlagsTest, CertificateWithoutKeyIsAUsageError) {
  const testing::LatentctlResult result =
      RunLatentctl(ServerFlag(server_.address()) + "health --tls-cert " + pems_.client_cert);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("--tls-key"));
}

TEST_F(TlsFlagsTest, UnreadableCertificateIsALocalErrorNamingIt) {
  const testing::LatentctlResult result =
      RunLatentctl(ServerFlag(server_.address()) +
                   "health --tls-cert /nonexistent/c.pem --tls-key " + pems_.client_key);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("/nonexistent/c.pem: cannot read TLS client certificate"));
}

}  // namespace
}  // namespace latentspace
