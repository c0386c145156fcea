// Tests of the ROC AUC (hand-counted pairs, ties counted half) and the significance proxy.
#include "core/analysis/detection_metrics.h"

#include <cmath>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;

double Auc(std::vector<double> signal, std::vector<double> background) {
  absl::StatusOr<double> auc = RocAuc(signal, background);
  EXPECT_TRUE(auc.ok()) << auc.status();
  return auc.value_or(-1);
}

TEST(RocAucTest, CountsOrderedPairs) {
  EXPECT_DOUBLE_EQ(Auc({3, 4}, {1, 2}), 1.0);
  EXPECT_DOUBLE_EQ(Auc({1}, {2}), 0.0);
  // 0.65 is above 0.1, 0.2 and 0.6; 0.8 above all four: 7 of 8 pairs.
  EXPECT_DOUBLE_EQ(Auc({0.65, 0.8}, {0.1, 0.6, 0.7, 0.2}), 7.0 / 8);
}

TEST(RocAucTest, TiesCountHalf) {
  // s = 1: above 0 (1); s = 2: ties with both 2s (0.5 + 0.5) and above 0 (1); s = 3: above all
  // (3): 6 of 9.
  EXPECT_DOUBLE_EQ(Auc({1, 2, 3}, {2, 2, 0}), 6.0 / 9);
  EXPECT_DOUBLE_EQ(Auc({5, 5, 5}, {5, 5}), 0.5);
}

TEST(RocAucTest, RefusesEmptyOrNonFiniteScores) {
  EXPECT_THAT(RocAuc({}, {1.0}).status().message(), HasSubstr("no signal scores"));
  const std::vector<double> background = {1, std::nan(""), 2};
  EXPECT_THAT(RocAuc({1.0}, background).status().message(),
              HasSubstr("background score 1 = nan is not finite"));
}

TEST(SignificanceProxyTest, IsTheExcessOverTheRootOfTheExpectation) {
  EXPECT_DOUBLE_EQ(*SignificanceProxy(150, 100), 5.0);
  EXPECT_DOUBLE_EQ(*SignificanceProxy(64, 100), 3.6);  // a deficit counts as well
  EXPECT_DOUBLE_EQ(*SignificanceProxy(2.5, 6.25), 1.5);
  EXPECT_THAT(SignificanceProxy(3, 0).status().message(), HasSubstr("n_sm = 0 must be"));
  EXPECT_THAT(SignificanceProxy(-1, 4).status().message(), HasSubstr("n_bsm = -1 must be"));
}

}  // namespace
}  // namespace latentspace
