// Tests of the particle table: validation of decay tables, Breit-Wigner masses, and recursive
// decays in which every decaying particle's products add up to it and have its invariant mass.
#include "core/sim/particles.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/core/sim/sim_testing.h"

namespace latentspace::sim {
namespace {

using ::testing::HasSubstr;
using testing::SameFourVector;

// t -> b W+, W+ -> q q (2/3) | e+ nu (1/3).
struct TopTable {
  ParticleTable table;
  int q, b, nu, e, w, top;
};

TopTable MakeTopTable() {
  TopTable t;
  t.q = *t.table.Add({"q", 0, 0, ParticleKind::kLightQuark, {}});
  t.b = *t.table.Add({"b", kBottomMass, 0, ParticleKind::kBQuark, {}});
  t.nu = *t.table.Add({"nu", 0, 0, ParticleKind::kInvisible, {}});
  t.e = *t.table.Add({"e+", 0, 0, ParticleKind::kPositron, {}});
  t.w = *t.table.Add({"W+",
                      kWMass,
                      kWWidth,
                      ParticleKind::kUnstable,
                      {{2.0 / 3.0, {t.q, t.q}}, {1.0 / 3.0, {t.e, t.nu}}}});
  t.top = *t.table.Add({"t", kTopMass, kTopWidth, ParticleKind::kUnstable, {{1, {t.b, t.w}}}});
  return t;
}

TEST(ParticleTableTest, RefusesInconsistentDecayTables) {
  ParticleTable table;
  const int q = *table.Add({"q", 0, 0, ParticleKind::kLightQuark, {}});
  EXPECT_THAT(table.Add({"x", 100, 0, ParticleKind::kUnstable, {{0.5, {q, q}}}}).status().message(),
              HasSubstr("branchings add up to 0.5"));
  EXPECT_THAT(table.Add({"x", 100, 0, ParticleKind::kUnstable, {{1, {q}}}}).status().message(),
              HasSubstr("a decay into 1 products"));
  EXPECT_THAT(table.Add({"x", 100, 0, ParticleKind::kUnstable, {{1, {q, 7}}}}).status().message(),
              HasSubstr("unknown decay product 7"));
  EXPECT_THAT(table.Add({"x", 100, 0, ParticleKind::kUnstable, {}}).status().message(),
              HasSubstr("stable species needs a detector kind"));
  const int heavy = *table.Add({"h", 600, 0, ParticleKind::kInvisible, {}});
  EXPECT_THAT(
      table.Add({"x", 1000, 0, ParticleKind::kUnstable, {{1, {heavy, heavy}}}}).status().message(),
      HasSubstr("'x' of mass 1000 GeV cannot decay: its products need 1200 GeV"));
  EXPECT_EQ(table.size(), 2);  // nothing refused was added
}

TEST(ParticleTableTest, MassRangesFollowWidthsAndThresholds) {
  const TopTable t = MakeTopTable();
  EXPECT_EQ(t.table.MinMass(t.b), kBottomMass);
  EXPECT_EQ(t.table.MaxMass(t.b), kBottomMass);
  EXPECT_DOUBLE_EQ(t.table.MinMass(t.w), kWMass - kWidthWindow * kWWidth);
  EXPECT_DOUBLE_EQ(t.table.MaxMass(t.top), kTopMass + kWidthWindow * kTopWidth);
}

TEST(ParticleTableTest, BreitWignerMassesStayInRangeAndCentreOnThePole) {
  const TopTable t = MakeTopTable();
  RandomStream random(1, 0);
  std::vector<double> masses;
  for (int i = 0; i < 20000; ++i) {
    double m[2];
    const int ids[] = {t.top, t.top};
    t.table.SampleMasses(ids, 1000, random, m);
    for (double value : m) {
      ASSERT_GE(value, t.table.MinMass(t.top));
      ASSERT_LE(value, t.table.MaxMass(t.top));
    }
    masses.push_back(m[0]);
  }
  std::nth_element(masses.begin(), masses.begin() + masses.size() / 2, masses.end());
  EXPECT_NEAR(masses[masses.size() / 2], kTopMass, 0.1 * kTopWidth);
  // Half of a Breit-Wigner lies within half a width of the pole (less the truncated tails).
  const double inside = std::count_if(masses.begin(), masses.end(), [](double m) {
    return std::abs(m - kTopMass) < kTopWidth / 2;
  });
  EXPECT_NEAR(inside / masses.size(), 0.5 / (2 / M_PI * std::atan(2 * kWidthWindow)), 0.02);
}

TEST(ParticleTableTest, SampledMassesFitTheAvailableMass) {
  const TopTable t = MakeTopTable();
  RandomStream random(2, 0);
  const int ids[] = {t.w, t.w};
  const double available = 2 * t.table.MinMass(t.w) + 1;  // far below two on-shell W
  for (int i = 0; i < 1000; ++i) {
    double m[2];
    t.table.SampleMasses(ids, available, random, m);
    ASSERT_LE(m[0] + m[1], available);
    ASSERT_GE(m[1], t.table.MinMass(t.w));
  }
}

TEST(ParticleTableTest, EveryDecayConservesAndReproducesTheParentMass) {
  const TopTable t = MakeTopTable();
  RandomStream random(3, 0);
  int leptonic = 0;
  const int n = 3000;
  for (int i = 0; i < n; ++i) {
    TruthEvent event;
    const double mass = 173.1;
    const FourVector top = testing::Along(mass, 400, 0.6, 0, 0.8);
    t.table.AppendWithDecays(t.top, top, mass, -1, random, &event);
    ASSERT_EQ(event.particles.size(), 5u);  // t, b, W, and the W's two products
    EXPECT_TRUE(SameFourVector(testing::FinalStateSum(event), top, 1e-12));
    ASSERT_TRUE(testing::EveryDecayConserves(event, 1e-12));
    leptonic += event.particles.back().kind == ParticleKind::kInvisible;  // W+ -> e+ nu
  }
  EXPECT_NEAR(static_cast<double>(leptonic) / n, 1.0 / 3.0, 0.03);
}

}  // namespace
}  // namespace latentspace::sim
