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
};

// The first (`second` = false) or second principal axis of `centroids` (>= 3, not all equal),
// oriented so that the correlation with `quantity` (one value per centroid) is >= 0 when it is
// defined. An error when the quantity or the positions are constant.
absl::StatusOr<AxisOrdering> OrderAlongAxis(const std::vector<plot::Point>& centroids,
                                            const std::vector<double>& quantity,
                                            bool second = false);

}  // namespace latentspace::reproduce

#endif  // LATENTSPACE_CLIENT_REPRODUCE_PRINCIPAL_AXIS_H_
