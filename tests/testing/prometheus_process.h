// The real Prometheus server (/usr/bin/prometheus, Debian package prometheus) as a child process
// for tests that scrape latentd: started on a configuration file and a free loopback port, queried
// through its HTTP API, stopped when it goes out of scope.
#ifndef LATENTSPACE_TESTS_TESTING_PROMETHEUS_PROCESS_H_
#define LATENTSPACE_TESTS_TESTING_PROMETHEUS_PROCESS_H_

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "nlohmann/json.hpp"
#include "tests/testing/child_process.h"
#include "tests/testing/paths.h"

namespace latentspace::testing {

inline constexpr char kPrometheusPath[] = "/usr/bin/prometheus";

// A TCP port free on 127.0.0.1 just now (0 when none could be found).
inline int FreeLoopbackPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t size = sizeof(address);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0) {
    port = ntohs(address.sin_port);
  }
  close(fd);
  return port;
}

inline std::string UrlEncode(const std::string& text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

class PrometheusProcess {
 public:
  // Starts Prometheus on `config`, with its database and log under `dir`.
  PrometheusProcess(const std::string& dir, const std::string& config) : dir_(dir) {
    std::filesystem::create_directories(dir + "/tsdb");
    port_ = FreeLoopbackPort();
    std::vector<std::string> args = {
        kPrometheusPath, "--config.file=" + config, "--storage.tsdb.path=" + dir + "/tsdb",
        "--web.listen-address=127.0.0.1:" + std::to_string(port_), "--log.level=warn"};
    pid_ = SpawnWithLog(std::move(args), dir + "/prometheus.log");
  }
  ~PrometheusProcess() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    int status = 0;
    while (waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  PrometheusProcess(const PrometheusProcess&) = delete;
  PrometheusProcess& operator=(const PrometheusProcess&) = delete;

  bool running() {
    int status = 0;
    return pid_ > 0 && waitpid(pid_, &status, WNOHANG) == 0;
  }
  int port() const { return port_; }
  std::string log() const { return ReadFile(dir_ + "/prometheus.log"); }

  // GET an API path; the "data" of a successful answer, or a discarded value.
  nlohmann::json Api(const std::string& path_and_query) {
    httplib::Client client("127.0.0.1", port_);
    client.set_connection_timeout(2);
    auto result = client.Get(path_and_query.c_str());
    if (!result || result->status != 200) return nlohmann::json(nlohmann::json::value_t::discarded);
    nlohmann::json json = nlohmann::json::parse(result->body, nullptr, false);
    if (json.is_discarded() || json.value("status", "") != "success") {
      return nlohmann::json(nlohmann::json::value_t::discarded);
    }
    return json["data"];
  }
  // An instant query's result vector (discarded when Prometheus refuses the query).
  nlohmann::json Query(const std::string& promql) {
    nlohmann::json data = Api("/api/v1/query?query=" + UrlEncode(promql));
    return data.is_discarded() ? data : data["result"];
  }
  // The instant query's first result as a number, or nullopt (no server yet, no result).
  std::optional<double> QueryNumber(const std::string& promql) {
    const nlohmann::json vector = Query(promql);
    if (vector.is_discarded() || !vector.is_array() || vector.empty()) return std::nullopt;
    return std::stod(vector[0]["value"][1].get<std::string>());
  }

 private:
  std::string dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace latentspace::testing

#endif  // LATENTSPACE_TESTS_TESTING_PROMETHEUS_PROCESS_H_
