// Gaussian KDE: fitting (covariance, bandwidth, regularisation) and evaluation at points.
#include "core/analysis/kde.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/status_macros.h"

namespace latentspace {
namespace {

constexpr double kSingularRatio = 1e-9;  // l_min / l_max at or below which C is singular

// Eigenvalues (largest first) of a symmetric 2 x 2 matrix.
std::pair<double, double> Eigenvalues(const Covariance2& c) {
  const double half_trace = 0.5 * (c.xx + c.yy);
  const double radius = std::hypot(0.5 * (c.xx - c.yy), c.xy);
  return {half_trace + radius, half_trace - radius};
}

absl::Status CheckWeights(absl::Span<const double> weights, size_t points) {
  if (weights.size() != points) {
    return absl::InvalidArgumentError(
        absl::StrCat("KDE weights.size() = ", weights.size(), " != points.size() = ", points));
  }
  double total = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    if (!std::isfinite(weights[i]) || weights[i] < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("KDE weights[", i, "] = ", weights[i], " must be finite and >= 0"));
    }
    total += weights[i];
  }
  if (!(total > 0)) return absl::InvalidArgumentError("KDE weights are all zero");
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<GaussianKde> GaussianKde::Fit(absl::Span<const LatentPoint> points,
                                             const KdeOptions& options,
                                             absl::Span<const double> weights) {
  if (points.empty()) return absl::InvalidArgumentError("KDE needs at least one point, got 0");
  LATENT_RETURN_IF_ERROR(CheckFinite(points, "KDE"));
  if (!weights.empty()) {
    LATENT_RETURN_IF_ERROR(CheckWeights(weights, points.size()));
  }
  if (options.rule == BandwidthRule::kFactor &&
      !(std::isfinite(options.factor) && options.factor > 0)) {
    return absl::InvalidArgumentError(
        absl::StrCat("KDE bandwidth factor = ", options.factor, " must be finite and > 0"));
  }
  if (const std::optional<Covariance2>& k = options.kernel_covariance;
      k.has_value() && !(std::isfinite(k->xx) && std::isfinite(k->xy) && std::isfinite(k->yy) &&
                         k->xx > 0 && k->xx * k->yy - k->xy * k->xy > 0)) {
    return absl::InvalidArgumentError(absl::StrCat("KDE kernel_covariance (", k->xx, ", ", k->xy,
                                                   ", ", k->yy, ") is not positive definite"));
  }
  if (!(std::isfinite(options.ridge_fraction) && options.ridge_fraction >= 0) ||
      !(std::isfinite(options.min_variance) && options.min_variance > 0)) {
    return absl::InvalidArgumentError(
        absl::StrCat("KDE ridge_fraction = ", options.ridge_fraction, " must be >= 0 and ",
                     "min_variance = ", options.min_variance, " > 0"));
  }

  GaussianKde kde;
  const size_t n = points.size();
  kde.points_.assign(points.begin(), points.end());
  kde.weights_.resize(n);
  double total = 0;
  for (size_t i = 0; i < n; ++i) total += weights.empty() ? 1.0 : weights[i];
  double sum_squares = 0;
  for (size_t i = 0; i < n; ++i) {
    kde.weights_[i] = (weights.empty() ? 1.0 : weights[i]) / total;
    sum_squares += kde.weights_[i] * kde.weights_[i];
  }
  kde.neff_ = 1.0 / sum_squares;

  // Weighted mean and covariance with numpy.cov's aweights and ddof = 1: divide by
  // 1 - sum w^2 for normalised weights (n - 1 when unweighted).
  double mx = 0, my = 0;
  for (size_t i = 0; i < n; ++i) {
    mx += kde.weights_[i] * points[i].x;
    my += kde.weights_[i] * points[i].y;
  }
  kde.mean_ = {mx, my};
  Covariance2 c;
  for (size_t i = 0; i < n; ++i) {
    const double ux = points[i].x - mx;
    const double uy = points[i].y - my;
    c.xx += kde.weights_[i] * ux * ux;
    c.xy += kde.weights_[i] * ux * uy;
    c.yy += kde.weights_[i] * uy * uy;
  }
  const double denominator = 1.0 - sum_squares;
  bool identical = true;
  for (size_t i = 1; i < n && identical; ++i) {
    identical = points[i].x == points[0].x && points[i].y == points[0].y;
  }
  // Identical points (where the weighted mean's rounding would leave a spurious ~1e-30 spread) and
  // one effective point have no spread to measure.
  if (identical || !(denominator > 1e-12)) {
    c = {};
  } else {
    c.xx /= denominator;
    c.xy /= denominator;
    c.yy /= denominator;
  }
  if (!std::isfinite(c.xx) || !std::isfinite(c.xy) || !std::isfinite(c.yy)) {
    return absl::InvalidArgumentError(absl::StrCat("KDE data covariance (", c.xx, ", ", c.xy, ", ",
                                                   c.yy, ") is not finite: coordinates too large"));
  }
  const auto [l_max, l_min] = Eigenvalues(c);
  if (!(l_max > 0) || l_min <= kSingularRatio * l_max) {
    kde.ridge_ = std::max(options.ridge_fraction * std::max(l_max, 0.0), options.min_variance);
    const char* cause = n == 1                 ? "a single point"
                        : identical            ? "all points identical"
                        : denominator <= 1e-12 ? "one effective point"
                                               : "points (nearly) collinear";
    kde.note_ = absl::StrCat("data covariance is singular (", cause, "; eigenvalues ", l_max, ", ",
                             l_min, "); added ridge ", kde.ridge_, " to its diagonal");
    c.xx += kde.ridge_;
    c.yy += kde.ridge_;
  }
  kde.data_covariance_ = c;

  switch (options.rule) {
    case BandwidthRule::kScott:
      kde.factor_ = std::pow(kde.neff_, -1.0 / 6.0);
      break;
    case BandwidthRule::kSilverman:
      kde.factor_ = std::pow(kde.neff_ * (2.0 + 2.0) / 4.0, -1.0 / (2.0 + 4.0));
      break;
    case BandwidthRule::kFactor:
      kde.factor_ = options.factor;
      break;
  }
  const double f2 = kde.factor_ * kde.factor_;
  kde.kernel_covariance_ =
      options.kernel_covariance.value_or(Covariance2{c.xx * f2, c.xy * f2, c.yy * f2});
  const Covariance2& k = kde.kernel_covariance_;
  Cholesky& l = kde.cholesky_;
  l.l00 = std::sqrt(k.xx);
  l.l10 = k.xy / l.l00;
  const double schur = k.yy - l.l10 * l.l10;
  if (!(l.l00 > 0) || !(schur > 0) || !std::isfinite(schur)) {
    return absl::InternalError(absl::StrCat("KDE kernel covariance (", k.xx, ", ", k.xy, ", ", k.yy,
                                            ") is not positive definite"));
  }
  l.l11 = std::sqrt(schur);
  kde.log_normalisation_ = -std::log(2.0 * M_PI) - std::log(l.l00) - std::log(l.l11);
  kde.whitened_.resize(n);
  kde.log_weights_.resize(n);
  for (size_t i = 0; i < n; ++i) {
    kde.whitened_[i] = kde.Whiten(points[i]);
    kde.log_weights_[i] =
        kde.weights_[i] > 0 ? std::log(kde.weights_[i]) : -std::numeric_limits<double>::infinity();
  }
  return kde;
}

double GaussianKde::Density(LatentPoint p) const {
  const LatentPoint z = Whiten(p);
  double sum = 0;
  for (size_t i = 0; i < whitened_.size(); ++i) {
    const double u = z.x - whitened_[i].x;
    const double v = z.y - whitened_[i].y;
    sum += weights_[i] * std::exp(-0.5 * (u * u + v * v));
  }
  return sum * std::exp(log_normalisation_);
}

double GaussianKde::LogDensity(LatentPoint p) const {
  const LatentPoint z = Whiten(p);
  if (!std::isfinite(z.x) || !std::isfinite(z.y)) return std::nan("");
  double best = -std::numeric_limits<double>::infinity();
  for (size_t i = 0; i < whitened_.size(); ++i) {
    const double u = z.x - whitened_[i].x;
    const double v = z.y - whitened_[i].y;
    best = std::max(best, log_weights_[i] - 0.5 * (u * u + v * v));
  }
  if (best == -std::numeric_limits<double>::infinity()) return best;  // beyond double range
  double sum = 0;
  for (size_t i = 0; i < whitened_.size(); ++i) {
    const double u = z.x - whitened_[i].x;
    const double v = z.y - whitened_[i].y;
    sum += std::exp(log_weights_[i] - 0.5 * (u * u + v * v) - best);
  }
  return best + std::log(sum) + log_normalisation_;
}

}  // namespace latentspace
