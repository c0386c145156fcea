// End to end: latentd's Prometheus endpoint. After real RPCs and a training, /metrics carries the
// RPC, job, sample, encoder, process and build families with the right values; promtool accepts
// the exposition; and a real Prometheus server scrapes latentd and answers queries about it.

#include <filesystem>
#include <optional>

#include "tests/e2e/metrics_scrape.h"
#include "tests/e2e/server_e2e.h"
#include "tests/testing/prometheus_process.h"
#include "tests/testing/run_command.h"

namespace latentspace::e2e {
namespace {

constexpr char kSquark[] = "squark_1800_800";
constexpr char kZprime[] = "zprime_monojet_2000_50";
constexpr char kPromtool[] = "/usr/bin/promtool";

// Writes a configuration scraping `target` every second into `dir`; its path.
std::string ScrapeConfig(const std::string& dir, const std::string& target) {
  std::filesystem::create_directories(dir);
  return testing::WriteFile(dir + "/prometheus.yml",
                            "global:\n"
                            "  scrape_interval: 1s\n"
                            "  evaluation_interval: 1s\n"
                            "scrape_configs:\n"
                            "  - job_name: latentd\n"
                            "    scrape_interval: 1s\n"
                            "    static_configs:\n"
                            "      - targets: ['" +
                                target + "']\n");
}

class ServerMetrics : public LatentdTest {
 protected:
  // Some RPCs of known outcome and one training.
  void DriveTheServer() {
    ASSERT_TRUE(StartServer());
    ASSERT_TRUE(IsOk(UploadBundled(api(), kSquark, nullptr, 400)));
    ASSERT_TRUE(IsOk(UploadBundled(api(), kZprime, nullptr, 400)));
    v1::ListSamplesResponse list;
    ASSERT_TRUE(IsOk(api().ListSamples(&list)));
    ASSERT_TRUE(IsOk(api().ListSamples(&list)));
    v1::Sample missing;
    ASSERT_TRUE(
        HasStatus(api().GetSample("no_such_sample", &missing), grpc::StatusCode::NOT_FOUND));
    v1::Job job;
    ASSERT_TRUE(IsOk(api().Submit(TrainingRequest("metered", {kSquark, kZprime}, 2), &job)));
    grpc::Status status;
    const std::vector<v1::Job> snapshots = api().WatchJob(job.id(), &status);
    ASSERT_TRUE(IsOk(status));
    ASSERT_FALSE(snapshots.empty());
    ASSERT_EQ(snapshots.back().state(), v1::JOB_STATE_SUCCEEDED) << snapshots.back().error();
    v1::EmbedRequest embed;
    embed.mutable_encoder()->set_name("metered");
    *embed.mutable_batch() = EventBatchOf(testing::Slice(BundledEvents(kSquark), 1000, 1025));
    v1::EmbedResponse embedded;
    ASSERT_TRUE(IsOk(api().Embed(embed, &embedded)));
  }

  std::string Scrape() { return ScrapeMetrics(server().metrics_address()); }
};

TEST_F(ServerMetrics, ExpositionCountsRpcsJobsSamplesAndTheProcess) {
  ASSERT_NO_FATAL_FAILURE(DriveTheServer());
  const std::string text = Scrape();
  const std::vector<MetricSample> samples = ParseExposition(text);
  ASSERT_FALSE(samples.empty()) << text;

  EXPECT_THAT(text, ::testing::HasSubstr("# TYPE latent_rpc_requests_total counter"));
  EXPECT_EQ(Find(samples, "latent_rpc_requests_total", {{"code", "OK"}, {"method", "ListSamples"}}),
            2.0)
      << text;
  EXPECT_EQ(
      Find(samples, "latent_rpc_requests_total", {{"code", "NOT_FOUND"}, {"method", "GetSample"}}),
      1.0);
  EXPECT_EQ(
      Find(samples, "latent_rpc_requests_total", {{"code", "OK"}, {"method", "UploadSample"}}),
      2.0);
  EXPECT_EQ(
      Find(samples, "latent_rpc_requests_total", {{"code", "OK"}, {"method", "SubmitTraining"}}),
      1.0);
  EXPECT_EQ(Find(samples, "latent_rpc_duration_seconds_count", {{"method", "ListSamples"}}), 2.0);
  EXPECT_EQ(Find(samples, "latent_jobs", {{"state", "SUCCEEDED"}}), 1.0);
  EXPECT_EQ(Find(samples, "latent_jobs", {{"state", "RUNNING"}}), 0.0);
  EXPECT_EQ(Find(samples, "latent_jobs", {{"state", "QUEUED"}}), 0.0);
  EXPECT_EQ(Find(samples, "latent_samples_stored"), 2.0);
  EXPECT_EQ(Find(samples, "latent_encoders_loaded"), 1.0);
  EXPECT_EQ(Find(samples, "latent_embedded_events_total", {{"encoder", "metered"}}), 20.0)
      << "25 events in, 20 in two sets of 10, 5 left over";
  const std::optional<double> rss = Find(samples, "process_resident_memory_bytes");
  ASSERT_TRUE(rss.has_value());
  EXPECT_GT(*rss, 1e6);
  EXPECT_GT(Find(samples, "process_cpu_seconds_total").value_or(0), 0);
  bool build_info = false;
  for (const MetricSample& s : samples) {
    if (s.name == "latent_build_info") {
      build_info = true;
      EXPECT_EQ(s.value, 1);
      EXPECT_EQ(s.labels.count("version"), 1u) << "build info labels";
    }
  }
  EXPECT_TRUE(build_info) << text;
  // No series of a running job is left once it has ended.
  EXPECT_THAT(text, ::testing::Not(::testing::HasSubstr("latent_job_progress_ratio{")));
}

TEST_F(ServerMetrics, UploadCancelledByTheClientCountsAsCancelled) {
  ASSERT_TRUE(StartServer());
  {
    grpc::ClientContext context;
    v1::Sample response;
    auto writer = api().samples->UploadSample(&context, &response);
    v1::UploadSampleRequest chunk;
    *chunk.mutable_header() = HeaderOf(Bundled(kSquark));
    for (const v1::Event& event : testing::Slice(BundledEvents(kSquark), 0, 50)) {
      *chunk.add_events() = event;
    }
    ASSERT_TRUE(writer->Write(chunk));
    std::this_thread::sleep_for(milliseconds(200));  // the server has taken the chunk
    context.TryCancel();
    ASSERT_TRUE(HasStatus(writer->Finish(), grpc::StatusCode::CANCELLED));
  }
  std::vector<MetricSample> samples;
  // The server finishes the abandoned call on its own time.
  WaitFor(
      [&] {
        samples = ParseExposition(Scrape());
        return Find(samples, "latent_rpc_duration_seconds_count", {{"method", "UploadSample"}})
            .has_value();
      },
      seconds(5), milliseconds(100));
  // sample_service.proto: "CANCELLED (the client went away; nothing is stored)". A client that
  // went away is not a client error (INVALID_ARGUMENT) in the server's own accounting.
  EXPECT_EQ(Find(samples, "latent_rpc_requests_total",
                 {{"code", "CANCELLED"}, {"method", "UploadSample"}}),
            1.0);
  EXPECT_EQ(Find(samples, "latent_rpc_requests_total",
                 {{"code", "INVALID_ARGUMENT"}, {"method", "UploadSample"}}),
            std::nullopt);
}

TEST_F(ServerMetrics, PromtoolAcceptsTheExposition) {
  if (!std::filesystem::exists(kPromtool)) {
    GTEST_SKIP() << kPromtool << " is missing (Debian package prometheus)";
  }
  ASSERT_NO_FATAL_FAILURE(DriveTheServer());
  const std::string file = testing::WriteFile(ScratchDir() + "/metrics.txt", Scrape());
  const testing::CommandResult check =
      testing::RunCommand(std::string(kPromtool) + " check metrics < " + file + " 2>&1");
  EXPECT_EQ(check.exit_code, 0) << check.output;
  EXPECT_EQ(check.output, "") << "promtool's lint findings";
}

TEST_F(ServerMetrics, PrometheusScrapesLatentd) {
  if (!std::filesystem::exists(testing::kPrometheusPath)) {
    GTEST_SKIP() << testing::kPrometheusPath << " is missing (Debian package prometheus)";
  }
  ASSERT_NO_FATAL_FAILURE(DriveTheServer());
  const std::string dir = ScratchDir() + "/prometheus";
  testing::PrometheusProcess prometheus(dir, ScrapeConfig(dir, server().metrics_address()));
  ASSERT_GT(prometheus.port(), 0);

  std::optional<double> succeeded;
  const bool scraped = WaitFor(
      [&] {
        succeeded = prometheus.QueryNumber("latent_jobs{state=\"SUCCEEDED\"}");
        return succeeded.has_value() || !prometheus.running();
      },
      seconds(60), milliseconds(250));
  ASSERT_TRUE(scraped && succeeded.has_value())
      << "no latent_jobs from Prometheus within 60 s; its log:\n"
      << prometheus.log();
  EXPECT_EQ(*succeeded, 1.0);
  EXPECT_EQ(prometheus.QueryNumber("up{job=\"latentd\"}"), 1.0);
  EXPECT_EQ(prometheus.QueryNumber("latent_rpc_requests_total{method=\"ListSamples\",code=\"OK\"}"),
            2.0);
  EXPECT_EQ(prometheus.QueryNumber("latent_samples_stored"), 2.0);
}

}  // namespace
}  // namespace latentspace::e2e
