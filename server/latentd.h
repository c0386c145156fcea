// latentd assembled: the store, the encoder registry, the job manager, the gRPC services (with
// health, reflection and RPC metrics) and the metrics endpoint, started and stopped in order.
#ifndef LATENTSPACE_SERVER_LATENTD_H_
#define LATENTSPACE_SERVER_LATENTD_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "core/nn/training_types.h"
#include "server/auth/role.h"
#include "server/auth/server_credentials.h"

namespace latentspace::server {

struct LatentdOptions {
  std::string listen = "127.0.0.1:50051";
  std::string metrics_listen = "127.0.0.1:9464";
  std::string data_dir = "./var/latentd";
  DeviceChoice device = DeviceChoice::kAuto;
  int threads = 0;  // LibTorch threads; 0: one per core
  int max_concurrent_jobs = 1;
  int max_queued_jobs = 64;
  int max_loaded_encoders = 8;  // held in memory, and as many detectors
  int64_t max_events_per_sample = 10'000'000;
  int64_t max_events_per_request = 1'000'000;
  int max_message_mb = 64;
  // Who may call. With a token file every call needs one of its tokens, except that a call
  // without a token gets `anonymous_role` when set. Without a token file, a server on loopback
  // lets anonymous callers do everything (admin); beyond loopback it refuses to start unless
  // `anonymous_role` is given explicitly.
  std::string tokens_file;
  std::optional<Role> anonymous_role;
  TlsFiles tls;
  double rate_limit = 0;  // requests/s per caller (token, or anonymous address); 0: no limit
  double rate_burst = 0;  // 0: max(1, rate_limit)
  int max_concurrent_streams = 64;  // UploadSample and WatchJob streams open at once
  std::string demo_samples;  // a directory with samples.json: imported and trained on first start
  std::string demo_encoder = "demo";
};

class Latentd {
 public:
  // Opens the store (recovering from a crash), starts serving and the job workers, and runs the
  // demo bootstrap when asked. UNAVAILABLE when an address cannot be bound.
  static absl::StatusOr<std::unique_ptr<Latentd>> Start(const LatentdOptions& options);
  ~Latentd();  // Shutdown()

  // Graceful: health NOT_SERVING, in-flight RPCs get up to `grace_seconds`, running jobs are
  // interrupted (FAILED, "interrupted by server shutdown"), queued jobs stay queued.
  void Shutdown(double grace_seconds = 5);

  // Re-reads the token file (SIGHUP); on error the tokens in force stay in force.
  // FAILED_PRECONDITION without a token file.
  absl::Status ReloadTokens();

  // The bound addresses ("127.0.0.1:50051"), with the chosen ports when 0 was asked for.
  const std::string& grpc_address() const;
  const std::string& metrics_address() const;

 private:
  struct Parts;
  explicit Latentd(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_LATENTD_H_
