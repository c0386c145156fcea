// Tests server/metrics/http_server.h: address parsing, GET /metrics on a free port with
// httplib::Client, 404 elsewhere, bind conflicts, Stop/restart, concurrent scrapes.
#include "server/metrics/http_server.h"

#include <httplib.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/metrics/registry.h"
#include "server/metrics/text_exposition.h"

namespace latentspace::metrics {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(MetricsHttpServerTest, ParsesHostPort) {
  absl::StatusOr<HostPort> parsed = ParseHostPort("127.0.0.1:9464");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->host, "127.0.0.1");
  EXPECT_EQ(parsed->port, 9464);

  parsed = ParseHostPort("localhost:0");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->host, "localhost");
  EXPECT_EQ(parsed->port, 0);

  parsed = ParseHostPort(":65535");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->host, "0.0.0.0");
  EXPECT_EQ(parsed->port, 65535);

  parsed = ParseHostPort("[::1]:8080");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->host, "::1");
  EXPECT_EQ(parsed->port, 8080);
}

TEST(MetricsHttpServerTest, RejectsMalformedAddressesNamingThem) {
  for (const char* address :
       {"", "localhost", "localhost:", "localhost:http", "host:65536", "host:-1",
        "host:99999999999", "::1:80", "[::1]80", "[::1", "[]:80", "host:80 "}) {
    const absl::Status status = ParseHostPort(address).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << address;
    EXPECT_THAT(status.message(), HasSubstr(std::string("\"") + address + "\"")) << address;
  }
}

TEST(MetricsHttpServerTest, StartRejectsAMalformedAddress) {
  Registry registry;
  MetricsHttpServer server(registry, "localhost:port");
  const absl::Status status = server.Start();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("localhost:port"));
  EXPECT_EQ(server.port(), 0);
}

class MetricsHttpServerServingTest : public ::testing::Test {
 protected:
  MetricsHttpServerServingTest() {
    BuildCounter()
        .Name("latent_rpc_requests_total")
        .Help("RPCs handled.")
        .Register(registry_)
        .Add({{"method", "Embed"}})
        .Increment(7);
  }

  Registry registry_;
};

TEST_F(MetricsHttpServerServingTest, ServesMetricsOnAFreePort) {
  MetricsHttpServer server(registry_, "127.0.0.1:0");
  ASSERT_TRUE(server.Start().ok());
  ASSERT_GT(server.port(), 0);
  EXPECT_EQ(server.bound_address(), "127.0.0.1:" + std::to_string(server.port()));

  httplib::Client client("127.0.0.1", server.port());
  httplib::Result result = client.Get("/metrics");
  ASSERT_TRUE(result) << httplib::to_string(result.error());
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(result->body, ExposeText(registry_));
  EXPECT_THAT(result->body, HasSubstr("latent_rpc_requests_total{method=\"Embed\"} 7\n"));

  // Each scrape sees the current values.
  BuildCounter()
      .Name("latent_rpc_requests_total")
      .Help("RPCs handled.")
      .Register(registry_)
      .Add({{"method", "Embed"}})
      .Increment();
  result = client.Get("/metrics");
  ASSERT_TRUE(result);
  EXPECT_THAT(result->body, HasSubstr("latent_rpc_requests_total{method=\"Embed\"} 8\n"));
}

TEST_F(MetricsHttpServerServingTest, OtherPathsAndMethodsAre404) {
  MetricsHttpServer server(registry_, "127.0.0.1:0");
  ASSERT_TRUE(server.Start().ok());
  httplib::Client client("127.0.0.1", server.port());
  for (const char* path : {"/", "/metric", "/metrics/", "/metrics/x", "/healthz"}) {
    httplib::Result result = client.Get(path);
    ASSERT_TRUE(result) << path;
    EXPECT_EQ(result->status, 404) << path;
  }
  httplib::Result post = client.Post("/metrics", "", "text/plain");
  ASSERT_TRUE(post);
  EXPECT_NE(post->status, 200);
}

TEST_F(MetricsHttpServerServingTest, AddressInUseIsUnavailableNamingTheAddress) {
  MetricsHttpServer first(registry_, "127.0.0.1:0");
  ASSERT_TRUE(first.Start().ok());
  const std::string address = "127.0.0.1:" + std::to_string(first.port());
  MetricsHttpServer second(registry_, address);
  const absl::Status status = second.Start();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  EXPECT_THAT(status.message(), HasSubstr(address));
  EXPECT_EQ(second.port(), 0);
  // The first one is unaffected.
  httplib::Client client("127.0.0.1", first.port());
  httplib::Result result = client.Get("/metrics");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
}

TEST_F(MetricsHttpServerServingTest, StartTwiceIsFailedPrecondition) {
  MetricsHttpServer server(registry_, "127.0.0.1:0");
  ASSERT_TRUE(server.Start().ok());
  EXPECT_EQ(server.Start().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(MetricsHttpServerServingTest, StopClosesThePortAndStartServesAgain) {
  MetricsHttpServer server(registry_, "127.0.0.1:0");
  ASSERT_TRUE(server.Start().ok());
  const int port = server.port();
  {
    httplib::Client client("127.0.0.1", port);
    ASSERT_TRUE(client.Get("/metrics"));  // leaves a kept-alive connection behind
    server.Stop();
  }
  server.Stop();  // idempotent
  EXPECT_EQ(server.port(), 0);
  EXPECT_EQ(server.bound_address(), "");
  httplib::Client refused("127.0.0.1", port);
  refused.set_connection_timeout(1);
  EXPECT_FALSE(refused.Get("/metrics"));

  ASSERT_TRUE(server.Start().ok());
  httplib::Client client("127.0.0.1", server.port());
  httplib::Result result = client.Get("/metrics");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
}

TEST_F(MetricsHttpServerServingTest, StopRightAfterStartAndDestructorStop) {
  for (int i = 0; i < 20; ++i) {
    MetricsHttpServer server(registry_, "127.0.0.1:0");
    ASSERT_TRUE(server.Start().ok());
    if (i % 2 == 0) server.Stop();  // else the destructor stops it
  }
}

TEST_F(MetricsHttpServerServingTest, ConcurrentScrapesWhileCountersMove) {
  MetricsHttpServer server(registry_, "127.0.0.1:0");
  ASSERT_TRUE(server.Start().ok());
  Counter& counter = BuildCounter()
                         .Name("latent_rpc_requests_total")
                         .Help("RPCs handled.")
                         .Register(registry_)
                         .Add({{"method", "Embed"}});
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      httplib::Client client("127.0.0.1", server.port());
      for (int i = 0; i < 25; ++i) {
        counter.Increment();
        httplib::Result result = client.Get("/metrics");
        if (!result || result->status != 200 ||
            result->body.find("# TYPE latent_rpc_requests_total counter\n") == std::string::npos) {
          ++failures;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(counter.Value(), 7 + 100);
}

TEST(MetricsHttpServerIpv6Test, ServesOnIpv6LoopbackWhenAvailable) {
  Registry registry;
  BuildGauge().Name("latent_up").Help("Up.").Register(registry).Add({}).Set(1);
  MetricsHttpServer server(registry, "[::1]:0");
  const absl::Status status = server.Start();
  if (!status.ok()) GTEST_SKIP() << "no IPv6 loopback here: " << status;
  EXPECT_THAT(server.bound_address(), StartsWith("[::1]:"));
  httplib::Client client("::1", server.port());
  httplib::Result result = client.Get("/metrics");
  ASSERT_TRUE(result) << httplib::to_string(result.error());
  EXPECT_EQ(result->body, "# HELP latent_up Up.\n# TYPE latent_up gauge\nlatent_up 1\n");
}

}  // namespace
}  // namespace latentspace::metrics
