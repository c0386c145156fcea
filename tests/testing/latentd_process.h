// Starts a real latentd for end-to-end tests: free ports (--listen 127.0.0.1:0), a data directory,
// and the addresses read back from the ready file latentd writes once it serves. Stops it with
// SIGTERM (graceful) or SIGKILL (crash) and can restart it on the same data directory.
#ifndef LATENTSPACE_TESTS_TESTING_LATENTD_PROCESS_H_
#define LATENTSPACE_TESTS_TESTING_LATENTD_PROCESS_H_

#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "nlohmann/json.hpp"
#include "tests/testing/build_paths.h"
#include "tests/testing/child_process.h"

namespace latentspace::testing {

class LatentdProcess {
 public:
  // `data_dir` is created if missing; `extra_args` are appended to latentd's command line (with
  // their own --listen, latentd listens there instead of on a free loopback port).
  explicit LatentdProcess(std::string data_dir, std::vector<std::string> extra_args = {})
      : data_dir_(std::move(data_dir)), extra_args_(std::move(extra_args)) {}
  ~LatentdProcess() { Kill(); }
  LatentdProcess(const LatentdProcess&) = delete;
  LatentdProcess& operator=(const LatentdProcess&) = delete;

  // Starts latentd and waits until it serves (its ready file appears); false on failure or after
  // `timeout`, with the log in log().
  bool Start(std::chrono::seconds timeout = std::chrono::seconds(60)) {
    std::filesystem::create_directories(data_dir_);
    const std::string ready = data_dir_ + "/ready.json";
    std::filesystem::remove(ready);
    std::vector<std::string> args = {testing::LatentdPath(),
                                     "--metrics-listen",
                                     "127.0.0.1:0",
                                     "--data-dir",
                                     data_dir_,
                                     "--ready-file",
                                     ready};
    // Any free loopback port, unless the test listens elsewhere.
    if (std::find(extra_args_.begin(), extra_args_.end(), "--listen") == extra_args_.end()) {
      args.insert(args.end(), {"--listen", "127.0.0.1:0"});
    }
    args.insert(args.end(), extra_args_.begin(), extra_args_.end());
    pid_ = SpawnWithLog(std::move(args), data_dir_ + "/latentd.log");
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return false;
      }
      std::ifstream in(ready);
      std::stringstream text;
      text << in.rdbuf();
      const nlohmann::json json = nlohmann::json::parse(text.str(), nullptr, false);
      if (!json.is_discarded() && json.contains("grpc") && json.contains("metrics")) {
        address_ = json["grpc"].get<std::string>();
        metrics_address_ = json["metrics"].get<std::string>();
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  // Graceful stop; returns latentd's exit status (-1 when it was not running or was killed).
  int Terminate() { return Stop(SIGTERM); }
  // Sends `signal` (SIGHUP: reload the token file) and lets latentd run on.
  void Signal(int signal) const {
    if (pid_ > 0) kill(pid_, signal);
  }
  // A crash: SIGKILL.
  void Kill() { Stop(SIGKILL); }

  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }
  const std::string& address() const { return address_; }  // host:port of the gRPC server
  const std::string& metrics_address() const { return metrics_address_; }
  const std::string& data_dir() const { return data_dir_; }
  std::string log() const {
    std::ifstream in(data_dir_ + "/latentd.log");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

 private:
  int Stop(int signal) {
    if (pid_ <= 0) return -1;
    kill(pid_, signal);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  std::string data_dir_;
  std::vector<std::string> extra_args_;
  pid_t pid_ = -1;
  std::string address_;
  std::string metrics_address_;
};

}  // namespace latentspace::testing

#endif  // LATENTSPACE_TESTS_TESTING_LATENTD_PROCESS_H_
