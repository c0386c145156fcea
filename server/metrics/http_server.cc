// MetricsHttpServer: address parsing, cpp-httplib setup (GET /metrics, 404 elsewhere), the serving
// thread and its clean shutdown.
#include "server/metrics/http_server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "server/metrics/text_exposition.h"

namespace latentspace::metrics {
namespace {

absl::Status BadAddress(absl::string_view address, absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("metrics address \"", address, "\" is not host:port: ", why));
}

// httplib's default also sets SO_REUSEPORT, which lets a second server bind a port already in use
// and so hides the conflict; SO_REUSEADDR alone still allows quick restarts.
void ReuseAddressOnly(socket_t socket) {
  int yes = 1;
  setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
}

std::string JoinHostPort(const std::string& host, int port) {
  if (host.find(':') != std::string::npos) return absl::StrCat("[", host, "]:", port);
  return absl::StrCat(host, ":", port);
}

}  // namespace

absl::StatusOr<HostPort> ParseHostPort(absl::string_view address) {
  HostPort result;
  absl::string_view port_text;
  if (!address.empty() && address.front() == '[') {
    const size_t close = address.find(']');
    if (close == absl::string_view::npos) return BadAddress(address, "no ']' after the IPv6 host");
    result.host = std::string(address.substr(1, close - 1));
    if (result.host.empty()) return BadAddress(address, "empty IPv6 host");
    if (close + 1 >= address.size() || address[close + 1] != ':') {
      return BadAddress(address, "no ':port' after ']'");
    }
    port_text = address.substr(close + 2);
  } else {
    const size_t colon = address.rfind(':');
    if (colon == absl::string_view::npos) return BadAddress(address, "no ':port'");
    const absl::string_view host = address.substr(0, colon);
    if (host.find(':') != absl::string_view::npos) {
      return BadAddress(address, "an IPv6 host must be in brackets, [::1]:9464");
    }
    result.host = host.empty() ? "0.0.0.0" : std::string(host);
    port_text = address.substr(colon + 1);
  }
  if (port_text.empty()) return BadAddress(address, "empty port");
  for (const char c : port_text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      return BadAddress(address, "the port is not a decimal number");
    }
  }
  if (port_text.size() > 5 || !absl::SimpleAtoi(port_text, &result.port) || result.port > 65535) {
    return BadAddress(address, "the port is not in 0..65535");
  }
  return result;
}

MetricsHttpServer::MetricsHttpServer(Registry& registry, std::string address)
    : registry_(registry), address_(std::move(address)) {}

MetricsHttpServer::~MetricsHttpServer() { Stop(); }

absl::Status MetricsHttpServer::Start() {
  LATENT_ASSIGN_OR_RETURN(HostPort parsed, ParseHostPort(address_));

  absl::MutexLock lock(&mutex_);
  if (server_ != nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat("metrics server on ", address_, " is already started"));
  }
  auto server = std::make_unique<httplib::Server>();
  server->new_task_queue = [] { return new httplib::ThreadPool(/*n=*/2); };
  server->set_socket_options(ReuseAddressOnly);
  Registry* registry = &registry_;
  server->Get("/metrics", [registry](const httplib::Request&, httplib::Response& response) {
    response.set_content(ExposeText(*registry), kTextContentType);
  });
  server->set_error_handler([](const httplib::Request&, httplib::Response& response) {
    if (response.status == 404) {
      response.set_content("404 not found: metrics are served at /metrics\n", "text/plain");
    }
  });

  errno = 0;
  int port = parsed.port;
  const bool bound = port == 0 ? (port = server->bind_to_any_port(parsed.host)) > 0
                               : server->bind_to_port(parsed.host, port);
  if (!bound) {
    const int error = errno;
    return absl::UnavailableError(
        absl::StrCat("cannot listen on metrics address ", address_,
                     error != 0 ? absl::StrCat(": ", std::strerror(error)) : std::string(),
                     " (is the port in use, or the host not an address of this machine?)"));
  }

  // listen_after_bind only starts accepting (and only then can stop() end it) once is_running();
  // wait for that, or for it to give up, so Stop never misses it.
  auto finished = std::make_shared<std::atomic<bool>>(false);
  httplib::Server* raw = server.get();
  thread_ = std::thread([raw, finished] {
    raw->listen_after_bind();
    finished->store(true);
  });
  while (!raw->is_running() && !finished->load()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  server_ = std::move(server);
  bound_ = HostPort{parsed.host, port};
  if (finished->load()) {
    thread_.join();
    server_.reset();
    bound_ = HostPort{};
    return absl::UnavailableError(
        absl::StrCat("metrics server on ", address_, " stopped right after it started"));
  }
  return absl::OkStatus();
}

void MetricsHttpServer::Stop() {
  absl::MutexLock lock(&mutex_);
  if (server_ == nullptr) return;
  server_->stop();
  if (thread_.joinable()) thread_.join();
  server_.reset();
  bound_ = HostPort{};
}

int MetricsHttpServer::port() const {
  absl::MutexLock lock(&mutex_);
  return bound_.port;
}

std::string MetricsHttpServer::bound_address() const {
  absl::MutexLock lock(&mutex_);
  return server_ == nullptr ? std::string() : JoinHostPort(bound_.host, bound_.port);
}

}  // namespace latentspace::metrics
