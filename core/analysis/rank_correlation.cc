// Average ranks and Spearman's rank correlation.
#include "core/analysis/rank_correlation.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/status_macros.h"

namespace latentspace {

std::vector<double> AverageRanks(absl::Span<const double> values) {
  std::vector<size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&values](size_t a, size_t b) { return values[a] < values[b]; });
  std::vector<double> ranks(values.size());
  for (size_t first = 0; first < order.size();) {
    size_t last = first + 1;
    while (last < order.size() && values[order[last]] == values[order[first]]) ++last;
    const double rank = 0.5 * (first + 1 + last);  // mean of ranks first+1 .. last
    for (size_t i = first; i < last; ++i) ranks[order[i]] = rank;
    first = last;
  }
  return ranks;
}

absl::StatusOr<double> SpearmanCorrelation(absl::Span<const double> a, absl::Span<const double> b) {
  if (a.size() != b.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("Spearman: sizes ", a.size(), " and ", b.size(), " differ"));
  }
  if (a.size() < 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("Spearman: needs at least 2 pairs, got ", a.size()));
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (!std::isfinite(a[i]) || !std::isfinite(b[i])) {
      return absl::InvalidArgumentError(
          absl::StrCat("Spearman: pair ", i, " (", a[i], ", ", b[i], ") is not finite"));
    }
  }
  const std::vector<double> ra = AverageRanks(a);
  const std::vector<double> rb = AverageRanks(b);
  const double mean = 0.5 * (a.size() + 1);  // of any average-rank vector
  double sab = 0, saa = 0, sbb = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    sab += (ra[i] - mean) * (rb[i] - mean);
    saa += (ra[i] - mean) * (ra[i] - mean);
    sbb += (rb[i] - mean) * (rb[i] - mean);
  }
  if (saa == 0 || sbb == 0) {
    return absl::InvalidArgumentError(absl::StrCat("Spearman: ", saa == 0 ? "first" : "second",
                                                   " sample is constant; correlation undefined"));
  }
  return sab / std::sqrt(saa * sbb);
}

absl::StatusOr<double> SpearmanPermutationPValue(absl::Span<const double> a,
                                                 absl::Span<const double> b) {
  LATENT_RETURN_IF_ERROR(SpearmanCorrelation(a, b).status());
  const size_t n = a.size();
  if (n < 3 || n > kMaxExactPermutationPairs) {
    return absl::InvalidArgumentError(absl::StrCat(
        "Spearman permutation p-value: ", n, " pairs; exact for 3 to ", kMaxExactPermutationPairs));
  }
  // The ranks' means and spreads do not change under a permutation, so the correlation orders the
  // pairings as sum_i ra_i rb_perm(i) does.
  const std::vector<double> ra = AverageRanks(a);
  const std::vector<double> rb = AverageRanks(b);
  double observed_sum = 0;
  for (size_t i = 0; i < n; ++i) observed_sum += ra[i] * rb[i];
  const double tolerance = 1e-9 * observed_sum;
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  int64_t at_least = 0, total = 0;
  do {
    double sum = 0;
    for (size_t i = 0; i < n; ++i) sum += ra[i] * rb[order[i]];
    at_least += sum >= observed_sum - tolerance;
    ++total;
  } while (std::next_permutation(order.begin(), order.end()));
  return static_cast<double>(at_least) / static_cast<double>(total);
}

}  // namespace latentspace
