// Tests of the phase-space generators: exact conservation, product masses, and that n-body
// configurations follow the flat phase-space density (the Dalitz plot of a three-body decay).
#include "core/sim/phase_space.h"

#include <cmath>
#include <vector>

#include "gtest/gtest.h"
#include "tests/core/sim/sim_testing.h"

namespace latentspace::sim {
namespace {

using testing::RandomlyMoving;
using testing::SameFourVector;

double PairMass2(const FourVector& a, const FourVector& b) { return (a + b).Mass2(); }

TEST(PhaseSpaceTest, TwoBodyMomentumClosedForms) {
  EXPECT_DOUBLE_EQ(TwoBodyMomentum(10, 0, 0), 5);
  EXPECT_DOUBLE_EQ(TwoBodyMomentum(10, 6, 0), 3.2);  // (M^2 - m^2) / 2M
  EXPECT_NEAR(TwoBodyMomentum(10, 3, 4), std::sqrt((100 - 49) * (100 - 1.0)) / 20, 1e-12);
  EXPECT_EQ(TwoBodyMomentum(10, 6, 4), 0);  // at threshold
  EXPECT_EQ(TwoBodyMomentum(10, 6, 5), 0);  // below
}

TEST(PhaseSpaceTest, TwoBodyDecaysConserveAndAreIsotropic) {
  RandomStream random(3, 0);
  double sum_cos = 0;
  double sum_cos2 = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    const FourVector parent = RandomlyMoving(random, 1000, 5000);
    FourVector a, b;
    DecayTwoBody(parent, 1000, 172.5, 300, random, &a, &b);
    ASSERT_TRUE(SameFourVector(a + b, parent, 1e-12));
    EXPECT_NEAR(a.Mass(), 172.5, 1e-7 * a.e);
    EXPECT_NEAR(b.Mass(), 300, 1e-7 * b.e);
    // Direction in the rest frame relative to z.
    const FourVector rest = BoostToRestFrame(a, parent, 1000);
    const double cos_theta = rest.pz / rest.P();
    sum_cos += cos_theta;
    sum_cos2 += cos_theta * cos_theta;
  }
  EXPECT_NEAR(sum_cos / n, 0, 0.015);
  EXPECT_NEAR(sum_cos2 / n, 1.0 / 3.0, 0.01);
}

TEST(PhaseSpaceTest, NBodyDecaysConserveExactlyAndKeepMasses) {
  RandomStream random(4, 0);
  for (const std::vector<double>& masses : std::vector<std::vector<double>>{
           {0, 0, 500}, {4.78, 80.4, 0}, {0, 0, 0, 0}, {10, 20, 30, 40, 50}, {0, 1, 2, 3, 4}}) {
    for (int i = 0; i < 500; ++i) {
      const FourVector parent = RandomlyMoving(random, 1600, 8000);
      FourVector products[kMaxDecayProducts];
      DecayNBody(parent, 1600, masses, random, products);
      FourVector sum;
      for (size_t k = 0; k < masses.size(); ++k) {
        sum += products[k];
        ASSERT_NEAR(std::sqrt(std::max(products[k].Mass2(), 0.0)), masses[k],
                    1e-6 * products[k].e + 1e-6);
      }
      ASSERT_TRUE(SameFourVector(sum, parent, 1e-9)) << masses.size() << " bodies";
    }
  }
}

// Massless three-body phase space is flat in the Dalitz plot s12 + s13 + s23 = M^2: each s_ij has
// density 2 (1 - s) / M^2 (in units of M^2), so P(s < 1/4) = 7/16, P(s < 1/2) = 3/4, mean 1/3.
// Sorted uniform invariant masses without the accept-reject weight would give P(s12 < 1/2) = 0.71.
TEST(PhaseSpaceTest, ThreeBodyDecaysFillTheDalitzPlotUniformly) {
  RandomStream random(5, 0);
  const double masses[] = {0, 0, 0};
  const int n = 40000;
  double below_quarter[3] = {0, 0, 0};
  double below_half[3] = {0, 0, 0};
  double mean[3] = {0, 0, 0};
  for (int i = 0; i < n; ++i) {
    FourVector p[3];
    DecayNBody({1, 0, 0, 0}, 1, masses, random, p);
    const double s[3] = {PairMass2(p[0], p[1]), PairMass2(p[0], p[2]), PairMass2(p[1], p[2])};
    ASSERT_NEAR(s[0] + s[1] + s[2], 1, 1e-12);
    for (int k = 0; k < 3; ++k) {
      below_quarter[k] += s[k] < 0.25;
      below_half[k] += s[k] < 0.5;
      mean[k] += s[k];
    }
  }
  for (int k = 0; k < 3; ++k) {
    EXPECT_NEAR(below_quarter[k] / n, 7.0 / 16.0, 0.01) << "pair " << k;
    EXPECT_NEAR(below_half[k] / n, 0.75, 0.01) << "pair " << k;
    EXPECT_NEAR(mean[k] / n, 1.0 / 3.0, 0.005) << "pair " << k;
  }
}

TEST(PhaseSpaceTest, GluinoLikeThreeBodyDecayStaysInsideItsDalitzBoundary) {
  RandomStream random(6, 0);
  const double masses[] = {0, 0, 500};
  double quark_pair_max = 0;
  for (int i = 0; i < 20000; ++i) {
    FourVector p[3];
    DecayNBody({1600, 0, 0, 0}, 1600, masses, random, p);
    const double s12 = PairMass2(p[0], p[1]);
    ASSERT_GE(s12, -1e-6);
    ASSERT_LE(s12, (1600 - 500.0) * (1600 - 500.0) * (1 + 1e-12));
    quark_pair_max = std::max(quark_pair_max, std::sqrt(s12));
  }
  // The q qbar mass edge at m_gluino - m_neutralino is reached.
  EXPECT_GT(quark_pair_max, 0.97 * 1100);
}

}  // namespace
}  // namespace latentspace::sim
