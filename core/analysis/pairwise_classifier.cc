// k-nearest-neighbour pairwise classifiers and their rank correlation with latent distances.
#include "core/analysis/pairwise_classifier.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <numeric>
#include <random>
#include <thread>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/analysis/rank_correlation.h"
#include "core/features/seeded_random.h"

namespace latentspace {
namespace {

std::vector<int64_t> Permutation(int64_t n, uint64_t seed) {
  std::vector<int64_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 rng(seed);
  SeededShuffle(order, rng);
  return order;
}

double SquaredDistance(const float* a, const float* b, int64_t cols) {
  double sum = 0;
  for (int64_t c = 0; c < cols; ++c) {
    const double d = static_cast<double>(a[c]) - b[c];
    sum += d * d;
  }
  return sum;
}

// Test accuracy of the k-NN classifier between models a and b.
double PairAccuracy(const FeatureMatrix& a, const std::vector<int64_t>& order_a,
                    const FeatureMatrix& b, const std::vector<int64_t>& order_b, int64_t m, int k) {
  const int64_t half = m / 2;
  const int64_t cols = a.cols();
  // Reference rows: a's first half (label 0), then b's (label 1).
  std::vector<const float*> reference;
  for (int64_t i = 0; i < half; ++i) reference.push_back(a.row(order_a[i]));
  for (int64_t i = 0; i < half; ++i) reference.push_back(b.row(order_b[i]));
  std::vector<std::pair<double, int64_t>> distances(reference.size());
  int64_t correct = 0, total = 0;
  for (int label = 0; label < 2; ++label) {
    const FeatureMatrix& matrix = label == 0 ? a : b;
    const std::vector<int64_t>& order = label == 0 ? order_a : order_b;
    for (int64_t i = half; i < m; ++i) {
      const float* row = matrix.row(order[i]);
      for (size_t r = 0; r < reference.size(); ++r) {
        distances[r] = {SquaredDistance(row, reference[r], cols), static_cast<int64_t>(r)};
      }
      std::nth_element(distances.begin(), distances.begin() + (k - 1), distances.end());
      int votes_b = 0;
      for (int j = 0; j < k; ++j) votes_b += distances[j].second >= half ? 1 : 0;
      int predicted = 2 * votes_b > k ? 1 : 0;
      if (2 * votes_b == k) {  // even k, tied vote: the nearest neighbour decides
        const auto nearest = std::min_element(distances.begin(), distances.begin() + k);
        predicted = nearest->second >= half ? 1 : 0;
      }
      correct += predicted == label ? 1 : 0;
      ++total;
    }
  }
  return static_cast<double>(correct) / total;
}

}  // namespace

absl::StatusOr<PairwiseAccuracy> PairwiseKnnAccuracy(absl::Span<const FeatureMatrix> models,
                                                     const PairwiseClassifierOptions& options) {
  if (models.size() < 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("pairwise classifier: needs at least 2 models, got ", models.size()));
  }
  if (options.k < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("pairwise classifier: k = ", options.k, " must be >= 1"));
  }
  if (options.max_events_per_model < 0) {
    return absl::InvalidArgumentError(absl::StrCat("pairwise classifier: max_events_per_model = ",
                                                   options.max_events_per_model, " must be >= 0"));
  }
  for (size_t m = 0; m < models.size(); ++m) {
    if (models[m].names != models[0].names || models[m].cols() == 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "pairwise classifier: model ", m, " has features [", absl::StrJoin(models[m].names, ", "),
          "], model 0 has [", absl::StrJoin(models[0].names, ", "), "]"));
    }
    if (models[m].values.size() != static_cast<size_t>(models[m].rows() * models[m].cols())) {
      return absl::InvalidArgumentError(absl::StrCat("pairwise classifier: model ", m, " has ",
                                                     models[m].values.size(),
                                                     " values, not a multiple of its columns"));
    }
    for (size_t i = 0; i < models[m].values.size(); ++i) {
      if (!std::isfinite(models[m].values[i])) {
        return absl::InvalidArgumentError(absl::StrCat(
            "pairwise classifier: model ", m, " row ", i / models[m].cols(), " feature '",
            models[m].names[i % models[m].cols()], "' = ", models[m].values[i], " is not finite"));
      }
    }
    int64_t usable = models[m].rows();
    if (options.max_events_per_model > 0) usable = std::min(usable, options.max_events_per_model);
    if (2 * (usable / 2) < options.k) {
      return absl::InvalidArgumentError(absl::StrCat("pairwise classifier: model ", m, " has ",
                                                     models[m].rows(), " events; k = ", options.k,
                                                     " needs at least ", options.k + 1));
    }
  }
  const int n = static_cast<int>(models.size());
  std::vector<std::vector<int64_t>> orders;
  for (int m = 0; m < n; ++m) {
    orders.push_back(Permutation(models[m].rows(), MixSeed(options.seed ^ MixSeed(m))));
  }
  std::vector<std::pair<int, int>> pairs;
  for (int a = 0; a < n; ++a) {
    for (int b = a + 1; b < n; ++b) pairs.emplace_back(a, b);
  }
  PairwiseAccuracy result;
  result.k = options.k;
  result.seed = options.seed;
  result.accuracy.assign(n, std::vector<double>(n, 0.5));
  std::atomic<size_t> next{0};
  auto work = [&]() {
    for (size_t p = next++; p < pairs.size(); p = next++) {
      const auto [a, b] = pairs[p];
      int64_t m = std::min(models[a].rows(), models[b].rows());
      if (options.max_events_per_model > 0) m = std::min(m, options.max_events_per_model);
      const double accuracy =
          PairAccuracy(models[a], orders[a], models[b], orders[b], m, options.k);
      result.accuracy[a][b] = result.accuracy[b][a] = accuracy;  // distinct cells per pair
    }
  };
  int threads = options.threads > 0
                    ? options.threads
                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  threads = std::min<int>(threads, static_cast<int>(pairs.size()));
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& thread : pool) thread.join();
  return result;
}

absl::StatusOr<double> UpperTriangleSpearman(const std::vector<std::vector<double>>& first,
                                             const std::vector<std::vector<double>>& second) {
  const size_t n = first.size();
  if (n < 3 || second.size() != n) {
    return absl::InvalidArgumentError(absl::StrCat("upper-triangle Spearman: matrices of ", n,
                                                   " and ", second.size(),
                                                   " rows; need equal sizes >= 3"));
  }
  std::vector<double> a, b;
  for (size_t i = 0; i < n; ++i) {
    if (first[i].size() != n || second[i].size() != n) {
      return absl::InvalidArgumentError(
          absl::StrCat("upper-triangle Spearman: row ", i, " has ", first[i].size(), " and ",
                       second[i].size(), " columns; both matrices must be ", n, " x ", n));
    }
    for (size_t j = i + 1; j < n; ++j) {
      a.push_back(first[i][j]);
      b.push_back(second[i][j]);
    }
  }
  return SpearmanCorrelation(a, b);
}

}  // namespace latentspace
