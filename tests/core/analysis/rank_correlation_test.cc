// Tests of average ranks and Spearman's correlation against scipy's numbers.
#include "core/analysis/rank_correlation.h"

#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;

// scipy 1.10.1: rankdata([3,1,4,1,5,9,2,6]) = [4, 1.5, 5, 1.5, 6, 8, 3, 7],
// rankdata([2,7,1,8,2,8,1,8]) = [3.5, 5, 1.5, 7, 3.5, 7, 1.5, 7],
// spearmanr(a, b).correlation = 0.19885368120992467.
TEST(RankCorrelationTest, MatchesScipyWithTies) {
  const std::vector<double> a = {3, 1, 4, 1, 5, 9, 2, 6};
  const std::vector<double> b = {2, 7, 1, 8, 2, 8, 1, 8};
  EXPECT_EQ(AverageRanks(a), (std::vector<double>{4, 1.5, 5, 1.5, 6, 8, 3, 7}));
  EXPECT_EQ(AverageRanks(b), (std::vector<double>{3.5, 5, 1.5, 7, 3.5, 7, 1.5, 7}));
  EXPECT_NEAR(*SpearmanCorrelation(a, b), 0.19885368120992467, 1e-15);
}

TEST(RankCorrelationTest, MonotoneRelationsGivePlusOrMinusOne) {
  const std::vector<double> x = {0.1, 0.5, 0.2, 3, 7};
  const std::vector<double> increasing = {1, 30, 2, 100, 1000};  // any increasing map of x
  const std::vector<double> decreasing = {-1, -30, -2, -100, -1000};
  EXPECT_DOUBLE_EQ(*SpearmanCorrelation(x, increasing), 1.0);
  EXPECT_DOUBLE_EQ(*SpearmanCorrelation(x, decreasing), -1.0);
}

TEST(RankCorrelationTest, RefusesUndefinedCorrelations) {
  EXPECT_THAT(SpearmanCorrelation({1, 2}, {1, 2, 3}).status().message(), HasSubstr("differ"));
  EXPECT_THAT(SpearmanCorrelation({1}, {1}).status().message(), HasSubstr("at least 2"));
  EXPECT_THAT(SpearmanCorrelation({1, 1, 1}, {1, 2, 3}).status().message(),
              HasSubstr("first sample is constant"));
  EXPECT_THAT(SpearmanCorrelation({1, std::nan("")}, {1, 2}).status().message(),
              HasSubstr("pair 1"));
}

}  // namespace
}  // namespace latentspace
