// Reference score quantiles: cuts by kept fraction and tail fractions of scores.
#include "core/analysis/score_calibration.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace latentspace {

absl::StatusOr<ScoreCalibration> ScoreCalibration::FromScores(std::vector<double> scores,
                                                              int64_t max_kept) {
  if (max_kept < 2) {
    return absl::InvalidArgumentError(absl::StrCat("max_kept = ", max_kept, " must be >= 2"));
  }
  for (size_t i = 0; i < scores.size(); ++i) {
    if (!std::isfinite(scores[i])) {
      return absl::InvalidArgumentError(
          absl::StrCat("reference score ", i, " = ", scores[i], " is not finite"));
    }
  }
  std::sort(scores.begin(), scores.end());
  const int64_t events = static_cast<int64_t>(scores.size());
  if (events <= max_kept) return FromKept(std::move(scores), events);
  std::vector<double> kept(max_kept);
  for (int64_t i = 0; i < max_kept; ++i) {
    kept[i] = scores[std::llround(static_cast<double>(i) * (events - 1) / (max_kept - 1))];
  }
  return FromKept(std::move(kept), events);
}

absl::StatusOr<ScoreCalibration> ScoreCalibration::FromKept(std::vector<double> sorted,
                                                            int64_t events) {
  if (sorted.size() < 2) {
    return absl::InvalidArgumentError(absl::StrCat(
        "a calibration needs the scores of at least 2 reference events, got ", sorted.size()));
  }
  if (events < static_cast<int64_t>(sorted.size())) {
    return absl::InvalidArgumentError(
        absl::StrCat("events = ", events, " is below the ", sorted.size(), " kept scores"));
  }
  for (size_t i = 0; i < sorted.size(); ++i) {
    if (!std::isfinite(sorted[i]) || (i > 0 && sorted[i] < sorted[i - 1])) {
      return absl::InvalidArgumentError(
          absl::StrCat("score ", i, " = ", sorted[i], " is not finite or below the one before it"));
    }
  }
  return ScoreCalibration(std::move(sorted), events);
}

absl::StatusOr<double> ScoreCalibration::CutForKeptFraction(double keep) const {
  const int64_t m = static_cast<int64_t>(scores_.size());
  const double resolution = 1.0 / static_cast<double>(m);
  if (!(keep <= 1 && keep >= resolution * (1 - 1e-9))) {
    return absl::InvalidArgumentError(absl::StrCat(
        "kept fraction ", keep, " must be in [", resolution, ", 1]: the calibration holds ", m,
        " scores of ", events_, " held-out reference events"));
  }
  const int64_t k = std::clamp<int64_t>(std::llround(keep * m), 1, m);
  if (k == m) return -std::numeric_limits<double>::infinity();
  return 0.5 * (scores_[m - k - 1] + scores_[m - k]);
}

double ScoreCalibration::TailFraction(double score) const {
  if (scores_.empty()) return 1.0;
  const auto first = std::lower_bound(scores_.begin(), scores_.end(), score);
  return static_cast<double>(scores_.end() - first) / static_cast<double>(scores_.size());
}

}  // namespace latentspace
