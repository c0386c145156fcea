// Parameter inference by a forward model of the latent centroid and a Gaussian likelihood.
#include "core/analysis/parameter_inference.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <limits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/status_macros.h"

namespace latentspace {
namespace {

constexpr int kMaxParameters = 2;  // what a 2-D latent plane can determine
constexpr int kMaxTerms = 6;       // a quadratic in two parameters
using Row = std::array<double, kMaxTerms>;
using Vec = std::array<double, kMaxParameters>;  // standardised parameters

// The polynomial terms of the forward model: 1, t1 [, t2] (degree 1), then t1^2 [, t1 t2, t2^2].
struct Basis {
  int p = 2;
  int degree = 1;
  int size() const { return 1 + p + (degree == 2 ? p * (p + 1) / 2 : 0); }
  Row Features(const Vec& t) const {
    Row row{};
    int k = 0;
    row[k++] = 1;
    for (int i = 0; i < p; ++i) row[k++] = t[i];
    if (degree == 2) {
      for (int i = 0; i < p; ++i) {
        for (int j = i; j < p; ++j) row[k++] = t[i] * t[j];
      }
    }
    return row;
  }
  // d Features / d t_d.
  Row Derivative(const Vec& t, int d) const {
    Row row{};
    int k = 1;
    for (int i = 0; i < p; ++i) row[k++] = i == d ? 1 : 0;
    if (degree == 2) {
      for (int i = 0; i < p; ++i) {
        for (int j = i; j < p; ++j) row[k++] = (i == d ? t[j] : 0) + (j == d ? t[i] : 0);
      }
    }
    return row;
  }
};

double Dot(const Row& a, const Row& b, int n) {
  double sum = 0;
  for (int i = 0; i < n; ++i) sum += a[i] * b[i];
  return sum;
}

// A symmetric 2 x 2 matrix.
struct Sym2 {
  double xx = 0, xy = 0, yy = 0;
  Sym2 operator+(const Sym2& o) const { return {xx + o.xx, xy + o.xy, yy + o.yy}; }
  Sym2 operator*(double s) const { return {xx * s, xy * s, yy * s}; }
  double det() const { return xx * yy - xy * xy; }
  // The inverse; a matrix whose determinant vanishes gets a ridge of 1e-12 of its trace first.
  Sym2 Inverse() const {
    Sym2 m = *this;
    const double trace = xx + yy;
    if (!(m.det() > 1e-24 * trace * trace)) {
      const double ridge = std::max(1e-12 * trace, 1e-300);
      m.xx += ridge;
      m.yy += ridge;
    }
    const double d = m.det();
    return {m.yy / d, -m.xy / d, m.xx / d};
  }
};

// Covariance (ddof 1) of at least two points.
Sym2 CovarianceOf(absl::Span<const LatentPoint> points) {
  const LatentPoint c = Centroid(points);
  Sym2 s;
  for (const LatentPoint& q : points) {
    s.xx += (q.x - c.x) * (q.x - c.x);
    s.xy += (q.x - c.x) * (q.y - c.y);
    s.yy += (q.y - c.y) * (q.y - c.y);
  }
  return s * (1.0 / static_cast<double>(points.size() - 1));
}

// The inverse of the k x k normal matrix X^T X of `rows`, by Gauss-Jordan elimination with partial
// pivoting; an error when the rows do not determine the coefficients.
using Square = std::array<Row, kMaxTerms>;
absl::StatusOr<Square> NormalInverse(const std::vector<Row>& rows, int k) {
  double a[kMaxTerms][2 * kMaxTerms] = {};
  for (const Row& row : rows) {
    for (int i = 0; i < k; ++i) {
      for (int j = 0; j < k; ++j) a[i][j] += row[i] * row[j];
    }
  }
  double largest = 0;
  for (int i = 0; i < k; ++i) {
    largest = std::max(largest, a[i][i]);
    a[i][k + i] = 1;
  }
  for (int col = 0; col < k; ++col) {
    int pivot = col;
    for (int r = col + 1; r < k; ++r) {
      if (std::abs(a[r][col]) > std::abs(a[pivot][col])) pivot = r;
    }
    if (!(std::abs(a[pivot][col]) > 1e-10 * largest)) {
      return absl::FailedPreconditionError("the models' parameters do not determine the fit");
    }
    for (int j = 0; j < 2 * k; ++j) std::swap(a[col][j], a[pivot][j]);
    const double diagonal = a[col][col];
    for (int j = 0; j < 2 * k; ++j) a[col][j] /= diagonal;
    for (int r = 0; r < k; ++r) {
      if (r == col) continue;
      const double factor = a[r][col];
      for (int j = 0; j < 2 * k; ++j) a[r][j] -= factor * a[col][j];
    }
  }
  Square inverse{};
  for (int i = 0; i < k; ++i) {
    for (int j = 0; j < k; ++j) inverse[i][j] = a[i][k + j];
  }
  return inverse;
}

// Cross product of (b - a) and (c - a).
double Cross(const Vec& a, const Vec& b, const Vec& c) {
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

// Whether `q` lies in the convex hull of `points` (p = 1: their range), with a tolerance.
bool InHull(std::vector<Vec> points, const Vec& q, int p) {
  constexpr double kTolerance = 1e-9;
  if (p == 1) {
    const auto [low, high] = std::minmax_element(
        points.begin(), points.end(), [](const Vec& a, const Vec& b) { return a[0] < b[0]; });
    return q[0] >= (*low)[0] - kTolerance && q[0] <= (*high)[0] + kTolerance;
  }
  // Andrew's monotone chain: the hull counter-clockwise.
  std::sort(points.begin(), points.end());
  std::vector<Vec> hull(2 * points.size());
  size_t k = 0;
  for (size_t i = 0; i < points.size(); ++i) {
    while (k >= 2 && Cross(hull[k - 2], hull[k - 1], points[i]) <= 0) --k;
    hull[k++] = points[i];
  }
  for (size_t i = points.size() - 1, lower = k + 1; i-- > 0;) {
    while (k >= lower && Cross(hull[k - 2], hull[k - 1], points[i]) <= 0) --k;
    hull[k++] = points[i];
  }
  hull.resize(k - 1);
  if (hull.size() < 3) return false;  // collinear models span no area
  for (size_t i = 0; i < hull.size(); ++i) {
    if (Cross(hull[i], hull[(i + 1) % hull.size()], q) < -kTolerance) return false;
  }
  return true;
}

// The latent centroid as a function of the standardised parameters, and its errors: the
// propagated noise of the models' centroids (each the mean of its model's sets, covariance
// Sigma_m / N_m) and the misspecification, the lack of fit that the fit's residuals show beyond
// that noise.
struct ForwardModel {
  Basis basis;
  Row x{}, y{};                      // coefficients per latent axis
  Square normal_inverse{};           // (X^T X)^-1
  std::vector<Row> rows;             // X: the models' features
  std::vector<Sym2> centroid_noise;  // Sigma_m / N_m
  Sym2 misspecification;             // isotropic, beyond the centroids' noise
  int residual_dof = 0;              // models - terms: 0 leaves the misspecification unestimated

  LatentPoint operator()(const Vec& t) const {
    const Row f = basis.Features(t);
    return {Dot(x, f, basis.size()), Dot(y, f, basis.size())};
  }
  // Column d of the Jacobian: d mu / d t_d.
  LatentPoint Column(const Vec& t, int d) const {
    const Row f = basis.Derivative(t, d);
    return {Dot(x, f, basis.size()), Dot(y, f, basis.size())};
  }
  // Covariance of mu(t) from the centroids' noise: the fit is linear in the centroids,
  // mu(t) = sum_m w_m(t) c_m with w(t) = X (X^T X)^-1 f(t).
  Sym2 FitNoise(const Vec& t) const {
    const int k = basis.size();
    const Row f = basis.Features(t);
    Row a{};
    for (int i = 0; i < k; ++i) a[i] = Dot(normal_inverse[i], f, k);
    Sym2 noise;
    for (size_t m = 0; m < rows.size(); ++m) {
      const double w = Dot(rows[m], a, k);
      noise = noise + centroid_noise[m] * (w * w);
    }
    return noise;
  }
  // The covariance of the forward model's error at t.
  Sym2 Error(const Vec& t) const { return FitNoise(t) + misspecification; }
};

// Least squares of the centroids on `basis`; no misspecification.
absl::StatusOr<ForwardModel> FitCoefficients(const std::vector<Vec>& t,
                                             const std::vector<LatentPoint>& centroids,
                                             std::vector<Sym2> centroid_noise, Basis basis) {
  const int m = static_cast<int>(t.size());
  const int k = basis.size();
  ForwardModel model;
  model.basis = basis;
  for (int i = 0; i < m; ++i) model.rows.push_back(basis.Features(t[i]));
  LATENT_ASSIGN_OR_RETURN(Square inverse, NormalInverse(model.rows, k));
  model.normal_inverse = inverse;
  Row xty{}, yty{};
  for (int i = 0; i < m; ++i) {
    for (int j = 0; j < k; ++j) {
      xty[j] += model.rows[i][j] * centroids[i].x;
      yty[j] += model.rows[i][j] * centroids[i].y;
    }
  }
  for (int i = 0; i < k; ++i) {
    model.x[i] = Dot(model.normal_inverse[i], xty, k);
    model.y[i] = Dot(model.normal_inverse[i], yty, k);
  }
  model.centroid_noise = std::move(centroid_noise);
  return model;
}

// The forward model of `p` parameters: quadratic with at least terms + 2 models, else linear. Its
// misspecification: the lack-of-fit variance per latent dimension, the residuals' squared length
// summed over the models minus what the centroids' noise puts there, over 2 (models - terms)
// degrees of freedom, at least 0; isotropic, because the contrastive loss sees only distances and
// gives the plane no preferred direction.
absl::StatusOr<ForwardModel> FitForwardModel(const std::vector<Vec>& t,
                                             const std::vector<LatentPoint>& centroids,
                                             const std::vector<Sym2>& centroid_noise, int p) {
  const int m = static_cast<int>(t.size());
  Basis basis{p, 2};
  if (m < basis.size() + 2) basis.degree = 1;
  LATENT_ASSIGN_OR_RETURN(ForwardModel model, FitCoefficients(t, centroids, centroid_noise, basis));
  const int k = basis.size();
  model.residual_dof = m - k;
  if (model.residual_dof <= 0) return model;
  // The residuals are (I - H) c with the hat matrix H = X (X^T X)^-1 X^T, so the noise puts
  // sum_j (I - H)_ij^2 tr(Sigma_j / N_j) into model i's squared residual.
  double squares = 0, noise = 0;
  for (int i = 0; i < m; ++i) {
    const LatentPoint fitted = model(t[i]);
    const double dx = centroids[i].x - fitted.x, dy = centroids[i].y - fitted.y;
    squares += dx * dx + dy * dy;
    Row a{};
    for (int r = 0; r < k; ++r) a[r] = Dot(model.normal_inverse[r], model.rows[i], k);
    for (int j = 0; j < m; ++j) {
      const double residual_weight = (i == j ? 1.0 : 0.0) - Dot(model.rows[j], a, k);
      noise += residual_weight * residual_weight *
               (model.centroid_noise[j].xx + model.centroid_noise[j].yy);
    }
  }
  const double variance = std::max(0.0, (squares - noise) / (2.0 * model.residual_dof));
  model.misspecification = {variance, 0, variance};
  return model;
}

// J^T W J for the p x 2 Jacobian at t.
std::array<std::array<double, kMaxParameters>, kMaxParameters> Fisher(const ForwardModel& model,
                                                                      const Vec& t, const Sym2& w,
                                                                      int p) {
  std::array<std::array<double, kMaxParameters>, kMaxParameters> f{};
  for (int a = 0; a < p; ++a) {
    const LatentPoint ja = model.Column(t, a);
    for (int b = 0; b < p; ++b) {
      const LatentPoint jb = model.Column(t, b);
      f[a][b] = ja.x * (w.xx * jb.x + w.xy * jb.y) + ja.y * (w.xy * jb.x + w.yy * jb.y);
    }
  }
  return f;
}

// The diagonal of the inverse of a p x p (p <= 2) matrix; infinities when it is singular.
Vec InverseDiagonal(const std::array<std::array<double, kMaxParameters>, kMaxParameters>& f,
                    int p) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  if (p == 1) return {f[0][0] > 0 ? 1 / f[0][0] : kInf, 0};
  const double det = f[0][0] * f[1][1] - f[0][1] * f[1][0];
  if (!(det > 1e-12 * std::abs(f[0][0] * f[1][1]))) return {kInf, kInf};
  return {f[1][1] / det, f[0][0] / det};
}

double ChiSquare(const ForwardModel& model, const Vec& t, const LatentPoint& zbar, const Sym2& w) {
  const LatentPoint mu = model(t);
  const double rx = zbar.x - mu.x, ry = zbar.y - mu.y;
  return rx * (w.xx * rx + w.xy * ry) + ry * (w.xy * rx + w.yy * ry);
}

// Levenberg-Marquardt from `start`, each step clamped to [low, high].
Vec Minimise(const ForwardModel& model, Vec t, const LatentPoint& zbar, const Sym2& w, int p,
             const Vec& low, const Vec& high) {
  double chi2 = ChiSquare(model, t, zbar, w);
  double lambda = 1e-3;
  for (int iteration = 0; iteration < 200 && lambda < 1e12; ++iteration) {
    const LatentPoint mu = model(t);
    const double rx = zbar.x - mu.x, ry = zbar.y - mu.y;
    std::array<std::array<double, kMaxParameters>, kMaxParameters> f = Fisher(model, t, w, p);
    Vec g{};
    for (int a = 0; a < p; ++a) {
      const LatentPoint ja = model.Column(t, a);
      g[a] = ja.x * (w.xx * rx + w.xy * ry) + ja.y * (w.xy * rx + w.yy * ry);
    }
    for (int a = 0; a < p; ++a) f[a][a] *= 1 + lambda;
    Vec step{};
    if (p == 1) {
      step[0] = f[0][0] > 0 ? g[0] / f[0][0] : 0;
    } else {
      const double det = f[0][0] * f[1][1] - f[0][1] * f[1][0];
      if (det > 0) {
        step[0] = (f[1][1] * g[0] - f[0][1] * g[1]) / det;
        step[1] = (f[0][0] * g[1] - f[1][0] * g[0]) / det;
      }
    }
    Vec next = t;
    for (int a = 0; a < p; ++a) next[a] = std::clamp(t[a] + step[a], low[a], high[a]);
    const double next_chi2 = ChiSquare(model, next, zbar, w);
    if (next_chi2 < chi2) {
      const bool converged = chi2 - next_chi2 < 1e-12 * (1 + chi2);
      t = next;
      chi2 = next_chi2;
      lambda = std::max(lambda / 3, 1e-9);
      if (converged) break;
    } else {
      lambda *= 4;
    }
  }
  return t;
}

// Delta chi2 on nodes x nodes (p = 2) or nodes (p = 1, nodes >= 2) nodes of the box [low, high] in
// standardised units (names left to the caller; low and high in the same units), relative to the
// smaller of the nodes' minimum and chi2 at the estimate `best`.
ParameterLikelihoodMap LikelihoodMap(const std::function<double(const Vec&)>& chi2, int p,
                                     const Vec& low, const Vec& high, int nodes, const Vec& best) {
  ParameterLikelihoodMap map;
  map.nodes = nodes;
  map.low.assign(low.begin(), low.begin() + p);
  map.high.assign(high.begin(), high.begin() + p);
  const auto node = [&](int a, int i) { return low[a] + (high[a] - low[a]) * i / (nodes - 1); };
  for (int iy = 0; iy < (p == 2 ? nodes : 1); ++iy) {
    for (int ix = 0; ix < nodes; ++ix) {
      map.delta_chi2.push_back(chi2(p == 2 ? Vec{node(0, ix), node(1, iy)} : Vec{node(0, ix), 0}));
    }
  }
  const double minimum =
      std::min(chi2(best), *std::min_element(map.delta_chi2.begin(), map.delta_chi2.end()));
  for (double& value : map.delta_chi2) value -= minimum;
  return map;
}

ParameterEstimate Failed(const std::string& name, int models, absl::Status status) {
  ParameterEstimate estimate;
  estimate.name = name;
  estimate.models = models;
  estimate.status = std::move(status);
  estimate.value = estimate.uncertainty = estimate.statistical = estimate.interpolation =
      std::nan("");
  return estimate;
}

}  // namespace

absl::Status CheckMapNodes(int nodes) {
  if (nodes == 0 || (nodes >= 2 && nodes <= kMaxParameterMapNodes)) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(nodes, " likelihood-map nodes per axis: expected 0 (no map) or 2 to ",
                   kMaxParameterMapNodes));
}

absl::StatusOr<std::vector<ParameterEstimate>> InferParameters(
    absl::Span<const std::vector<LatentPoint>> model_points,
    absl::Span<const TheoryParameters> parameters, absl::Span<const LatentPoint> sample,
    const ParameterInferenceOptions& options, ParameterLikelihoodMap* map) {
  if (model_points.size() != parameters.size()) {
    return absl::InvalidArgumentError(absl::StrCat("parameter inference: ", model_points.size(),
                                                   " models' points but ", parameters.size(),
                                                   " parameter sets"));
  }
  if (model_points.empty()) return absl::InvalidArgumentError("parameter inference: no models");
  if (!(options.search_margin >= 0) || options.min_sets_for_sample_covariance < 2) {
    return absl::InvalidArgumentError("parameter inference: bad options");
  }
  LATENT_RETURN_IF_ERROR(CheckMapNodes(options.map_nodes));
  if (sample.empty()) {
    return absl::InvalidArgumentError("parameter inference: the sample has no points");
  }
  LATENT_RETURN_IF_ERROR(CheckFinite(sample, "sample"));
  const int m = static_cast<int>(model_points.size());
  std::vector<std::string> names;
  for (const auto& [name, value] : parameters[0]) names.push_back(name);
  std::vector<LatentPoint> centroids;
  std::vector<Sym2> centroid_noise;
  Sym2 pooled;
  int pooled_models = 0;
  for (int i = 0; i < m; ++i) {
    if (model_points[i].empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("parameter inference: model ", i, " has no points"));
    }
    LATENT_RETURN_IF_ERROR(CheckFinite(model_points[i], absl::StrCat("model ", i)));
    std::vector<std::string> own;
    for (const auto& [name, value] : parameters[i]) {
      own.push_back(name);
      if (!std::isfinite(value)) {
        return absl::InvalidArgumentError(absl::StrCat("parameter inference: model ", i,
                                                       " parameter '", name, "' = ", value,
                                                       " is not finite"));
      }
    }
    if (own != names) {
      return absl::InvalidArgumentError(absl::StrCat(
          "parameter inference: model ", i, " has parameters [", absl::StrJoin(own, ", "),
          "], model 0 [", absl::StrJoin(names, ", "), "]: not one family"));
    }
    centroids.push_back(Centroid(model_points[i]));
    centroid_noise.emplace_back();
    if (model_points[i].size() >= 2) {
      const Sym2 covariance = CovarianceOf(model_points[i]);
      centroid_noise.back() = covariance * (1.0 / static_cast<double>(model_points[i].size()));
      pooled = pooled + covariance;
      ++pooled_models;
    }
  }

  // The parameters that vary over the family; the others cannot be inferred.
  std::vector<ParameterEstimate> estimates(names.size());
  std::vector<int> varying;
  std::vector<double> mean(names.size()), scale(names.size());
  for (size_t k = 0; k < names.size(); ++k) {
    double low = std::numeric_limits<double>::infinity(), high = -low, sum = 0;
    for (int i = 0; i < m; ++i) {
      const double v = parameters[i].at(names[k]);
      low = std::min(low, v);
      high = std::max(high, v);
      sum += v;
    }
    mean[k] = sum / m;
    scale[k] = 0.5 * (high - low);
    if (high > low) {
      varying.push_back(static_cast<int>(k));
    } else {
      estimates[k] = Failed(names[k], m,
                            absl::FailedPreconditionError(
                                absl::StrCat("parameter '", names[k], "' is ", low,
                                             " in every model of the family: nothing to infer")));
    }
  }
  const int p = static_cast<int>(varying.size());
  const auto fail_varying = [&](const absl::Status& status) {
    for (int k : varying) estimates[k] = Failed(names[k], m, status);
    return estimates;
  };
  if (p == 0) return estimates;
  if (p > kMaxParameters) {
    return fail_varying(absl::FailedPreconditionError(
        absl::StrCat("the family varies ", p, " parameters; a 2-D latent plane determines at most ",
                     kMaxParameters)));
  }
  if (m < p + 1) {
    return fail_varying(absl::FailedPreconditionError(
        absl::StrCat("the family has ", m, " models for ", p, " varying parameters; at least ",
                     p + 1, " are needed")));
  }

  std::vector<Vec> t(m);
  Vec low{}, high{};
  for (int i = 0; i < m; ++i) {
    for (int a = 0; a < p; ++a) {
      const int k = varying[a];
      t[i][a] = (parameters[i].at(names[k]) - mean[k]) / scale[k];
    }
  }
  for (int a = 0; a < p; ++a) {
    low[a] = high[a] = t[0][a];
    for (int i = 1; i < m; ++i) {
      low[a] = std::min(low[a], t[i][a]);
      high[a] = std::max(high[a], t[i][a]);
    }
    const double margin = options.search_margin * (high[a] - low[a]);
    low[a] -= margin;
    high[a] += margin;
  }
  absl::StatusOr<ForwardModel> model = FitForwardModel(t, centroids, centroid_noise, p);
  if (!model.ok()) return fail_varying(model.status());

  const int64_t n = static_cast<int64_t>(sample.size());
  const LatentPoint zbar = Centroid(sample);
  const Sym2 set_covariance = n >= options.min_sets_for_sample_covariance
                                  ? CovarianceOf(sample)
                                  : pooled * (1.0 / std::max(1, pooled_models));
  const Sym2 statistical = set_covariance * (1.0 / static_cast<double>(n));
  // The weight depends on t through the fit's noise: minimised with it fixed at the start, then
  // again with it at the first minimum.
  const auto weight_at = [&](const Vec& at) { return (statistical + model->Error(at)).Inverse(); };
  Vec best = t[0];
  double best_chi2 = std::numeric_limits<double>::infinity();
  for (int i = 0; i < m; ++i) {
    Vec found = Minimise(*model, t[i], zbar, weight_at(t[i]), p, low, high);
    found = Minimise(*model, found, zbar, weight_at(found), p, low, high);
    const double chi2 = ChiSquare(*model, found, zbar, weight_at(found));
    if (chi2 < best_chi2) {
      best_chi2 = chi2;
      best = found;
    }
  }
  if (map != nullptr && options.map_nodes > 0) {
    const auto chi2_at = [&](const Vec& at) { return ChiSquare(*model, at, zbar, weight_at(at)); };
    *map = LikelihoodMap(chi2_at, p, low, high, options.map_nodes, best);
    map->names.clear();
    for (int a = 0; a < p; ++a) {
      const int k = varying[a];
      map->names.push_back(names[k]);
      map->low[a] = mean[k] + scale[k] * map->low[a];
      map->high[a] = mean[k] + scale[k] * map->high[a];
    }
  }
  const Vec total = InverseDiagonal(Fisher(*model, best, weight_at(best), p), p);
  const Vec stat = InverseDiagonal(Fisher(*model, best, statistical.Inverse(), p), p);

  std::string note;
  const bool extrapolated = !InHull(t, best, p);
  if (extrapolated) note = "outside the family's models: extrapolated; ";
  for (int a = 0; a < p; ++a) {
    if (best[a] <= low[a] + 1e-9 || best[a] >= high[a] - 1e-9) {
      absl::StrAppend(&note, "at the edge of the search range (the models' range widened by ",
                      options.search_margin, " of it): the sample lies beyond the family; ");
      break;
    }
  }
  if (model->residual_dof <= 0) {
    absl::StrAppend(&note,
                    "as many models as the forward model has terms: its error between the "
                    "models is not estimated; ");
  }
  if (n == 1) absl::StrAppend(&note, "a single set; ");
  if (!std::isfinite(total[0]) || (p == 2 && !std::isfinite(total[1]))) {
    absl::StrAppend(&note, "the latent plane does not resolve the parameters here; ");
  }
  if (!note.empty()) note.resize(note.size() - 2);
  for (int a = 0; a < p; ++a) {
    const int k = varying[a];
    ParameterEstimate& estimate = estimates[k];
    estimate.name = names[k];
    estimate.models = m;
    estimate.degree = model->basis.degree;
    estimate.value = mean[k] + scale[k] * best[a];
    estimate.uncertainty = scale[k] * std::sqrt(total[a]);
    estimate.statistical = scale[k] * std::sqrt(stat[a]);
    estimate.interpolation =
        std::sqrt(std::max(0.0, estimate.uncertainty * estimate.uncertainty -
                                    estimate.statistical * estimate.statistical));
    estimate.extrapolated = extrapolated;
    estimate.note = note;
  }
  return estimates;
}

}  // namespace latentspace
