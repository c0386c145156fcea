// Theory-parameter inference (science.md, "Parameter inference"): estimate the parameters (e.g.
// masses) of an unknown sample from its latent points and the known models' parameters, with an
// uncertainty.
//
// Method, per parameter, over the known models that have it:
//  1. Calibration curve: least squares of the parameter on the models' latent centroids (one row
//     per model, equal weights), linear in (u, v), quadratic (u^2, uv, v^2 added) when at least
//     max(min_models_for_quadratic, terms + 2) models have it (8 in 2-D, 6 in 1-D with the
//     default; the slack keeps the leave-one-out fits determined); (u, v) are the centroids'
//     principal axes, and v is dropped when the centroids are collinear (minor/major spread
//     below collinear_ratio).
//     We regress on centroids rather than on every set's point because regressing a per-model
//     constant on scattered points attenuates the slope (errors in variables) and pulls every
//     estimate towards the models' mean.
//  2. Estimate: the curve at the sample's centroid.
//  3. Uncertainty: sqrt(var(curve at each of the sample's points) / n_sets + loo^2), where loo is
//     the leave-one-model-out RMS error of the curve (each model predicted by a curve fitted
//     without it; with too few models left, a simpler curve: linear, then 1-D, then constant).
#ifndef LATENTSPACE_CORE_ANALYSIS_PARAMETER_INFERENCE_H_
#define LATENTSPACE_CORE_ANALYSIS_PARAMETER_INFERENCE_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "core/analysis/latent_point.h"

namespace latentspace {

// A model's theory parameters by name, e.g. {"mgluino": 1600, "mneutralino": 800}.
using TheoryParameters = std::map<std::string, double>;

struct ParameterInferenceOptions {
  int min_models_for_quadratic = 6;  // raised to terms + 2 (8 in 2-D, 5 in 1-D) when below
  double collinear_ratio = 1e-3;     // minor/major standard deviation of the centroids
};

struct ParameterEstimate {
  std::string name;
  // Not OK when this parameter could not be inferred (fewer than 2 models have it, or their
  // centroids coincide); then the numbers below are NaN.
  absl::Status status;
  double value = 0;
  double uncertainty = 0;  // sqrt(statistical^2 + calibration^2)
  double statistical = 0;  // sqrt(var(set predictions) / n_sets); 0 with a single set
  double calibration = 0;  // leave-one-model-out RMS error
  int models = 0;          // known models with this parameter
  int degree = 0;          // of the calibration curve: 1 linear, 2 quadratic (0 constant)
  int dimensions = 0;      // latent directions used: 2, or 1 for collinear centroids
  std::string note;        // caveats: extrapolation, a single set
};

// One estimate per parameter name found in any model, in name order. `model_points` and
// `parameters` are parallel (one entry per known model; a model may lack some parameters); every
// model non-empty, all points and parameter values finite; the sample non-empty.
absl::StatusOr<std::vector<ParameterEstimate>> InferParameters(
    absl::Span<const std::vector<LatentPoint>> model_points,
    absl::Span<const TheoryParameters> parameters, absl::Span<const LatentPoint> sample,
    const ParameterInferenceOptions& options = {});

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_ANALYSIS_PARAMETER_INFERENCE_H_
