// Gaussian kernel density estimate of latent points (science.md, "Latent-space analysis"), with
// scipy.stats.gaussian_kde's definitions: kernel covariance = data covariance (ddof = 1, as
// numpy.cov, weighted when weights are given) x factor^2, with Scott's factor neff^(-1/(d+4)) or
// Silverman's (neff (d+2)/4)^(-1/(d+4)) (d = 2: the two coincide), or an explicit factor; or a
// kernel covariance given outright.
// A singular data covariance (one point, identical points, collinear points) is regularised with
// a ridge instead of failing; the result says so (regularised(), ridge(), note()).
#ifndef LATENTSPACE_CORE_ANALYSIS_KDE_H_
#define LATENTSPACE_CORE_ANALYSIS_KDE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "core/analysis/latent_point.h"

namespace latentspace {

enum class BandwidthRule { kScott, kSilverman, kFactor };

// A symmetric 2 x 2 covariance matrix.
struct Covariance2 {
  double xx = 0;
  double xy = 0;
  double yy = 0;
};

struct KdeOptions {
  BandwidthRule rule = BandwidthRule::kScott;
  double factor = 1.0;  // the bandwidth factor itself when rule == kFactor; finite, > 0
  // A data covariance whose eigenvalues l_min <= 1e-9 l_max (or that is zero) is singular; then
  // ridge = max(ridge_fraction * l_max, min_variance) is added to its diagonal.
  double ridge_fraction = 1e-4;
  double min_variance = 1e-6;
  // When set, the kernel covariance itself (positive definite), whatever the rule: densities
  // whose likelihoods are compared then differ by where their points lie, not by how much each
  // is smoothed.
  std::optional<Covariance2> kernel_covariance;
};

// The Gaussian KDE of a fixed set of latent points; cheap to copy queries, immutable once fitted.
class GaussianKde {
 public:
  // Fits the estimate. Points must be finite and non-empty; `weights`, when given, one per point,
  // finite, >= 0 and not all zero (they are normalised to sum 1, as scipy does).
  static absl::StatusOr<GaussianKde> Fit(absl::Span<const LatentPoint> points,
                                         const KdeOptions& options = {},
                                         absl::Span<const double> weights = {});

  // The density at `p` (sum over points of weight x Gaussian kernel); NaN for a NaN query.
  double Density(LatentPoint p) const;
  // log Density(p), computed with log-sum-exp so it stays finite far from the data.
  double LogDensity(LatentPoint p) const;

  double factor() const { return factor_; }
  // Effective number of points (sum w)^2 / sum w^2; n when unweighted.
  double neff() const { return neff_; }
  // The data covariance (ddof = 1), including the ridge when regularised.
  const Covariance2& data_covariance() const { return data_covariance_; }
  // data_covariance() x factor^2, or KdeOptions::kernel_covariance when given.
  const Covariance2& kernel_covariance() const { return kernel_covariance_; }
  // Weighted mean of the points: the model's latent centroid.
  LatentPoint mean() const { return mean_; }
  bool regularised() const { return ridge_ > 0; }
  double ridge() const { return ridge_; }  // variance added to the covariance's diagonal, or 0
  const std::string& note() const { return note_; }  // why it was regularised, or ""

  const std::vector<LatentPoint>& points() const { return points_; }
  const std::vector<double>& weights() const { return weights_; }  // normalised, sum 1

  // Lower Cholesky factor L of the kernel covariance (L L^T = kernel_covariance()); the kernel of
  // point i at p is exp(-|L^-1 (p - x_i)|^2 / 2) / (2 pi l00 l11).
  struct Cholesky {
    double l00 = 1;
    double l10 = 0;
    double l11 = 1;
  };
  const Cholesky& cholesky() const { return cholesky_; }
  // L^-1 p.
  LatentPoint Whiten(LatentPoint p) const {
    const double z0 = p.x / cholesky_.l00;
    return {z0, (p.y - cholesky_.l10 * z0) / cholesky_.l11};
  }
  // log of the kernel's normalisation 1 / (2 pi l00 l11).
  double log_normalisation() const { return log_normalisation_; }

 private:
  GaussianKde() = default;

  std::vector<LatentPoint> points_;
  std::vector<double> weights_;
  std::vector<LatentPoint> whitened_;  // L^-1 x_i
  std::vector<double> log_weights_;
  double factor_ = 1;
  double neff_ = 0;
  Covariance2 data_covariance_;
  Covariance2 kernel_covariance_;
  LatentPoint mean_;
  double ridge_ = 0;
  std::string note_;
  Cholesky cholesky_;
  double log_normalisation_ = 0;
};

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_ANALYSIS_KDE_H_
