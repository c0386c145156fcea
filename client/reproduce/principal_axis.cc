// Principal axes of 2-D centroids and the rank ordering along them.
#include "client/reproduce/principal_axis.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "core/analysis/rank_correlation.h"
#include "core/status_macros.h"

namespace latentspace::reproduce {

absl::StatusOr<AxisOrdering> OrderAlongAxis(const std::vector<plot::Point>& centroids,
                                            const std::vector<double>& quantity, bool second) {
  const size_t n = centroids.size();
  if (n < 3 || quantity.size() != n) {
    return absl::InvalidArgumentError(absl::StrCat("principal axis: needs >= 3 centroids and one ",
                                                   "value each, got ", n, " and ",
                                                   quantity.size()));
  }
  double mx = 0, my = 0;
  for (const plot::Point& p : centroids) {
    mx += p.x / n;
    my += p.y / n;
  }
  double sxx = 0, syy = 0, sxy = 0;
  for (const plot::Point& p : centroids) {
    sxx += (p.x - mx) * (p.x - mx);
    syy += (p.y - my) * (p.y - my);
    sxy += (p.x - mx) * (p.y - my);
  }
  const double total = sxx + syy;
  if (!(total > 0)) return absl::InvalidArgumentError("principal axis: the centroids coincide");
  // Eigenvalues of the 2 x 2 scatter matrix; the eigenvector of lambda is (sxy, lambda - sxx),
  // or an axis when the matrix is diagonal.
  const double half_gap = std::sqrt(0.25 * (sxx - syy) * (sxx - syy) + sxy * sxy);
  const double lambda = 0.5 * total + (second ? -half_gap : half_gap);
  plot::Point direction;
  if (std::abs(sxy) > 1e-12 * total) {
    direction = {sxy, lambda - sxx};
  } else {
    direction = (sxx >= syy) != second ? plot::Point{1, 0} : plot::Point{0, 1};
  }
  const double length = std::hypot(direction.x, direction.y);
  direction = {direction.x / length, direction.y / length};

  // The sign: from the models with the smallest quantity towards those with the largest.
  const auto [low, high] = std::minmax_element(quantity.begin(), quantity.end());
  plot::Point from{0, 0}, to{0, 0};
  int at_low = 0, at_high = 0;
  for (size_t i = 0; i < n; ++i) {
    if (quantity[i] == *low) {
      from = {from.x + centroids[i].x, from.y + centroids[i].y};
      ++at_low;
    }
    if (quantity[i] == *high) {
      to = {to.x + centroids[i].x, to.y + centroids[i].y};
      ++at_high;
    }
  }
  if ((to.x / at_high - from.x / at_low) * direction.x +
          (to.y / at_high - from.y / at_low) * direction.y <
      0) {
    direction = {-direction.x, -direction.y};
  }

  AxisOrdering ordering;
  ordering.direction = direction;
  ordering.explained_variance = lambda / total;
  for (const plot::Point& p : centroids) {
    ordering.positions.push_back((p.x - mx) * direction.x + (p.y - my) * direction.y);
  }
  LATENT_ASSIGN_OR_RETURN(double rho, SpearmanCorrelation(ordering.positions, quantity));
  ordering.spearman = rho;
  ordering.p_value = NAN;
  if (n <= kMaxExactPermutationPairs) {
    LATENT_ASSIGN_OR_RETURN(double p, SpearmanPermutationPValue(ordering.positions, quantity));
    ordering.p_value = p;
  }
  return ordering;
}

}  // namespace latentspace::reproduce
