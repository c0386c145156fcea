// Tests of latentd's transport security settings (each mistake named by file before any port
// opens) and of the loopback test of listen addresses.
#include "server/auth/server_credentials.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/paths.h"
#include "tests/testing/test_certificates.h"

namespace latentspace::server {
namespace {

using ::testing::HasSubstr;

TEST(IsLoopbackAddressTest, LoopbackHostsAndUnixSockets) {
  for (const char* address : {"127.0.0.1:50051", "127.0.0.1:0", "127.1.2.3:9", "localhost:50051",
                              "[::1]:50051", "unix:/run/latentd.sock", "unix-abstract:latentd"}) {
    EXPECT_TRUE(IsLoopbackAddress(address)) << address;
  }
}

TEST(IsLoopbackAddressTest, EverythingElseReachesBeyondThisMachine) {
  for (const char* address :
       {"0.0.0.0:50051", "[::]:50051", ":50051", "10.0.0.7:50051", "192.168.1.1:1",
        "latentd.example.org:50051", "128.0.0.1:50051", "127.0.0.256:1", "127.0.0:1",
        "127.0.0.1.5:1", "[::1:50051", "[::2]:50051", "localhost.evil.com:1"}) {
    EXPECT_FALSE(IsLoopbackAddress(address)) << address;
  }
}

class ServerCredentialsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::ScratchDir();
    std::string error;
    std::optional<testing::TestCertificates> pems = testing::TestCertificates::Make(dir_, &error);
    ASSERT_TRUE(pems.has_value()) << error;
    pems_ = *pems;
  }
  std::string dir_;
  testing::TestCertificates pems_;
};

TEST_F(ServerCredentialsTest, PlaintextTlsAndMutualTlsAreMade) {
  EXPECT_FALSE(UsesTls({}));
  EXPECT_TRUE(MakeServerCredentials({}).ok());
  EXPECT_TRUE(MakeServerCredentials({pems_.server_cert, pems_.server_key, ""}).ok());
  EXPECT_TRUE(MakeServerCredentials({pems_.server_cert, pems_.server_key, pems_.ca}).ok());
}

TEST_F(ServerCredentialsTest, EachMistakeIsNamed) {
  const std::string text = testing::WriteFile(dir_ + "/notes.txt", "not a certificate\n");
  const std::string junk_pem =
      testing::WriteFile(dir_ + "/junk.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n");
  struct Case {
    TlsFiles files;
    absl::StatusCode code;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{pems_.server_cert, "", ""}, absl::StatusCode::kInvalidArgument, "both the server's"},
      {{"", pems_.server_key, ""}, absl::StatusCode::kInvalidArgument, "both the server's"},
      {{"", "", pems_.ca}, absl::StatusCode::kInvalidArgument, "a TLS client CA (--tls-client-ca)"},
      {{dir_ + "/missing.pem", pems_.server_key, ""},
       absl::StatusCode::kNotFound,
       "cannot read the TLS certificate " + dir_ + "/missing.pem"},
      {{text, pems_.server_key, ""}, absl::StatusCode::kInvalidArgument, "notes.txt is not a PEM"},
      {{junk_pem, pems_.server_key, ""},
       absl::StatusCode::kInvalidArgument,
       "junk.pem holds no PEM certificate"},
      {{pems_.server_cert, pems_.server_cert, ""},
       absl::StatusCode::kInvalidArgument,
       "holds no PEM private key"},
      {{pems_.server_cert, pems_.client_key, ""},
       absl::StatusCode::kInvalidArgument,
       "client.key is not the key of the certificate " + pems_.server_cert},
      {{pems_.server_cert, pems_.server_key, text},
       absl::StatusCode::kInvalidArgument,
       "TLS client CA " + text + " is not a PEM file"},
      {{pems_.server_cert, pems_.server_key, junk_pem},
       absl::StatusCode::kInvalidArgument,
       "TLS client CA " + junk_pem + " holds no PEM certificate"},
  };
  for (const Case& c : cases) {
    const absl::Status status = MakeServerCredentials(c.files).status();
    EXPECT_EQ(status.code(), c.code) << c.message << ": " << status;
    EXPECT_THAT(status.message(), HasSubstr(c.message));
  }
}

}  // namespace
}  // namespace latentspace::server
