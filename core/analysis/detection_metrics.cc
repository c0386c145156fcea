// ROC AUC and the significance proxy of anomaly scores.
#include "core/analysis/detection_metrics.h"

#include <cmath>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/analysis/rank_correlation.h"
#include "core/status_macros.h"

namespace latentspace {
namespace {

absl::Status CheckScores(absl::Span<const double> scores, const char* side) {
  if (scores.empty()) return absl::InvalidArgumentError(absl::StrCat("no ", side, " scores"));
  for (size_t i = 0; i < scores.size(); ++i) {
    if (!std::isfinite(scores[i])) {
      return absl::InvalidArgumentError(
          absl::StrCat(side, " score ", i, " = ", scores[i], " is not finite"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<double> RocAuc(absl::Span<const double> signal,
                              absl::Span<const double> background) {
  LATENT_RETURN_IF_ERROR(CheckScores(signal, "signal"));
  LATENT_RETURN_IF_ERROR(CheckScores(background, "background"));
  std::vector<double> all(signal.begin(), signal.end());
  all.insert(all.end(), background.begin(), background.end());
  const std::vector<double> ranks = AverageRanks(all);
  double signal_rank_sum = 0;
  for (size_t i = 0; i < signal.size(); ++i) signal_rank_sum += ranks[i];
  const double n_s = static_cast<double>(signal.size());
  const double n_b = static_cast<double>(background.size());
  return (signal_rank_sum - n_s * (n_s + 1) / 2) / (n_s * n_b);
}

absl::StatusOr<double> SignificanceProxy(double n_bsm, double n_sm) {
  if (!(std::isfinite(n_bsm) && n_bsm >= 0)) {
    return absl::InvalidArgumentError(absl::StrCat("n_bsm = ", n_bsm, " must be finite and >= 0"));
  }
  if (!(std::isfinite(n_sm) && n_sm > 0)) {
    return absl::InvalidArgumentError(
        absl::StrCat("n_sm = ", n_sm, " must be finite and > 0 (no Standard Model events pass)"));
  }
  return std::abs(n_bsm - n_sm) / std::sqrt(n_sm);
}

}  // namespace latentspace
