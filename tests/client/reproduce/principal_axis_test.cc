// Tests of the principal-axis ordering on centroids worked out by hand.
#include "client/reproduce/principal_axis.h"

#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace latentspace::reproduce {
namespace {

using ::testing::HasSubstr;

TEST(PrincipalAxisTest, CentroidsOnALineAreRankedAlongIt) {
  // On y = 2x; the quantity falls with x, so the axis is pointed towards -x.
  const std::vector<plot::Point> centroids = {{0, 0}, {1, 2}, {2, 4}, {3, 6}};
  absl::StatusOr<AxisOrdering> ordering = OrderAlongAxis(centroids, {40, 30, 20, 10});
  ASSERT_TRUE(ordering.ok()) << ordering.status();
  EXPECT_NEAR(ordering->direction.x, -1 / std::sqrt(5.0), 1e-12);
  EXPECT_NEAR(ordering->direction.y, -2 / std::sqrt(5.0), 1e-12);
  EXPECT_NEAR(ordering->explained_variance, 1, 1e-12);
  EXPECT_DOUBLE_EQ(ordering->spearman, 1);
  EXPECT_DOUBLE_EQ(ordering->p_value, 1.0 / 24);  // the best of 4! orderings
  // Centred projections: mean (1.5, 3); (0, 0) lies 1.5 sqrt(5) before it, against the axis.
  EXPECT_NEAR(ordering->positions[0], 1.5 * std::sqrt(5.0), 1e-12);
  EXPECT_NEAR(ordering->positions[3], -1.5 * std::sqrt(5.0), 1e-12);
}

TEST(PrincipalAxisTest, SecondAxisAndPartialOrder) {
  // Spread 4 along x, 1 along y: the first axis is x, the second y.
  const std::vector<plot::Point> centroids = {{-2, 0}, {2, 0}, {0, 1}, {0, -1}};
  absl::StatusOr<AxisOrdering> first = OrderAlongAxis(centroids, {1, 4, 2, 3});
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_NEAR(std::abs(first->direction.x), 1, 1e-12);
  EXPECT_NEAR(first->explained_variance, 8.0 / 10.0, 1e-12);
  // Positions -2, 2, 0, 0 (ranks 1, 4, 2.5, 2.5) against 1, 4, 2, 3: rho = 0.9487.
  EXPECT_NEAR(first->spearman, 3 / std::sqrt(10.0), 1e-12);
  EXPECT_DOUBLE_EQ(first->p_value, 2.0 / 24);  // counted with scipy over the 24 orderings
  absl::StatusOr<AxisOrdering> second = OrderAlongAxis(centroids, {2, 3, 4, 1}, true);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_NEAR(std::abs(second->direction.y), 1, 1e-12);
  EXPECT_NEAR(second->explained_variance, 2.0 / 10.0, 1e-12);
  EXPECT_NEAR(second->positions[2], 1, 1e-12);
}

// The axis's sign comes from the models with the extreme quantities, before any correlation is
// computed, so a bulk that runs the other way shows as a negative correlation, not a flipped axis.
TEST(PrincipalAxisTest, SignIsFixedByTheExtremeModelsNotByTheCorrelation) {
  // Along x; the smallest quantity (0) at x = 2, the largest (5) at x = 3: the axis points to +x.
  const std::vector<plot::Point> centroids = {{0, 0}, {1, 0}, {2, 0}, {3, 0}, {4, 0}};
  absl::StatusOr<AxisOrdering> ordering = OrderAlongAxis(centroids, {4, 3, 0, 5, 1});
  ASSERT_TRUE(ordering.ok()) << ordering.status();
  EXPECT_NEAR(ordering->direction.x, 1, 1e-12);
  EXPECT_NEAR(ordering->spearman, -0.2, 1e-12);
  EXPECT_DOUBLE_EQ(ordering->p_value, 79.0 / 120);  // counted with scipy
}

TEST(PrincipalAxisTest, RefusesWhatHasNoOrdering) {
  EXPECT_THAT(OrderAlongAxis({{0, 0}, {1, 1}}, {1, 2}).status().message(),
              HasSubstr("needs >= 3 centroids"));
  EXPECT_THAT(OrderAlongAxis({{1, 1}, {1, 1}, {1, 1}}, {1, 2, 3}).status().message(),
              HasSubstr("coincide"));
  EXPECT_FALSE(OrderAlongAxis({{0, 0}, {1, 0}, {2, 0}}, {5, 5, 5}).ok());
  EXPECT_FALSE(OrderAlongAxis({{0, 0}, {1, 0}, {2, 0}}, {1, 2}).ok());
}

}  // namespace
}  // namespace latentspace::reproduce
