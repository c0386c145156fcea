// Builds the encoder's set inputs, re-drawn every epoch.
#include "core/features/set_builder.h"

#include <algorithm>
#include <numeric>
#include <random>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace latentspace {
namespace {

// SplitMix64 finaliser: decorrelates the (seed, epoch) pair into one generator seed.
uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Uniform integer in [0, bound) without modulo bias (Lemire's method), so the draw is the same on
// every standard library.
uint64_t UniformBelow(std::mt19937_64& rng, uint64_t bound) {
  __uint128_t product = static_cast<__uint128_t>(rng()) * bound;
  uint64_t low = static_cast<uint64_t>(product);
  if (low < bound) {
    const uint64_t threshold = -bound % bound;
    while (low < threshold) {
      product = static_cast<__uint128_t>(rng()) * bound;
      low = static_cast<uint64_t>(product);
    }
  }
  return static_cast<uint64_t>(product >> 64);
}

template <typename T>
void Shuffle(std::vector<T>& items, std::mt19937_64& rng) {
  for (size_t i = items.size(); i > 1; --i) {
    std::swap(items[i - 1], items[UniformBelow(rng, i)]);
  }
}

}  // namespace

absl::StatusOr<SetBuilder> SetBuilder::Create(std::vector<FeatureMatrix> models, int k,
                                              uint64_t seed, int64_t max_sets_per_model) {
  if (k < 1) return absl::InvalidArgumentError(absl::StrCat("set size k = ", k, " must be >= 1"));
  if (models.empty()) return absl::InvalidArgumentError("no models to build sets from");
  if (max_sets_per_model < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("max_sets_per_model = ", max_sets_per_model, " must be >= 0"));
  }
  for (size_t m = 0; m < models.size(); ++m) {
    if (models[m].names != models[0].names) {
      return absl::InvalidArgumentError(
          absl::StrCat("model ", m, " has features [", absl::StrJoin(models[m].names, ", "),
                       "], model 0 has [", absl::StrJoin(models[0].names, ", "), "]"));
    }
    if (models[m].rows() < k) {
      return absl::InvalidArgumentError(
          absl::StrCat("model ", m, " has ", models[m].rows(), " events, fewer than k = ", k));
    }
  }
  return SetBuilder(std::move(models), k, seed, max_sets_per_model);
}

EventSets SetBuilder::Draw(int64_t epoch) const {
  std::mt19937_64 rng(Mix(seed_ ^ Mix(static_cast<uint64_t>(epoch))));
  EventSets sets;
  sets.k = k_;
  sets.features_per_event = models_[0].cols();
  const int64_t width = sets.width();
  // (model, first shuffled position) of every set, then shuffled across models.
  std::vector<std::vector<int64_t>> orders(models_.size());
  std::vector<std::pair<int, int64_t>> picks;
  for (size_t m = 0; m < models_.size(); ++m) {
    std::vector<int64_t>& order = orders[m];
    order.resize(models_[m].rows());
    std::iota(order.begin(), order.end(), 0);
    Shuffle(order, rng);
    int64_t count = models_[m].rows() / k_;
    if (max_sets_per_model_ > 0) count = std::min(count, max_sets_per_model_);
    for (int64_t s = 0; s < count; ++s) picks.emplace_back(static_cast<int>(m), s * k_);
  }
  Shuffle(picks, rng);
  sets.inputs.resize(picks.size() * width);
  sets.labels.reserve(picks.size());
  float* out = sets.inputs.data();
  for (const auto& [model, first] : picks) {
    const FeatureMatrix& matrix = models_[model];
    for (int e = 0; e < k_; ++e) {
      const float* row = matrix.row(orders[model][first + e]);
      out = std::copy(row, row + sets.features_per_event, out);
    }
    sets.labels.push_back(model);
  }
  return sets;
}

}  // namespace latentspace
