// Embedding throughput of latentd over loopback gRPC: a real latentd (started here on free ports,
// with a small encoder trained on two bundled samples), C concurrent clients (own channels and
// connections) each sending Embed requests of N real Dark Machines events for S seconds. Prints
// events/s against the target of 200,000 events/s with 4 clients x 1,000 events, and the latency
// percentiles.
//   embed_bench [--clients 4] [--events 1000] [--seconds 10]
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "latentspace/v1/embedding_service.grpc.pb.h"
#include "latentspace/v1/job_service.grpc.pb.h"
#include "latentspace/v1/sample_service.grpc.pb.h"
#include "tests/testing/latentd_process.h"
#include "tests/testing/paths.h"
#include "tests/testing/proto_events.h"

namespace latentspace {
namespace {

using Clock = std::chrono::steady_clock;
constexpr double kTargetEventsPerSecond = 200000;

std::shared_ptr<grpc::Channel> OwnChannel(const std::string& address, int id) {
  grpc::ChannelArguments args;
  args.SetInt("latentspace.bench_client", id);  // distinct arguments: a connection of its own
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
}

bool Fail(const std::string& what) {
  std::fprintf(stderr, "embed_bench: %s\n", what.c_str());
  return false;
}

// Uploads two bundled samples and trains a small encoder "bench" on them.
bool PrepareEncoder(const std::string& address, std::vector<v1::Event>* request_pool) {
  auto channel = OwnChannel(address, -1);
  auto samples = v1::SampleService::NewStub(channel);
  const std::string dir = testing::BundledDataDir();
  const std::pair<const char*, const char*> files[] = {
      {"squark", "sqsq_sq1800_neut800_chan1.csv.gz"},
      {"zprime", "monojet_Zp2000.0_DM_50.0_chan1.csv.gz"}};
  v1::TrainingRequest training;
  training.set_encoder("bench");
  training.set_epochs(3);
  for (const auto& [name, file] : files) {
    absl::StatusOr<std::vector<v1::Event>> events = testing::ReadProtoEvents(dir + "/" + file);
    if (!events.ok()) return Fail(std::string(events.status().message()));
    v1::SampleHeader header;
    header.set_name(name);
    if (grpc::Status status = testing::UploadSample(*samples, header, *events, nullptr);
        !status.ok()) {
      return Fail("upload: " + status.error_message());
    }
    request_pool->insert(request_pool->end(), events->begin(), events->end());
    training.add_samples(name);
  }
  auto jobs = v1::JobService::NewStub(channel);
  grpc::ClientContext submit_context;
  v1::Job job;
  if (grpc::Status status = jobs->SubmitTraining(&submit_context, training, &job); !status.ok()) {
    return Fail("submit: " + status.error_message());
  }
  while (job.state() != v1::JOB_STATE_SUCCEEDED) {
    if (job.state() == v1::JOB_STATE_FAILED || job.state() == v1::JOB_STATE_CANCELLED) {
      return Fail("training failed: " + job.error());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    grpc::ClientContext context;
    v1::GetJobRequest get;
    get.set_id(job.id());
    if (grpc::Status status = jobs->GetJob(&context, get, &job); !status.ok()) {
      return Fail("get job: " + status.error_message());
    }
  }
  return true;
}

double Percentile(std::vector<double> values, double q) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1, static_cast<size_t>(q * values.size()))];
}

int Main(int argc, char** argv) {
  int clients = 4, events_per_request = 1000;
  double seconds = 10;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--clients") clients = std::atoi(argv[i + 1]);
    if (flag == "--events") events_per_request = std::atoi(argv[i + 1]);
    if (flag == "--seconds") seconds = std::atof(argv[i + 1]);
  }
  const std::string data_dir =
      std::filesystem::temp_directory_path().string() + "/embed_bench_" + std::to_string(getpid());
  testing::LatentdProcess latentd(data_dir, {"--device", "cpu"});
  if (!latentd.Start()) return Fail("latentd did not start:\n" + latentd.log()), 1;
  std::vector<v1::Event> pool;
  if (!PrepareEncoder(latentd.address(), &pool)) return 1;

  // One request per client, cut from the pool at different offsets.
  std::vector<v1::EmbedRequest> requests(clients);
  for (int c = 0; c < clients; ++c) {
    requests[c].mutable_encoder()->set_name("bench");
    v1::Events* events = requests[c].mutable_batch()->mutable_events();
    for (int i = 0; i < events_per_request; ++i) {
      *events->add_events() = pool[(static_cast<size_t>(c) * 997 + i) % pool.size()];
    }
  }
  std::vector<std::vector<double>> latencies(clients);
  std::atomic<int64_t> events_embedded{0}, failures{0};
  const Clock::time_point start = Clock::now();
  const Clock::time_point stop =
      start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      auto stub = v1::EmbeddingService::NewStub(OwnChannel(latentd.address(), c));
      v1::EmbedResponse response;
      while (Clock::now() < stop) {
        grpc::ClientContext context;
        const Clock::time_point t0 = Clock::now();
        const grpc::Status status = stub->Embed(&context, requests[c], &response);
        latencies[c].push_back(std::chrono::duration<double>(Clock::now() - t0).count());
        if (!status.ok()) {
          ++failures;
          continue;
        }
        events_embedded += response.accepted_events() + response.skipped_events();
      }
    });
  }
  for (std::thread& t : threads) t.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<double> all;
  for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  const double rate = events_embedded / elapsed;
  std::printf("Embedding over loopback gRPC: %d clients x %d-event requests, %.0f s\n", clients,
              events_per_request, seconds);
  std::printf("  requests      %10zu (%lld failed)\n", all.size(),
              static_cast<long long>(failures.load()));
  std::printf("  events/s      %10.0f\n", rate);
  std::printf("  target        %10.0f\n  ratio         %10.2fx\n", kTargetEventsPerSecond,
              rate / kTargetEventsPerSecond);
  std::printf("  latency p50   %10.2f ms\n  latency p99   %10.2f ms\n", 1e3 * Percentile(all, 0.5),
              1e3 * Percentile(all, 0.99));
  latentd.Terminate();
  std::filesystem::remove_all(data_dir);
  return failures == 0 ? 0 : 1;
}

}  // namespace
}  // namespace latentspace

int main(int argc, char** argv) { return latentspace::Main(argc, argv); }
