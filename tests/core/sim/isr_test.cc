// Tests of initial-state radiation: Poisson emission counts that match the integrated density,
// pT ordering, the kinematic limit and the generator cut on the hardest emission.
#include "core/sim/isr.h"

#include <cmath>
#include <vector>

#include "gtest/gtest.h"

namespace latentspace::sim {
namespace {

TEST(IsrTest, KappaFollowsTheColourOfTheIncomingPartons) {
  const double gg = IsrOptionsFor(InitialState::kGluonGluon, 0).kappa;
  const double qq = IsrOptionsFor(InitialState::kQuarkAntiquark, 0).kappa;
  const double qg = IsrOptionsFor(InitialState::kQuarkGluon, 0).kappa;
  EXPECT_NEAR(gg, 0.12 * 3 / M_PI, 1e-12);
  EXPECT_NEAR(qq / gg, 4.0 / 9.0, 1e-12);  // C_F / C_A
  EXPECT_GT(qg, qq);
  EXPECT_LT(qg, gg);
}

TEST(IsrTest, ExpectedEmissionsIsDoubleLogarithmicBelowTheHardScale) {
  const IsrOptions options = IsrOptionsFor(InitialState::kGluonGluon, 0);
  // Q = M / 2 = 2000; between 20 and 200 GeV: kappa / 2 (ln^2(100) - ln^2(10)) up to the tail.
  const double expected =
      options.kappa / 2 * (std::pow(std::log(100.0), 2) - std::pow(std::log(10.0), 2));
  EXPECT_NEAR(ExpectedEmissions(options, 4000, 20, 200), expected, 0.01 * expected);
  // Above the hard scale the density falls as (Q / pT)^4: tiny.
  EXPECT_LT(ExpectedEmissions(options, 4000, 4000, 6000), 0.01 * options.kappa);
  EXPECT_NEAR(MaxEmissionPt(0), kCollisionEnergy / 2, 1e-9);
}

TEST(IsrTest, EmissionCountsArePoissonWithTheIntegratedDensity) {
  const IsrOptions options = IsrOptionsFor(InitialState::kGluonGluon, 0);
  const double hard_mass = 3000;
  const double expected =
      ExpectedEmissions(options, hard_mass, options.min_pt, MaxEmissionPt(hard_mass));
  const double expected_above_100 =
      ExpectedEmissions(options, hard_mass, 100, MaxEmissionPt(hard_mass));
  RandomStream random(1, 0);
  std::vector<FourVector> emissions;
  const int n = 20000;
  double count = 0;
  double count_above_100 = 0;
  int none_above_100 = 0;
  for (int i = 0; i < n; ++i) {
    GenerateIsr(options, hard_mass, 0.3, random, &emissions);
    count += emissions.size();
    bool any = false;
    for (size_t k = 0; k < emissions.size(); ++k) {
      const double pt = emissions[k].Pt();
      ASSERT_GE(pt, options.min_pt);
      ASSERT_LE(pt, MaxEmissionPt(hard_mass));
      ASSERT_NEAR(emissions[k].Mass2(), 0, 1e-9 * emissions[k].e * emissions[k].e);
      if (k > 0) {
        ASSERT_LE(pt, emissions[k - 1].Pt());  // ordered in pT
      }
      count_above_100 += pt > 100;
      any = any || pt > 100;
    }
    none_above_100 += !any;
  }
  EXPECT_NEAR(count / n, expected, 0.03 * expected);
  EXPECT_NEAR(count_above_100 / n, expected_above_100, 0.03 * expected_above_100);
  // Sudakov: no emission above 100 GeV with probability exp(-expected above 100).
  EXPECT_NEAR(static_cast<double>(none_above_100) / n, std::exp(-expected_above_100), 0.01);
}

TEST(IsrTest, GeneratorCutMakesTheHardestEmissionPassWithTheRightSpectrum) {
  const IsrOptions cut = IsrOptionsFor(InitialState::kQuarkAntiquark, 100);
  RandomStream random(2, 0);
  std::vector<FourVector> emissions;
  const double hard_mass = 1000;
  const double at_cut = ExpectedEmissions(cut, hard_mass, 100, MaxEmissionPt(hard_mass));
  const double above_200 = ExpectedEmissions(cut, hard_mass, 200, MaxEmissionPt(hard_mass));
  int hardest_above_200 = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    GenerateIsr(cut, hard_mass, 0, random, &emissions);
    ASSERT_FALSE(emissions.empty());
    ASSERT_GE(emissions[0].Pt(), 100 * (1 - 1e-9));
    hardest_above_200 += emissions[0].Pt() > 200;
  }
  // P(hardest > 200 | hardest > 100) = (1 - e^-N(200)) / (1 - e^-N(100)).
  EXPECT_NEAR(static_cast<double>(hardest_above_200) / n,
              -std::expm1(-above_200) / -std::expm1(-at_cut), 0.015);
}

}  // namespace
}  // namespace latentspace::sim
