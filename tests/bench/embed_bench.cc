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
#include "tests/bench/bench_server.h"
#include "tests/testing/latentd_process.h"

namespace latentspace {
namespace {

using Clock = std::chrono::steady_clock;
constexpr double kTargetEventsPerSecond = 200000;

bool Fail(const std::string& what) {
  std::fprintf(stderr, "embed_bench: %s\n", what.c_str());
  return false;
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
  // A small encoder "bench" trained on two bundled samples, whose events make the request pool.
  v1::TrainingRequest training;
  training.set_encoder("bench");
  training.set_epochs(3);
  std::vector<std::vector<v1::Event>> sample_events;
  if (absl::Status status =
          bench::UploadAndTrain(latentd.address(),
                                {{"squark", "sqsq_sq1800_neut800_chan1.csv.gz", {}},
                                 {"zprime", "monojet_Zp2000.0_DM_50.0_chan1.csv.gz", {}}},
                                training, &sample_events);
      !status.ok()) {
    return Fail(std::string(status.message())), 1;
  }
  std::vector<v1::Event> pool;
  for (const auto& events : sample_events) pool.insert(pool.end(), events.begin(), events.end());

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
      auto stub = v1::EmbeddingService::NewStub(bench::OwnChannel(latentd.address(), c));
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
  std::printf("  latency p50   %10.2f ms\n  latency p99   %10.2f ms\n",
              1e3 * bench::Percentile(all, 0.5), 1e3 * bench::Percentile(all, 0.99));
  latentd.Terminate();
  std::filesystem::remove_all(data_dir);
  return failures == 0 ? 0 : 1;
}

}  // namespace
}  // namespace latentspace

int main(int argc, char** argv) { return latentspace::Main(argc, argv); }
