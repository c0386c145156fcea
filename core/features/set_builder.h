// Builds the encoder's inputs (science.md, "Encoder and training"): each point is the concatenated
// features of k events of one model. Sets are re-drawn at random every epoch from a generator
// seeded by (seed, epoch), so any epoch's sets can be reproduced on their own.
#ifndef LATENTSPACE_CORE_FEATURES_SET_BUILDER_H_
#define LATENTSPACE_CORE_FEATURES_SET_BUILDER_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "core/features/feature_matrix.h"

namespace latentspace {

struct EventSets {
  int k = 0;  // events per set
  int64_t features_per_event = 0;
  std::vector<float> inputs;  // sets x (k * features_per_event), row-major
  std::vector<int> labels;    // model index of each set

  int64_t size() const { return static_cast<int64_t>(labels.size()); }
  int64_t width() const { return k * features_per_event; }
};

class SetBuilder {
 public:
  // One feature matrix per model (its index is the label); all must share columns and hold at
  // least k rows. `max_sets_per_model` (0: no bound) caps each model's sets per epoch.
  static absl::StatusOr<SetBuilder> Create(std::vector<FeatureMatrix> models, int k, uint64_t seed,
                                           int64_t max_sets_per_model = 0);

  // The sets of `epoch`: each model's events shuffled and cut into floor(n / k) sets (an event is
  // used at most once per epoch), then all sets shuffled together.
  EventSets Draw(int64_t epoch) const;

  int num_models() const { return static_cast<int>(models_.size()); }
  int k() const { return k_; }
  // Values per set: k times the features per event.
  int64_t width() const { return k_ * models_[0].cols(); }
  uint64_t seed() const { return seed_; }

 private:
  SetBuilder(std::vector<FeatureMatrix> models, int k, uint64_t seed, int64_t max_sets_per_model)
      : models_(std::move(models)), k_(k), seed_(seed), max_sets_per_model_(max_sets_per_model) {}

  std::vector<FeatureMatrix> models_;
  int k_;
  uint64_t seed_;
  int64_t max_sets_per_model_;
};

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_FEATURES_SET_BUILDER_H_
