// A terminal progress bar on stderr for long CLI work; silent when stderr is not a terminal, so
// scripts and logs see only the result.
#ifndef LATENTSPACE_CLIENT_CLI_PROGRESS_BAR_H_
#define LATENTSPACE_CLIENT_CLI_PROGRESS_BAR_H_

#include <chrono>
#include <cstdint>
#include <string>

namespace latentspace::cli {

class ProgressBar {
 public:
  explicit ProgressBar(std::string label);
  ~ProgressBar();  // clears the bar's line
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // Redraws at most ten times a second.
  void Update(int64_t done, int64_t total);

 private:
  std::string label_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace latentspace::cli

#endif  // LATENTSPACE_CLIENT_CLI_PROGRESS_BAR_H_
