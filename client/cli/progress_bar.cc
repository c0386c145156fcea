// A terminal progress bar on stderr.
#include "client/cli/progress_bar.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace latentspace::cli {
namespace {

constexpr int kBarWidth = 30;
constexpr auto kRedrawInterval = std::chrono::milliseconds(100);

}  // namespace

ProgressBar::ProgressBar(std::string label)
    : label_(std::move(label)),
      enabled_(isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_ - kRedrawInterval) {}

ProgressBar::~ProgressBar() {
  if (drawn_) std::fprintf(stderr, "\r\033[K");
}

void ProgressBar::Update(int64_t done, int64_t total) {
  if (!enabled_ || total <= 0) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < kRedrawInterval && done < total) return;
  const double fraction =
      std::clamp(static_cast<double>(done) / static_cast<double>(total), 0.0, 1.0);
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0;
  char timing[64];
  std::snprintf(timing, sizeof(timing), "%.1fs elapsed, ETA %.1fs", elapsed, eta);
  Draw(fraction, timing, /*force=*/true);
}

void ProgressBar::Show(double fraction, const std::string& detail) {
  if (!enabled_) return;
  Draw(std::clamp(fraction, 0.0, 1.0), detail, false);
}

void ProgressBar::Draw(double fraction, const std::string& detail, bool force) {
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < kRedrawInterval && !force) return;
  last_draw_ = now;
  const int filled = static_cast<int>(fraction * kBarWidth);
  std::string bar(filled, '#');
  bar.resize(kBarWidth, '.');
  std::fprintf(stderr, "\r\033[K%s [%s] %5.1f%%  %s", label_.c_str(), bar.c_str(), 100 * fraction,
               detail.c_str());
  std::fflush(stderr);
  drawn_ = true;
}

}  // namespace latentspace::cli
