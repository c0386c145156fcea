// latentd: the latentspace server. Flags, logging, the ready file for supervisors and tests,
// graceful shutdown on SIGTERM/SIGINT (a second one exits at once) and the token file's reload on
// SIGHUP; the server itself is assembled in latentd.cc. With --check-store it verifies a data
// directory and exits instead (store_check.h); with --add-token it adds a token to a token file
// and prints it (token_table.h).
#include <glog/logging.h>
#include <signal.h>
#include <unistd.h>

#include <iostream>
#include <string>
#include <thread>

#include "CLI/CLI.hpp"
#include "core/io/durable_file.h"
#include "nlohmann/json.hpp"
#include "proto/version.h"
#include "server/auth/token_table.h"
#include "server/latentd.h"
#include "server/store_check.h"

int main(int argc, char** argv) {
  using latentspace::server::Latentd;
  using latentspace::server::LatentdOptions;
  LatentdOptions options;
  std::string device = "auto";
  std::string ready_file;
  bool check_store = false;
  std::string anonymous_role = "none";
  std::string new_token_name;
  std::string new_token_role = "reader";
  CLI::App app{"latentd: the universal new-physics latent space server"};
  app.set_version_flag("--version", latentspace::VersionLine("latentd"));
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
                 "encoders held in memory, and as many detectors (least recently used evicted)")
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
  app.add_option("--tokens", options.tokens_file,
                 "token file (NAME ROLE sha256:HASH lines, see --add-token): every call needs "
                 "one of its bearer tokens; reloaded on SIGHUP");
  app.add_option("--anonymous-role", anonymous_role,
                 "what calls without a token may do: none, reader, trainer or admin (default: "
                 "none with --tokens; without it admin on loopback, and beyond loopback latentd "
                 "refuses to start unless this is given)")
      ->check(CLI::IsMember({"none", "reader", "trainer", "admin"}));
  app.add_option("--tls-cert", options.tls.cert, "serve TLS with this PEM certificate chain");
  app.add_option("--tls-key", options.tls.key, "the PEM private key of --tls-cert");
  app.add_option("--tls-client-ca", options.tls.client_ca,
                 "require client certificates signed by these PEM CA certificates (mutual TLS)");
  app.add_option("--rate-limit", options.rate_limit,
                 "requests per second per caller (a token, or an anonymous caller's address); "
                 "0: no limit")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--rate-burst", options.rate_burst,
                 "requests a caller may make at once above --rate-limit (0: the rate, at least 1)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--max-concurrent-streams", options.max_concurrent_streams,
                 "uploads and job watches open at once, over all callers")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  app.add_option("--add-token", new_token_name,
                 "add a new random token named NAME (with --role) to the --tokens file, print it "
                 "once and exit; send latentd SIGHUP to load it");
  app.add_option("--role", new_token_role, "the role of --add-token's token")
      ->check(CLI::IsMember({"reader", "trainer", "admin"}))
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
  if (anonymous_role != "none")
    options.anonymous_role = *latentspace::server::ParseRole(anonymous_role);
  if (!new_token_name.empty()) {
    if (options.tokens_file.empty()) {
      std::cerr << "latentd --add-token: give the token file with --tokens FILE\n";
      return 2;
    }
    absl::StatusOr<std::string> token = latentspace::server::AddToken(
        options.tokens_file, new_token_name, *latentspace::server::ParseRole(new_token_role));
    if (!token.ok()) {
      std::cerr << "latentd --add-token: " << token.status().message() << "\n";
      return 1;
    }
    std::cout << *token << "\n";
    std::cerr << "added token '" << new_token_name << "' (" << new_token_role << ") to "
              << options.tokens_file << "; it is shown only now. Send latentd SIGHUP to load it.\n";
    return 0;
  }

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
  sigaddset(&signals, SIGHUP);
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
  while (sigwait(&signals, &signal) == 0 && signal == SIGHUP) {
    if (absl::Status status = (*server)->ReloadTokens(); status.ok()) {
      LOG(INFO) << "SIGHUP: reloaded the token file " << options.tokens_file;
    } else {
      LOG(ERROR) << "SIGHUP: the token file was not reloaded, the tokens in force stay: "
                 << status.message();
    }
  }
  LOG(INFO) << "received " << (signal == SIGTERM ? "SIGTERM" : "SIGINT")
            << "; a second one stops at once";
  // The drain below may take a while (running jobs end, in-flight calls finish); an operator who
  // asks again does not wait. What latentd acknowledged is durable either way.
  std::thread([&signals] {
    int again = 0;
    while (sigwait(&signals, &again) == 0 && again == SIGHUP) {
    }
    LOG(WARNING) << "second stop signal: exiting without waiting for the drain";
    _exit(1);
  }).detach();
  (*server)->Shutdown();
  return 0;
}
