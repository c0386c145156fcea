// Builds the encoder's set inputs, re-drawn every epoch.
#include "core/features/set_builder.h"

#include <algorithm>
#include <numeric>
#include <random>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/features/seeded_random.h"

namespace latentspace {
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
  std::mt19937_64 rng(MixSeed(seed_ ^ MixSeed(static_cast<uint64_t>(epoch))));
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
    SeededShuffle(order, rng);
    int64_t count = models_[m].rows() / k_;
    if (max_sets_per_model_ > 0) count = std::min(count, max_sets_per_model_);
    for (int64_t s = 0; s < count; ++s) picks.emplace_back(static_cast<int>(m), s * k_);
  }
  SeededShuffle(picks, rng);
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
