// MetricsHttpServer: serves GET /metrics (text exposition 0.0.4) from a Registry on "host:port",
// with cpp-httplib on a thread of its own. Other paths answer 404. httplib stays out of this
// header.
#ifndef LATENTSPACE_SERVER_METRICS_HTTP_SERVER_H_
#define LATENTSPACE_SERVER_METRICS_HTTP_SERVER_H_

#include <memory>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "server/metrics/registry.h"

namespace httplib {
class Server;
}  // namespace httplib

namespace latentspace::metrics {

struct HostPort {
  std::string host;  // "0.0.0.0" when the address had none (":9464"); IPv6 without brackets
  int port = 0;      // 0: any free port
};

// Parses "host:port", "[ipv6]:port" or ":port" (all interfaces). The port is decimal, 0..65535.
// INVALID_ARGUMENT naming the value otherwise.
absl::StatusOr<HostPort> ParseHostPort(absl::string_view address);

class MetricsHttpServer {
 public:
  // `registry` must outlive the server. `address` is checked by Start.
  MetricsHttpServer(Registry& registry, std::string address);
  ~MetricsHttpServer();  // Stop()
  MetricsHttpServer(const MetricsHttpServer&) = delete;
  MetricsHttpServer& operator=(const MetricsHttpServer&) = delete;

  // Binds and starts serving on a new thread; returns once the server accepts connections.
  // INVALID_ARGUMENT for a malformed address, UNAVAILABLE naming the address when it cannot be
  // bound (in use, not local), FAILED_PRECONDITION when already started.
  absl::Status Start();

  // Stops accepting, finishes in-flight requests and joins the thread. Idempotent; Start may be
  // called again afterwards.
  void Stop();

  // The bound port (the chosen one when the address said port 0); 0 when not started.
  int port() const;
  // "host:port" as bound, e.g. "127.0.0.1:43117"; empty when not started.
  std::string bound_address() const;

 private:
  Registry& registry_;
  const std::string address_;

  mutable absl::Mutex mutex_;
  std::unique_ptr<httplib::Server> server_ ABSL_GUARDED_BY(mutex_);
  std::thread thread_ ABSL_GUARDED_BY(mutex_);
  HostPort bound_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace latentspace::metrics

#endif  // LATENTSPACE_SERVER_METRICS_HTTP_SERVER_H_
