// End to end: who may call latentd. Bearer tokens from a token file made with `latentd
// --add-token`, the role every RPC needs, the anonymous caller, the token file's reload on SIGHUP,
// the loopback rule (authentication is on by default beyond loopback), TLS and mutual TLS, and
// latentctl sending its token.
#include <signal.h>

#include <functional>
#include <set>

#include "absl/strings/ascii.h"
#include "client/sdk/client.h"
#include "proto/access_role.h"
#include "tests/e2e/metrics_scrape.h"
#include "tests/e2e/server_e2e.h"
#include "tests/testing/build_paths.h"
#include "tests/testing/run_command.h"
#include "tests/testing/test_certificates.h"

namespace latentspace::e2e {
namespace {

using ::testing::HasSubstr;

constexpr char kSquark[] = "squark_1800_800";
constexpr char kZprime[] = "zprime_monojet_2000_50";

// `latentd --add-token NAME --role ROLE --tokens FILE`: the token it prints.
std::string AddToken(const std::string& file, const std::string& name, const std::string& role) {
  const testing::CommandResult result = testing::RunCommand(absl::StrCat(
      testing::LatentdPath(), " --add-token ", name, " --role ", role, " --tokens ", file));
  EXPECT_EQ(result.exit_code, 0) << result.output;
  return std::string(absl::StripAsciiWhitespace(result.output));
}

// One RPC, called with arguments that need no stored state: admitted, it fails with NOT_FOUND or
// INVALID_ARGUMENT (or succeeds), never with an access code.
struct RpcCase {
  std::string method;  // "SampleService.UploadSample"
  std::function<absl::Status(Client&)> call;
  // The role it needs: its required_role option, the one place that says.
  std::string role() const { return RequiredRoleName(method); }
};

std::vector<RpcCase> EveryRpc() {
  v1::EncoderRef missing;
  missing.set_name("no_such_encoder");
  v1::TrainingRequest training = TrainingRequest("e", {"no_such_a", "no_such_b"}, 1);
  v1::EmbedRequest embed;
  *embed.mutable_encoder() = missing;
  v1::QueryNearestRequest nearest;
  *nearest.mutable_encoder() = missing;
  nearest.set_sample_name("no_such_sample");
  v1::GetContoursRequest contours;
  *contours.mutable_encoder() = missing;
  v1::GetFeatureMapRequest map;
  *map.mutable_encoder() = missing;
  v1::GetDistanceMatrixRequest distances;
  *distances.mutable_encoder() = missing;
  v1::SampleHeader header;
  header.set_name("uploaded_by_the_matrix");
  v1::DetectorRef no_detector;
  no_detector.set_name("no_such_detector");
  v1::DetectorTrainingRequest detector_training;
  detector_training.set_detector("d");
  detector_training.set_reference("no_such_sample");
  v1::ScoreEventsRequest score;
  *score.mutable_detector() = no_detector;
  score.set_sample_name("no_such_sample");
  v1::InterpretSelectionRequest interpret;
  *interpret.mutable_detector() = no_detector;
  interpret.mutable_encoder()->set_name("no_such_encoder");
  interpret.set_sample_name("no_such_sample");
  interpret.set_keep(0.1);
  return {
      {"SampleService.UploadSample",
       [header](Client& c) {
         return c
             .UploadSample(header,
                           [](std::vector<v1::Event>* chunk) {
                             *chunk = testing::Slice(BundledEvents(kZprime), 0, 20);
                             return false;
                           })
             .status();
       }},
      {"SampleService.ListSamples", [](Client& c) { return c.ListSamples().status(); }},
      {"SampleService.GetSample", [](Client& c) { return c.GetSample("no_such_sample").status(); }},
      {"SampleService.DeleteSample",
       [](Client& c) { return c.DeleteSample("no_such_sample").status(); }},
      {"JobService.SubmitTraining",
       [training](Client& c) { return c.SubmitTraining(training).status(); }},
      {"JobService.GetJob", [](Client& c) { return c.GetJob("job-999999").status(); }},
      {"JobService.ListJobs", [](Client& c) { return c.ListJobs().status(); }},
      {"JobService.WatchJob", [](Client& c) { return c.WatchJob("job-999999").status(); }},
      {"JobService.CancelJob", [](Client& c) { return c.CancelJob("job-999999").status(); }},
      {"EncoderService.ListEncoders", [](Client& c) { return c.ListEncoders().status(); }},
      {"EncoderService.GetEncoder",
       [missing](Client& c) { return c.GetEncoder(missing).status(); }},
      {"EncoderService.DeleteEncoder",
       [missing](Client& c) { return c.DeleteEncoder(missing).status(); }},
      {"EmbeddingService.Embed", [embed](Client& c) { return c.Embed(embed).status(); }},
      {"ProximityService.QueryNearest",
       [nearest](Client& c) { return c.QueryNearest(nearest).status(); }},
      {"ProximityService.GetContours",
       [contours](Client& c) { return c.GetContours(contours).status(); }},
      {"ProximityService.GetFeatureMap",
       [map](Client& c) { return c.GetFeatureMap(map).status(); }},
      {"ProximityService.GetDistanceMatrix",
       [distances](Client& c) { return c.GetDistanceMatrix(distances).status(); }},
      {"JobService.SubmitDetectorTraining",
       [detector_training](Client& c) {
         return c.SubmitDetectorTraining(detector_training).status();
       }},
      {"DetectorService.ListDetectors", [](Client& c) { return c.ListDetectors().status(); }},
      {"DetectorService.GetDetector",
       [no_detector](Client& c) { return c.GetDetector(no_detector).status(); }},
      {"DetectorService.DeleteDetector",
       [no_detector](Client& c) { return c.DeleteDetector(no_detector).status(); }},
      {"DetectorService.ScoreEvents", [score](Client& c) { return c.ScoreEvents(score).status(); }},
      {"DetectorService.InterpretSelection",
       [interpret](Client& c) { return c.InterpretSelection(interpret).status(); }},
      {"DetectorService.InterpretSelectionWithProgress",
       [interpret](Client& c) { return c.InterpretSelectionWithProgress(interpret).status(); }},
  };
}

bool IsAccessCode(absl::StatusCode code) {
  return code == absl::StatusCode::kUnauthenticated || code == absl::StatusCode::kPermissionDenied;
}

class ServerAuth : public LatentdTest {
 protected:
  void SetUp() override {
    tokens_ = ScratchDir() + "/tokens.txt";
    for (const char* role : {"reader", "trainer", "admin"}) {
      token_[role] = AddToken(tokens_, std::string(role) + "_token", role);
    }
  }

  // An SDK client of the running server with `token` ("" : none) and no retries.
  Client ClientWith(const std::string& token, ClientOptions options = {}) {
    options.target = server().address();
    options.token = token;
    options.max_retries = 0;
    options.timeout_seconds = 30;
    absl::StatusOr<Client> client = Client::Create(options);
    EXPECT_TRUE(client.ok()) << client.status();
    return *std::move(client);
  }

  // What the store holds, to check that refused calls changed nothing.
  std::string StoreListing() {
    Client admin = ClientWith(token_["admin"]);
    return absl::StrCat(admin.ListSamples()->DebugString(), admin.ListJobs()->DebugString(),
                        admin.ListEncoders(true)->DebugString(),
                        admin.ListDetectors(true)->DebugString());
  }

  std::string tokens_;
  std::map<std::string, std::string> token_;
};

TEST_F(ServerAuth, EveryRpcNeedsItsRole) {
  ASSERT_TRUE(StartServer({"--tokens", tokens_}));
  const std::map<std::string, int> rank = {{"reader", 1}, {"trainer", 2}, {"admin", 3}};
  for (const auto& [role, token] : token_) {
    Client client = ClientWith(token);
    for (const RpcCase& rpc : EveryRpc()) {
      ASSERT_TRUE(rank.count(rpc.role())) << rpc.method << " names no role";
      const absl::Status status = rpc.call(client);
      if (rank.at(role) >= rank.at(rpc.role())) {
        EXPECT_FALSE(IsAccessCode(status.code())) << role << " " << rpc.method << ": " << status;
      } else {
        EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied)
            << role << " " << rpc.method << ": " << status;
        EXPECT_THAT(status.message(),
                    HasSubstr(absl::StrCat("token '", role, "_token' has role ", role, "; ")));
        EXPECT_THAT(status.message(), HasSubstr(rpc.method + " needs role " + rpc.role()));
      }
    }
  }
}

TEST_F(ServerAuth, CallsWithoutAKnownTokenAreRefusedAndChangeNothing) {
  ASSERT_TRUE(StartServer({"--tokens", tokens_}));
  ASSERT_TRUE(ClientWith(token_["trainer"])
                  .UploadSample(HeaderOf(Bundled(kSquark)),
                                [](std::vector<v1::Event>* chunk) {
                                  *chunk = testing::Slice(BundledEvents(kSquark), 0, 100);
                                  return false;
                                })
                  .ok());
  const std::string before = StoreListing();
  for (const std::string& token :
       std::vector<std::string>{"", "lsk_guessed", token_["admin"] + "x"}) {
    Client client = ClientWith(token);
    for (const RpcCase& rpc : EveryRpc()) {
      const absl::Status status = rpc.call(client);
      EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated)
          << "'" << token << "' " << rpc.method << ": " << status;
    }
    // The health service stays open to probes.
    EXPECT_TRUE(client.Health().ok()) << client.Health().status();
  }
  EXPECT_THAT(ClientWith("").ListSamples().status().message(), HasSubstr("needs a bearer token"));
  EXPECT_THAT(ClientWith("lsk_guessed").ListSamples().status().message(),
              HasSubstr("not one of this server's tokens"));
  EXPECT_EQ(StoreListing(), before);
  // The refusals are in the log with the caller's address, and never the token.
  EXPECT_THAT(server().log(), HasSubstr("SampleService.DeleteSample from ipv4:127.0.0.1:"));
  EXPECT_THAT(server().log(), ::testing::Not(HasSubstr(token_["admin"])));
}

TEST_F(ServerAuth, AnAnonymousRoleAdmitsCallsWithoutATokenUpToIt) {
  ASSERT_TRUE(StartServer({"--tokens", tokens_, "--anonymous-role", "reader"}));
  Client anonymous = ClientWith("");
  EXPECT_TRUE(anonymous.ListSamples().ok());
  const absl::Status denied = anonymous.DeleteSample("x").status();
  EXPECT_EQ(denied.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(denied.message(),
              HasSubstr("the anonymous caller at ipv4:127.0.0.1 has role reader"));
  // A token sent is still checked, and counts over the anonymous role.
  EXPECT_EQ(ClientWith("lsk_guessed").ListSamples().status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(ClientWith(token_["admin"]).DeleteSample("x").status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(ServerAuth, SighupReloadsTheTokenFileAndABrokenOneKeepsTheTokensInForce) {
  ASSERT_TRUE(StartServer({"--tokens", tokens_}));
  const std::string metrics = server().metrics_address();
  EXPECT_EQ(ScrapeOne(metrics, "latent_tokens_loaded"), 3.0);
  const std::string late = AddToken(tokens_, "late", "reader");
  EXPECT_EQ(ClientWith(late).ListSamples().status().code(), absl::StatusCode::kUnauthenticated)
      << "not before the reload";
  // The reload is asynchronous: wait until the new token works.
  const auto reload_and_wait = [&](const std::function<bool()>& done) {
    server().Signal(SIGHUP);
    return WaitFor(done, seconds(10));
  };
  ASSERT_TRUE(reload_and_wait([&] { return ClientWith(late).ListSamples().ok(); }));
  EXPECT_EQ(ScrapeOne(metrics, "latent_tokens_loaded"), 4.0);
  EXPECT_EQ(ScrapeOne(metrics, "latent_token_reloads_total", {{"result", "ok"}}), 1.0);

  // Revoked: the reader's line removed.
  std::string text = testing::ReadFile(tokens_);
  const size_t line = text.find("reader_token ");
  ASSERT_NE(line, std::string::npos);
  text.erase(line, text.find('\n', line) + 1 - line);
  testing::WriteFile(tokens_, text);
  ASSERT_TRUE(reload_and_wait([&] {
    return ClientWith(token_["reader"]).ListSamples().status().code() ==
           absl::StatusCode::kUnauthenticated;
  }));
  EXPECT_TRUE(ClientWith(late).ListSamples().ok());

  // Broken: the server says so and keeps the tokens it has.
  testing::WriteFile(tokens_, text + "mallory admin not-a-hash\n");
  ASSERT_TRUE(reload_and_wait([&] {
    return ScrapeOne(metrics, "latent_token_reloads_total", {{"result", "error"}}) == 1.0;
  }));
  EXPECT_TRUE(ClientWith(late).ListSamples().ok());
  EXPECT_TRUE(ClientWith(token_["admin"]).ListSamples().ok());
  EXPECT_THAT(server().log(), HasSubstr("the token file was not reloaded"));
  EXPECT_THAT(server().log(), HasSubstr("tokens.txt:6: hash \"not-a-hash\""));
  EXPECT_EQ(ScrapeOne(metrics, "latent_tokens_loaded"), 3.0);
}

TEST_F(ServerAuth, BeyondLoopbackAuthenticationIsOnUnlessAnonymousCallersAreAllowedExplicitly) {
  const std::string data = ScratchDir() + "/refused";
  const testing::CommandResult refused = testing::RunCommand(
      absl::StrCat(testing::LatentdPath(),
                   " --listen 0.0.0.0:0 --metrics-listen 127.0.0.1:0 --data-dir ", data, " 2>&1"));
  EXPECT_EQ(refused.exit_code, 1) << refused.output;
  EXPECT_THAT(refused.output, HasSubstr("beyond loopback, without authentication"));
  EXPECT_THAT(refused.output, HasSubstr("--tokens FILE"));
  EXPECT_THAT(refused.output, HasSubstr("--anonymous-role"));
  EXPECT_FALSE(std::filesystem::exists(data + "/latentd.db")) << "nothing was touched";

  // With a token file it serves, and needs the tokens.
  ASSERT_TRUE(StartServer({"--listen", "0.0.0.0:0", "--tokens", tokens_}));
  EXPECT_EQ(ClientWith("").ListSamples().status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_TRUE(ClientWith(token_["reader"]).ListSamples().ok());
  // Anonymous callers beyond loopback only when asked for.
  ASSERT_TRUE(StartServer({"--listen", "0.0.0.0:0", "--anonymous-role", "reader"}));
  EXPECT_TRUE(ClientWith("").ListSamples().ok());
  EXPECT_EQ(ClientWith("").DeleteSample("x").status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(server().log(), HasSubstr("no token file; anonymous callers: reader; plaintext"));
  // On loopback without a token file, anonymous callers may do everything (the README's demo).
  ASSERT_TRUE(StartServer({}));
  EXPECT_EQ(ClientWith("").DeleteSample("x").status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(server().log(), HasSubstr("anonymous callers: admin"));
}

class ServerTls : public ServerAuth {
 protected:
  void SetUp() override {
    ServerAuth::SetUp();
    std::string error;
    std::optional<testing::TestCertificates> pems =
        testing::TestCertificates::Make(ScratchDir() + "/pki", &error);
    ASSERT_TRUE(pems.has_value()) << error;
    pems_ = *pems;
  }
  // Starts latentd serving TLS (the fixture's plaintext channel could not connect to it).
  ::testing::AssertionResult StartTlsServer(std::vector<std::string> args) {
    args.insert(args.end(), {"--tls-cert", pems_.server_cert, "--tls-key", pems_.server_key});
    server_ = std::make_unique<testing::LatentdProcess>(ScratchDir() + "/data", args);
    if (server_->Start()) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "latentd did not start; its log:\n" << server_->log();
  }
  ClientOptions Tls(const std::string& cert = "", const std::string& key = "") const {
    ClientOptions options;
    options.tls_root_certs_path = pems_.ca;
    options.tls_client_cert_path = cert;
    options.tls_client_key_path = key;
    options.timeout_seconds = 5;
    return options;
  }
  testing::TestCertificates pems_;
};

TEST_F(ServerTls, ServesTlsWithTokensAndRefusesPlaintext) {
  ASSERT_TRUE(StartTlsServer({"--tokens", tokens_}));
  EXPECT_TRUE(ClientWith(token_["reader"], Tls()).ListSamples().ok());
  EXPECT_EQ(ClientWith(token_["reader"], Tls()).DeleteSample("x").status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ClientWith(token_["reader"]).ListSamples().status().code(),
            absl::StatusCode::kUnavailable)
      << "a plaintext client";
  EXPECT_THAT(server().log(), HasSubstr("(3 tokens from " + tokens_ +
                                        "; anonymous callers: "
                                        "refused; TLS)"));
}

TEST_F(ServerTls, MutualTlsAdmitsOnlyClientCertificatesOfItsAuthority) {
  ASSERT_TRUE(StartTlsServer({"--anonymous-role", "reader", "--tls-client-ca", pems_.ca}));
  EXPECT_TRUE(ClientWith("", Tls(pems_.client_cert, pems_.client_key)).ListSamples().ok());
  EXPECT_EQ(ClientWith("", Tls()).ListSamples().status().code(), absl::StatusCode::kUnavailable)
      << "no client certificate";
  EXPECT_EQ(
      ClientWith("", Tls(pems_.stranger_cert, pems_.stranger_key)).ListSamples().status().code(),
      absl::StatusCode::kUnavailable)
      << "a certificate of another authority";
  EXPECT_THAT(server().log(), HasSubstr("mutual TLS (client certificates required)"));
}

TEST_F(ServerTls, BadTlsSettingsStopTheStartNamingTheFile) {
  struct Case {
    std::string flags;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"--tls-cert " + pems_.server_cert, "TLS needs both the server's certificate"},
      {"--tls-cert " + pems_.server_cert + " --tls-key " + pems_.client_key,
       "client.key is not the key of the certificate " + pems_.server_cert},
      {"--tls-cert " + pems_.server_cert + " --tls-key /nonexistent.key",
       "cannot read the TLS key /nonexistent.key"},
      {"--tls-cert " + pems_.server_cert + " --tls-key " + pems_.server_key + " --tls-client-ca " +
           tokens_,
       "TLS client CA " + tokens_ + " is not a PEM file"},
  };
  for (const Case& c : cases) {
    const std::string data = ScratchDir() + "/bad_tls";
    const testing::CommandResult result = testing::RunCommand(
        absl::StrCat(testing::LatentdPath(), " --listen 127.0.0.1:0 --metrics-listen 127.0.0.1:0 ",
                     "--data-dir ", data, " ", c.flags, " 2>&1"));
    EXPECT_EQ(result.exit_code, 1) << c.flags << "\n" << result.output;
    EXPECT_THAT(result.output, HasSubstr(c.message)) << c.flags;
    EXPECT_FALSE(std::filesystem::exists(data + "/latentd.db")) << c.flags;
  }
}

TEST_F(ServerAuth, LatentctlSendsItsTokenAndReportsRefusals) {
  ASSERT_TRUE(StartServer({"--tokens", tokens_}));
  const std::string latentctl =
      absl::StrCat(testing::LatentctlPath(), " --server ", server().address());
  const testing::CommandResult listed =
      testing::RunCommand(absl::StrCat(latentctl, " --token ", token_["reader"], " samples list"));
  EXPECT_EQ(listed.exit_code, 0) << listed.output;
  const testing::CommandResult from_env = testing::RunCommand(
      absl::StrCat("LATENT_TOKEN=", token_["trainer"], " ", latentctl, " samples upload ",
                   Bundled(kZprime).file, " --name ", kZprime, " 2>&1"));
  EXPECT_EQ(from_env.exit_code, 0) << from_env.output;
  const testing::CommandResult anonymous =
      testing::RunCommand(absl::StrCat(latentctl, " samples list 2>&1"));
  EXPECT_EQ(anonymous.exit_code, 1) << anonymous.output;
  EXPECT_THAT(anonymous.output, HasSubstr("UNAUTHENTICATED"));
  const testing::CommandResult denied = testing::RunCommand(absl::StrCat(
      latentctl, " --token ", token_["trainer"], " samples delete ", kZprime, " 2>&1"));
  EXPECT_EQ(denied.exit_code, 1) << denied.output;
  EXPECT_THAT(denied.output, HasSubstr("needs role admin (PERMISSION_DENIED)"));
  EXPECT_TRUE(ClientWith(token_["reader"]).GetSample(kZprime).ok()) << "nothing was deleted";
}

}  // namespace
}  // namespace latentspace::e2e
