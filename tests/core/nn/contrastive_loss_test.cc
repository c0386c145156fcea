// Tests of the vectorised contrastive loss against a per-pair loop and closed-form cases.
#include "core/nn/contrastive_loss.h"

#include <cmath>

#include "gtest/gtest.h"

namespace latentspace {
namespace {

double NaiveLoss(const torch::Tensor& z, const torch::Tensor& y, double margin) {
  const int64_t n = z.size(0);
  double sum = 0;
  for (int64_t i = 0; i < n; ++i) {
    for (int64_t j = 0; j < n; ++j) {
      if (i == j) continue;
      const double d = (z[i] - z[j]).pow(2).sum().sqrt().item<double>();
      if (y[i].item<int64_t>() == y[j].item<int64_t>()) {
        sum += 0.5 * d * d;
      } else {
        sum += 0.5 * std::pow(std::max(0.0, margin - d), 2);
      }
    }
  }
  return sum / static_cast<double>(n * (n - 1));
}

TEST(ContrastiveLossTest, EqualsThePerPairDefinition) {
  torch::manual_seed(3);
  const torch::Tensor z = torch::randn({37, 2}, torch::kFloat64) * 0.7;
  const torch::Tensor y = torch::randint(0, 4, {37}, torch::kInt64);
  for (double margin : {0.5, 1.0, 2.0}) {
    EXPECT_NEAR(ContrastiveLoss(z, y, margin).item<double>(), NaiveLoss(z, y, margin), 1e-9)
        << margin;
  }
}

TEST(ContrastiveLossTest, ZeroWhenModelsAreTightAndFarApart) {
  const torch::Tensor z =
      torch::tensor({0.0, 0.0, 0.0, 0.0, 3.0, 0.0, 3.0, 0.0}, torch::kFloat64).view({4, 2});
  const torch::Tensor y = torch::tensor({0, 0, 1, 1}, torch::kInt64);
  EXPECT_EQ(ContrastiveLoss(z, y, 1.0).item<double>(), 0.0);
  // Pulled within the margin: each of the 8 cross pairs at distance 0.5 costs 0.5 * 0.5^2.
  const torch::Tensor close =
      torch::tensor({0.0, 0.0, 0.0, 0.0, 0.5, 0.0, 0.5, 0.0}, torch::kFloat64).view({4, 2});
  EXPECT_NEAR(ContrastiveLoss(close, y, 1.0).item<double>(), 8 * 0.125 / 12, 1e-12);
}

TEST(ContrastiveLossTest, GradientIsFiniteWhenPointsCoincide) {
  torch::Tensor z = torch::zeros({3, 2}, torch::requires_grad());
  const torch::Tensor y = torch::tensor({0, 1, 1}, torch::kInt64);
  ContrastiveLoss(z, y, 1.0).backward();
  EXPECT_TRUE(torch::isfinite(z.grad()).all().item<bool>());
}

}  // namespace
}  // namespace latentspace
