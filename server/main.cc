// latentd: the latentspace server. Flags, logging, the ready file for supervisors and tests, and
// graceful shutdown on SIGTERM/SIGINT; the server itself is assembled in latentd.cc. With
// --check-store it verifies a data directory and exits instead (store_check.h).
#include <glog/logging.h>
#include <signal.h>

#include <iostream>
#include <string>

#include "CLI/CLI.hpp"
#include "core/io/durable_file.h"
#include "nlohmann/json.hpp"
#include "server/latentd.h"
#include "server/store_check.h"

int main(int argc, char** argv) {
  using latentspace::server::Latentd;
  using latentspace::server::LatentdOptions;
  LatentdOptions options;
  std::string device = "auto";
  std::string ready_file;
  bool check_store = false;
  CLI::App app{"latentd: the universal new-physics latent space server"};
  app.add_option("--listen", options.listen, "gRPC address host:port (port 0: any free port)")
      ->capture_default_str();
  app.add_option("--metrics-listen", options.metrics_listen,
                 "Prometheus metrics address host:port (serves /metrics)")
      ->capture_default_str();
  app.add_option("--data-dir", options.data_dir, "store directory (SQLite + blobs)")
      ->capture_default_str();
  app.add_option("--device", device, "where encoders train and run: auto, cpu or cuda")
      ->check(CLI::IsMember({"auto", "cpu", "cuda"}))
      ->capture_default_str();
  app.add_option("--threads", options.threads, "LibTorch threads (0: one per core)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--max-concurrent-jobs", options.max_concurrent_jobs, "training jobs at once")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  app.add_option("--max-queued-jobs", options.max_queued_jobs, "queued training jobs at most")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  app.add_option("--max-loaded-encoders", options.max_loaded_encoders,
                 "encoders held in memory (least recently used evicted)")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  app.add_option("--max-events-per-sample", options.max_events_per_sample,
                 "events in one uploaded sample at most")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--max-events-per-request", options.max_events_per_request,
                 "events in one Embed or QueryNearest request at most")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--max-message-mb", options.max_message_mb, "gRPC message size limit, MiB")
      ->check(CLI::Range(1, 2047))
      ->capture_default_str();
  app.add_option("--demo-samples", options.demo_samples,
                 "directory with samples.json: import its samples and train the demo encoder on "
                 "first start");
  app.add_option("--demo-encoder", options.demo_encoder, "name of the demo encoder")
      ->capture_default_str();
  app.add_option("--ready-file", ready_file,
                 "once serving, write {\"grpc\": ADDR, \"metrics\": ADDR} to this file");
  app.add_flag("--check-store", check_store,
               "verify the store in --data-dir and exit instead of serving: database integrity, "
               "every blob's size and CRC-32, every encoder checkpoint loads; exit status 0 when "
               "all is well, 1 otherwise (latentd must not be running on it)");
  CLI11_PARSE(app, argc, argv);
  options.device = *latentspace::ParseDeviceChoice(device);

  google::InitGoogleLogging(argv[0]);
  FLAGS_logtostderr = true;
  if (check_store) {
    absl::StatusOr<latentspace::server::StoreCheckReport> report =
        latentspace::server::CheckStore(options.data_dir, options.device);
    if (!report.ok()) {
      std::cerr << "latentd --check-store: " << report.status() << "\n";
      return 1;
    }
    std::cout << options.data_dir << ": " << report->ToString();
    return report->ok() ? 0 : 1;
  }
  // Signals are taken synchronously by this thread; every thread started later inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  absl::StatusOr<std::unique_ptr<Latentd>> server = Latentd::Start(options);
  if (!server.ok()) {
    LOG(ERROR) << "latentd cannot start: " << server.status();
    return 1;
  }
  if (!ready_file.empty()) {
    const nlohmann::json ready = {{"grpc", (*server)->grpc_address()},
                                  {"metrics", (*server)->metrics_address()}};
    if (absl::Status status = latentspace::WriteFileDurably(ready_file, ready.dump() + "\n");
        !status.ok()) {
      LOG(ERROR) << "cannot write the ready file: " << status;
      return 1;
    }
  }
  int signal = 0;
  sigwait(&signals, &signal);
  LOG(INFO) << "received " << (signal == SIGTERM ? "SIGTERM" : "SIGINT");
  (*server)->Shutdown();
  return 0;
}
