// Tests of average ranks and Spearman's correlation against scipy's numbers.
#include "core/analysis/rank_correlation.h"

#include <cmath>
#include <vector>

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

// Exact one-sided permutation p-values: counted by hand, and one case against a brute-force count
// with scipy's spearmanr over the 120 orderings (8 of them reach rho >= 0.8).
TEST(RankCorrelationTest, PermutationPValueCountsTheOrderingsAtLeastAsCorrelated) {
  EXPECT_DOUBLE_EQ(*SpearmanPermutationPValue({1, 2, 3, 4}, {10, 20, 30, 40}), 1.0 / 24);
  EXPECT_DOUBLE_EQ(*SpearmanPermutationPValue({1, 2, 3, 4}, {40, 30, 20, 10}), 1.0);
  EXPECT_DOUBLE_EQ(*SpearmanPermutationPValue({1, 2, 3, 4, 5}, {2, 1, 4, 3, 5}), 8.0 / 120);
  // A tie in b: swapping the tied values keeps the best pairing, so 2 of 24 reach it.
  EXPECT_DOUBLE_EQ(*SpearmanPermutationPValue({1, 2, 3, 4}, {1, 1, 2, 3}), 2.0 / 24);
  const std::vector<double> nine = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  EXPECT_DOUBLE_EQ(*SpearmanPermutationPValue(nine, nine), 1.0 / 362880);
  EXPECT_THAT(SpearmanPermutationPValue({1, 2}, {1, 2}).status().message(),
              HasSubstr("2 pairs; exact for 3 to 10"));
  const std::vector<double> eleven = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
  EXPECT_THAT(SpearmanPermutationPValue(eleven, eleven).status().message(), HasSubstr("11 pairs"));
  EXPECT_THAT(SpearmanPermutationPValue({1, 2, 3}, {5, 5, 5}).status().message(),
              HasSubstr("constant"));
}

}  // namespace
}  // namespace latentspace
