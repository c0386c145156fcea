// Orderings in the latent plane: the principal axis of a set of model centroids, the centroids'
// positions along it, and how well those positions rank the models by a theory quantity (the
// paper's gluino grid lines up along one axis by delta_m).
#ifndef LATENTSPACE_CLIENT_REPRODUCE_PRINCIPAL_AXIS_H_
#define LATENTSPACE_CLIENT_REPRODUCE_PRINCIPAL_AXIS_H_

#include <vector>

#include "absl/status/statusor.h"
#include "client/plot/figure.h"

namespace latentspace::reproduce {

struct AxisOrdering {
  plot::Point direction;          // unit vector of the axis (largest variance)
  std::vector<double> positions;  // each centroid's projection on it
  double explained_variance = 0;  // share of the centroids' variance along it
  double spearman = 0;            // rank correlation of positions with the quantity, sign kept
  // The exact one-sided permutation p-value of a correlation at least `spearman` (NaN beyond
  // kMaxExactPermutationPairs centroids).
  double p_value = 0;
};

// The first (`second` = false) or second principal axis of `centroids` (>= 3, not all equal). An
// axis has no sign of its own; the rule, fixed before any correlation is computed, points it from
// the mean centroid of the models with the smallest `quantity` (one value per centroid) to that of
// the models with the largest, so the correlation may come out negative. An error when the quantity
// or the positions are constant.
absl::StatusOr<AxisOrdering> OrderAlongAxis(const std::vector<plot::Point>& centroids,
                                            const std::vector<double>& quantity,
                                            bool second = false);

}  // namespace latentspace::reproduce

#endif  // LATENTSPACE_CLIENT_REPRODUCE_PRINCIPAL_AXIS_H_
