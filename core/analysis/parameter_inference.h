// Theory-parameter inference within one model family (science.md, "Inferring theory parameters"):
// the parameters (e.g. the gluino and neutralino masses) of a sample from its latent points and the
// family's known models, with an uncertainty that covers the truth as often as it says.
//
// Method: a forward model and a likelihood, not a regression of parameters on the plane.
//  1. Forward model: the latent centroid as a polynomial of the standardised parameters t (the
//     family's models give one centroid each): quadratic when the family has at least terms + 2
//     models (8 for two parameters, 5 for one), linear otherwise. Least squares per latent axis.
//  2. Its error at t, E(t): the models' centroids are means of their sets (covariance Sigma_m /
//     N_m, known), and the fit is linear in them, so their noise propagates exactly into mu(t);
//     plus the misspecification, the lack of fit: the residuals' squared length beyond what the
//     centroids' noise puts there, over 2 (models - terms) degrees of freedom, as one variance per
//     latent dimension (isotropic: the contrastive loss gives the plane no preferred direction);
//     not estimated, and said so, when the fit has as many terms as models.
//  3. The sample's mean latent point zbar of n sets is Gaussian (central limit) with covariance
//     S / n + E(t), S the covariance of the sample's sets (the family's pooled set covariance
//     when the sample has fewer than 10 sets). The estimate minimises chi2(t) = (zbar - mu(t))^T
//     (S/n + E(t))^-1 (zbar - mu(t)) (Levenberg-Marquardt from every model's parameters, within
//     the models' range widened by half of it on each side; E at the start, then at the minimum).
//  4. The uncertainty: the inverse Fisher information (J^T (S/n + E)^-1 J)^-1 at the estimate, J
//     the forward model's Jacobian; the statistical part is the same with E left out.
// A 2-D latent plane determines at most two parameters; a parameter with one value in every model
// is not inferred; an estimate outside the convex hull of the models' parameters is flagged as
// extrapolated.
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

inline constexpr int kMaxParameterMapNodes = 512;

struct ParameterInferenceOptions {
  // The search box: the models' range of each parameter widened by this fraction on each side.
  double search_margin = 0.5;
  // Below this many sets the sample's own set covariance is replaced by the family's pooled one.
  int min_sets_for_sample_covariance = 10;
  // Nodes per axis of the Delta chi2 map over the search box, for a picture: 0 (no map) or 2 to
  // kMaxParameterMapNodes.
  int map_nodes = 0;
};

struct ParameterEstimate {
  std::string name;
  // Not OK when this parameter could not be inferred (too few models, one value in every model,
  // more than two parameters); then the numbers below are NaN.
  absl::Status status;
  double value = 0;
  double uncertainty = 0;     // one standard deviation, statistical and interpolation together
  double statistical = 0;     // from the sample's sets alone
  double interpolation = 0;   // sqrt(uncertainty^2 - statistical^2): the forward model's error
  int models = 0;             // models of the family
  int degree = 0;             // of the forward model: 1 linear, 2 quadratic
  bool extrapolated = false;  // outside the convex hull of the models' parameters
  std::string note;           // caveats: extrapolation, the search box's edge, a single set
};

// Delta chi2(t) = chi2(t) - its minimum over the search box of the varying parameters (one or two,
// in the known models' units), on `nodes` nodes per axis from low to high: the profile of the
// sample's likelihood, L / L_max = exp(-Delta chi2 / 2), for a picture of the inference.
struct ParameterLikelihoodMap {
  std::vector<std::string> names;  // the x (and y) parameter; empty: no map
  std::vector<double> low;         // per name
  std::vector<double> high;        // per name
  int nodes = 0;
  std::vector<double> delta_chi2;  // nodes (one parameter) or nodes^2, node (ix, iy) at iy*nodes+ix
};

// OK for a valid ParameterInferenceOptions::map_nodes, else INVALID_ARGUMENT naming the value.
absl::Status CheckMapNodes(int nodes);

// One estimate per parameter name of the family, in name order. `model_points` and `parameters`
// are parallel (one entry per model of the family); every model carries the same parameter names
// (INVALID_ARGUMENT otherwise), at least one point and finite values; the sample non-empty and
// finite. With options.map_nodes > 0 and `map` given, also the Delta chi2 map (left without names
// when no parameter could be inferred).
absl::StatusOr<std::vector<ParameterEstimate>> InferParameters(
    absl::Span<const std::vector<LatentPoint>> model_points,
    absl::Span<const TheoryParameters> parameters, absl::Span<const LatentPoint> sample,
    const ParameterInferenceOptions& options = {}, ParameterLikelihoodMap* map = nullptr);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_ANALYSIS_PARAMETER_INFERENCE_H_
