// Tests of the wide-angle fragmentation: the fragments share the parton's three-momentum exactly,
// emissions are Poisson with the integrated soft-collinear density, within the allowed angles.
#include "core/sim/fragmentation.h"

#include <cmath>
#include <vector>

#include "gtest/gtest.h"
#include "tests/core/sim/sim_testing.h"

namespace latentspace::sim {
namespace {

double Angle(const FourVector& a, const FourVector& b) {
  const double dot = a.px * b.px + a.py * b.py + a.pz * b.pz;
  return std::acos(std::clamp(dot / (a.P() * b.P()), -1.0, 1.0));
}

TEST(FragmentationTest, ExpectedEmissionsIsTheDoubleLogarithm) {
  const FragmentationOptions options;
  // (2 alpha_s C_F / pi) ln(1 / 0.2) ln(0.5 * 500 / 10).
  EXPECT_NEAR(ExpectedFsrEmissions(options, 500, kQuarkColour),
              2 * 0.12 * (4.0 / 3.0) / M_PI * std::log(5.0) * std::log(25.0), 1e-12);
  EXPECT_NEAR(ExpectedFsrEmissions(options, 500, kGluonColour) /
                  ExpectedFsrEmissions(options, 500, kQuarkColour),
              9.0 / 4.0, 1e-12);
  EXPECT_EQ(ExpectedFsrEmissions(options, 15, kQuarkColour), 0);  // too soft to emit 10 GeV
}

TEST(FragmentationTest, FragmentsShareTheThreeMomentumAndFollowTheDensity) {
  const FragmentationOptions options;
  RandomStream random(1, 0);
  const FourVector b_quark = testing::Along(4.78, 700, 0.48, 0.6, 0.64);
  const double expected = ExpectedFsrEmissions(options, b_quark.P(), kQuarkColour);
  std::vector<FourVector> fragments;
  const int n = 20000;
  double emissions = 0;
  for (int i = 0; i < n; ++i) {
    fragments.clear();
    Fragment(options, b_quark, kQuarkColour, random, &fragments);
    ASSERT_GE(fragments.size(), 1u);
    FourVector sum;
    for (const FourVector& f : fragments) sum += f;
    ASSERT_NEAR(sum.px, b_quark.px, 1e-9 * b_quark.e);
    ASSERT_NEAR(sum.py, b_quark.py, 1e-9 * b_quark.e);
    ASSERT_NEAR(sum.pz, b_quark.pz, 1e-9 * b_quark.e);
    ASSERT_GE(sum.e, b_quark.e * (1 - 1e-12));  // the system gains mass, never loses energy
    ASSERT_NEAR(fragments[0].Mass(), b_quark.Mass(), 1e-6 * b_quark.e);  // the emitter keeps it
    for (size_t k = 1; k < fragments.size(); ++k) {
      ASSERT_NEAR(fragments[k].Mass2(), 0, 1e-9 * fragments[k].e * fragments[k].e);
      ASSERT_GE(fragments[k].e, options.min_energy * (1 - 1e-9));
    }
    emissions += fragments.size() - 1;
  }
  EXPECT_NEAR(emissions / n, expected, 0.03 * expected);
}

TEST(FragmentationTest, FirstEmissionAnglesAreLogUniformBetweenTheLimits) {
  const FragmentationOptions options;
  RandomStream random(2, 0);
  const FourVector gluon{1000, 0, 1000, 0};
  std::vector<FourVector> fragments;
  int wide = 0;
  int emitted = 0;
  for (int i = 0; i < 20000; ++i) {
    fragments.clear();
    Fragment(options, gluon, kGluonColour, random, &fragments);
    if (fragments.size() < 2) continue;
    const double theta = Angle(fragments[1], gluon);
    ASSERT_GE(theta, options.min_angle * (1 - 1e-9));
    ASSERT_LE(theta, options.max_angle * (1 + 1e-9));
    ++emitted;
    wide += theta > 0.4;
  }
  // ln(1 / 0.4) / ln(1 / 0.2) of the first emissions are wider than a jet radius.
  EXPECT_NEAR(static_cast<double>(wide) / emitted, std::log(2.5) / std::log(5.0), 0.02);
}

}  // namespace
}  // namespace latentspace::sim
