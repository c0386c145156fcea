// Parameter inference by a calibration curve over the known models' latent centroids.
#include "core/analysis/parameter_inference.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

#include "absl/strings/str_cat.h"

namespace latentspace {
namespace {

constexpr int kMaxFeatures = 6;
using Row = std::array<double, kMaxFeatures>;

// The curve's terms: constant (degree 0), + u [+ v] (degree 1), + u^2 [+ uv + v^2] (degree 2).
struct Basis {
  int dims = 2;
  int degree = 1;
  int size() const {
    if (degree == 0) return 1;
    return 1 + dims + (degree == 2 ? dims * (dims + 1) / 2 : 0);
  }
  Row Features(double u, double v) const {
    Row row{};
    row[0] = 1;
    if (degree == 0) return row;
    int k = 1;
    row[k++] = u;
    if (dims == 2) row[k++] = v;
    if (degree == 2) {
      row[k++] = u * u;
      if (dims == 2) {
        row[k++] = u * v;
        row[k++] = v * v;
      }
    }
    return row;
  }
};

// Principal-axes coordinates of the centroids: u along the major axis, v along the minor, both
// divided by the major standard deviation.
struct Frame {
  LatentPoint origin;
  double ex = 1, ey = 0;  // major axis
  double scale = 1;
  int dims = 2;
  std::pair<double, double> Coordinates(LatentPoint p) const {
    const double x = p.x - origin.x, y = p.y - origin.y;
    return {(ex * x + ey * y) / scale, (-ey * x + ex * y) / scale};
  }
};

absl::StatusOr<Frame> MakeFrame(const std::vector<LatentPoint>& centroids, double collinear_ratio) {
  Frame frame;
  frame.origin = Centroid(centroids);
  double sxx = 0, sxy = 0, syy = 0;
  for (const LatentPoint& c : centroids) {
    const double x = c.x - frame.origin.x, y = c.y - frame.origin.y;
    sxx += x * x;
    sxy += x * y;
    syy += y * y;
  }
  const double n = static_cast<double>(centroids.size());
  sxx /= n;
  sxy /= n;
  syy /= n;
  const double half_trace = 0.5 * (sxx + syy);
  const double radius = std::hypot(0.5 * (sxx - syy), sxy);
  const double major = half_trace + radius;
  const double minor = std::max(0.0, half_trace - radius);
  if (!(major > 0)) return absl::FailedPreconditionError("the models' latent centroids coincide");
  if (std::abs(sxy) > 1e-300) {
    const double norm = std::hypot(major - syy, sxy);
    frame.ex = (major - syy) / norm;
    frame.ey = sxy / norm;
  } else if (syy > sxx) {
    frame.ex = 0;
    frame.ey = 1;
  }
  frame.scale = std::sqrt(major);
  frame.dims = std::sqrt(minor / major) > collinear_ratio ? 2 : 1;
  return frame;
}

// Least squares by the normal equations (features are O(1) in the frame's coordinates), with
// partial pivoting; an error when the rows do not determine the coefficients.
absl::StatusOr<Row> LeastSquares(const std::vector<Row>& rows, const std::vector<double>& y,
                                 int k) {
  double a[kMaxFeatures][kMaxFeatures + 1] = {};
  for (size_t r = 0; r < rows.size(); ++r) {
    for (int i = 0; i < k; ++i) {
      for (int j = 0; j < k; ++j) a[i][j] += rows[r][i] * rows[r][j];
      a[i][k] += rows[r][i] * y[r];
    }
  }
  double largest = 0;
  for (int i = 0; i < k; ++i) largest = std::max(largest, a[i][i]);
  for (int col = 0; col < k; ++col) {
    int pivot = col;
    for (int r = col + 1; r < k; ++r) {
      if (std::abs(a[r][col]) > std::abs(a[pivot][col])) pivot = r;
    }
    if (!(std::abs(a[pivot][col]) > 1e-10 * largest)) {
      return absl::FailedPreconditionError("calibration fit is rank deficient");
    }
    for (int j = 0; j <= k; ++j) std::swap(a[col][j], a[pivot][j]);
    for (int r = 0; r < k; ++r) {
      if (r == col) continue;
      const double factor = a[r][col] / a[col][col];
      for (int j = col; j <= k; ++j) a[r][j] -= factor * a[col][j];
    }
  }
  Row coefficients{};
  for (int i = 0; i < k; ++i) coefficients[i] = a[i][k] / a[i][i];
  return coefficients;
}

struct Curve {
  Basis basis;
  Row coefficients{};
  double operator()(double u, double v) const {
    const Row features = basis.Features(u, v);
    double sum = 0;
    for (int i = 0; i < basis.size(); ++i) sum += coefficients[i] * features[i];
    return sum;
  }
};

// Fits the richest basis, from `start` down (quadratic, linear, 1-D linear, constant), that the
// points determine.
Curve FitCurve(const std::vector<std::pair<double, double>>& uv, const std::vector<double>& y,
               Basis start) {
  std::vector<Basis> candidates;
  if (start.degree == 2) candidates.push_back({start.dims, 2});
  candidates.push_back({start.dims, 1});
  if (start.dims == 2) candidates.push_back({1, 1});
  candidates.push_back({1, 0});
  for (const Basis& basis : candidates) {
    if (static_cast<int>(uv.size()) < basis.size()) continue;
    std::vector<Row> rows;
    for (const auto& [u, v] : uv) rows.push_back(basis.Features(u, v));
    absl::StatusOr<Row> coefficients = LeastSquares(rows, y, basis.size());
    if (coefficients.ok()) return {basis, *coefficients};
  }
  double mean = 0;  // the constant always fits
  for (double value : y) mean += value;
  Curve constant{{1, 0}, {}};
  constant.coefficients[0] = mean / y.size();
  return constant;
}

ParameterEstimate Infer(const std::string& name, const std::vector<LatentPoint>& centroids,
                        const std::vector<double>& values, absl::Span<const LatentPoint> sample,
                        const ParameterInferenceOptions& options) {
  ParameterEstimate estimate;
  estimate.name = name;
  estimate.models = static_cast<int>(centroids.size());
  auto fail = [&estimate](absl::Status status) {
    estimate.status = std::move(status);
    estimate.value = estimate.uncertainty = estimate.statistical = estimate.calibration =
        std::nan("");
    return estimate;
  };
  if (centroids.size() < 2) {
    return fail(absl::FailedPreconditionError(
        absl::StrCat("parameter '", name, "' is known for ", centroids.size(),
                     " model(s); inference needs at least 2")));
  }
  absl::StatusOr<Frame> frame = MakeFrame(centroids, options.collinear_ratio);
  if (!frame.ok()) {
    return fail(absl::FailedPreconditionError(
        absl::StrCat("parameter '", name, "': ", frame.status().message())));
  }
  std::vector<std::pair<double, double>> uv;
  for (const LatentPoint& c : centroids) uv.push_back(frame->Coordinates(c));
  Basis start{frame->dims, 1};
  const int quadratic_minimum =
      std::max(options.min_models_for_quadratic, Basis{frame->dims, 2}.size() + 2);
  if (estimate.models >= quadratic_minimum) start.degree = 2;
  const Curve curve = FitCurve(uv, values, start);
  estimate.degree = curve.basis.degree;
  estimate.dimensions = curve.basis.degree == 0 ? 0 : curve.basis.dims;

  const auto [cu, cv] = frame->Coordinates(Centroid(sample));
  estimate.value = curve(cu, cv);
  double mean = 0, m2 = 0;
  for (size_t i = 0; i < sample.size(); ++i) {  // Welford
    const auto [u, v] = frame->Coordinates(sample[i]);
    const double prediction = curve(u, v);
    const double delta = prediction - mean;
    mean += delta / (i + 1);
    m2 += delta * (prediction - mean);
  }
  if (sample.size() > 1) {
    estimate.statistical = std::sqrt(m2 / (sample.size() - 1) / sample.size());
  } else {
    estimate.note = "a single set: no statistical term; ";
  }
  double squares = 0;
  for (size_t m = 0; m < centroids.size(); ++m) {
    std::vector<std::pair<double, double>> uv_rest;
    std::vector<double> values_rest;
    for (size_t o = 0; o < centroids.size(); ++o) {
      if (o == m) continue;
      uv_rest.push_back(uv[o]);
      values_rest.push_back(values[o]);
    }
    const double error =
        FitCurve(uv_rest, values_rest, curve.basis)(uv[m].first, uv[m].second) - values[m];
    squares += error * error;
  }
  estimate.calibration = std::sqrt(squares / centroids.size());
  estimate.uncertainty = std::hypot(estimate.statistical, estimate.calibration);
  double u_min = uv[0].first, u_max = uv[0].first;
  for (const auto& [u, v] : uv) {
    u_min = std::min(u_min, u);
    u_max = std::max(u_max, u);
  }
  if (cu < u_min || cu > u_max) {
    absl::StrAppend(&estimate.note, "the sample lies outside the models' span along the main ",
                    "latent axis: extrapolated; ");
  }
  if (!estimate.note.empty()) estimate.note.resize(estimate.note.size() - 2);
  return estimate;
}

}  // namespace

absl::StatusOr<std::vector<ParameterEstimate>> InferParameters(
    absl::Span<const std::vector<LatentPoint>> model_points,
    absl::Span<const TheoryParameters> parameters, absl::Span<const LatentPoint> sample,
    const ParameterInferenceOptions& options) {
  if (model_points.size() != parameters.size()) {
    return absl::InvalidArgumentError(absl::StrCat("parameter inference: ", model_points.size(),
                                                   " models' points but ", parameters.size(),
                                                   " parameter sets"));
  }
  if (!(options.collinear_ratio >= 0 && options.collinear_ratio < 1)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "parameter inference collinear_ratio = ", options.collinear_ratio, " not in [0, 1)"));
  }
  if (sample.empty()) {
    return absl::InvalidArgumentError("parameter inference: the sample has no points");
  }
  if (absl::Status status = CheckFinite(sample, "sample"); !status.ok()) return status;
  std::vector<LatentPoint> centroids;
  std::set<std::string> names;
  for (size_t m = 0; m < model_points.size(); ++m) {
    if (model_points[m].empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("parameter inference: model ", m, " has no points"));
    }
    if (absl::Status status = CheckFinite(model_points[m], absl::StrCat("model ", m));
        !status.ok()) {
      return status;
    }
    centroids.push_back(Centroid(model_points[m]));
    for (const auto& [name, value] : parameters[m]) {
      if (!std::isfinite(value)) {
        return absl::InvalidArgumentError(absl::StrCat("parameter inference: model ", m,
                                                       " parameter '", name, "' = ", value,
                                                       " is not finite"));
      }
      names.insert(name);
    }
  }
  std::vector<ParameterEstimate> estimates;
  for (const std::string& name : names) {
    std::vector<LatentPoint> having;
    std::vector<double> values;
    for (size_t m = 0; m < parameters.size(); ++m) {
      auto it = parameters[m].find(name);
      if (it == parameters[m].end()) continue;
      having.push_back(centroids[m]);
      values.push_back(it->second);
    }
    estimates.push_back(Infer(name, having, values, sample, options));
  }
  return estimates;
}

}  // namespace latentspace
