// Tests of the set builder: set composition, per-epoch redraws, seeding, refusals.
#include "core/features/set_builder.h"

#include <map>
#include <set>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;

// Model m's event i has features (1000 m + i, -(1000 m + i)): every value names its event.
FeatureMatrix Model(int m, int events) {
  FeatureMatrix matrix{{"x", "y"}, {}};
  for (int i = 0; i < events; ++i) {
    matrix.values.push_back(1000.0f * m + i);
    matrix.values.push_back(-(1000.0f * m + i));
  }
  return matrix;
}

SetBuilder Builder(uint64_t seed, int64_t max_sets = 0) {
  return *SetBuilder::Create({Model(0, 105), Model(1, 50), Model(2, 31)}, 10, seed, max_sets);
}

TEST(SetBuilderTest, SetsHoldKDistinctEventsOfOneModel) {
  const EventSets sets = Builder(7).Draw(0);
  EXPECT_EQ(sets.width(), 20);
  ASSERT_EQ(sets.size(), 10 + 5 + 3);
  std::map<int, int> per_model;
  std::set<float> used;
  for (int64_t s = 0; s < sets.size(); ++s) {
    ++per_model[sets.labels[s]];
    for (int e = 0; e < sets.k; ++e) {
      const float x = sets.inputs[s * sets.width() + 2 * e];
      EXPECT_EQ(sets.inputs[s * sets.width() + 2 * e + 1], -x);  // rows stay whole
      EXPECT_EQ(static_cast<int>(x) / 1000, sets.labels[s]);     // event of the set's model
      EXPECT_TRUE(used.insert(x).second) << "event used twice in one epoch: " << x;
    }
  }
  EXPECT_EQ(per_model, (std::map<int, int>{{0, 10}, {1, 5}, {2, 3}}));
}

TEST(SetBuilderTest, EpochsRedrawAndSeedsReproduce) {
  const SetBuilder a = Builder(7);
  const EventSets e0 = a.Draw(0);
  const EventSets e1 = a.Draw(1);
  EXPECT_NE(e0.inputs, e1.inputs);
  EXPECT_NE(e0.labels, e1.labels);  // the order of models across sets is shuffled too
  EXPECT_EQ(Builder(7).Draw(1).inputs, e1.inputs);  // any epoch reproduces on its own
  EXPECT_NE(Builder(8).Draw(0).inputs, e0.inputs);
}

TEST(SetBuilderTest, MaxSetsPerModelCapsEachModel) {
  const EventSets sets = Builder(3, 4).Draw(0);
  std::map<int, int> per_model;
  for (int label : sets.labels) ++per_model[label];
  EXPECT_EQ(per_model, (std::map<int, int>{{0, 4}, {1, 4}, {2, 3}}));
}

TEST(SetBuilderTest, RefusesTooFewEventsMismatchedColumnsAndBadK) {
  EXPECT_THAT(SetBuilder::Create({Model(0, 20), Model(1, 9)}, 10, 1).status().message(),
              HasSubstr("model 1 has 9 events, fewer than k = 10"));
  FeatureMatrix other{{"x", "z"}, {1, 2}};
  EXPECT_THAT(SetBuilder::Create({Model(0, 20), other}, 1, 1).status().message(),
              HasSubstr("model 1 has features [x, z], model 0 has [x, y]"));
  EXPECT_FALSE(SetBuilder::Create({Model(0, 20)}, 0, 1).ok());
  EXPECT_FALSE(SetBuilder::Create({}, 10, 1).ok());
}

}  // namespace
}  // namespace latentspace
