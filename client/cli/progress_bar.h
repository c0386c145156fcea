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

  // Redraws at most ten times a second: "label [####....]  42.0%  3.1s elapsed, ETA 4.2s".
  void Update(int64_t done, int64_t total);
  // The same bar at `fraction` (0..1) followed by `detail` instead of the timing, for work that
  // reports its own (e.g. a training job's epoch, losses and ETA).
  void Show(double fraction, const std::string& detail);

 private:
  // Draws unless the last draw was under 100 ms ago (`force` draws anyway).
  void Draw(double fraction, const std::string& detail, bool force);

  std::string label_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace latentspace::cli

#endif  // LATENTSPACE_CLIENT_CLI_PROGRESS_BAR_H_
