// Tests of the parton-luminosity shapes and of the tabulated mass sampler.
#include "core/sim/parton_luminosity.h"

#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace latentspace::sim {
namespace {

using ::testing::HasSubstr;

TEST(PartonLuminosityTest, ShapesFallWithMassAndVanishAtTheEdges) {
  for (InitialState state : {InitialState::kGluonGluon, InitialState::kQuarkAntiquark,
                             InitialState::kQuarkGluon, InitialState::kQuarkQuark}) {
    EXPECT_GT(PartonLuminosity(state, 1000), PartonLuminosity(state, 2000))
        << static_cast<int>(state);
    EXPECT_EQ(PartonLuminosity(state, 0), 0);
    EXPECT_EQ(PartonLuminosity(state, kCollisionEnergy), 0);
  }
  // Valence quarks fall slower than gluons, sea antiquarks faster.
  const auto fall = [](InitialState state) {
    return PartonLuminosity(state, 2000) / PartonLuminosity(state, 4000);
  };
  EXPECT_LT(fall(InitialState::kQuarkQuark), fall(InitialState::kGluonGluon));
  EXPECT_GT(fall(InitialState::kQuarkAntiquark), fall(InitialState::kGluonGluon));
}

TEST(MassSamplerTest, ReproducesALinearDensity) {
  // Density m on [0, 10]: CDF m^2 / 100, mean 20/3, median sqrt(50).
  absl::StatusOr<MassSampler> sampler = MassSampler::Create([](double m) { return m; }, 0, 10);
  ASSERT_TRUE(sampler.ok()) << sampler.status();
  RandomStream random(1, 0);
  const int n = 50000;
  double sum = 0;
  int below_median = 0;
  for (int i = 0; i < n; ++i) {
    const double m = sampler->Sample(random);
    ASSERT_GE(m, 0);
    ASSERT_LE(m, 10);
    sum += m;
    below_median += m < std::sqrt(50.0);
  }
  EXPECT_NEAR(sum / n, 20.0 / 3.0, 0.03);
  EXPECT_NEAR(static_cast<double>(below_median) / n, 0.5, 0.01);
}

TEST(MassSamplerTest, ThresholdFactorKeepsMassesAboveThreshold) {
  const double threshold = 3200;
  absl::StatusOr<MassSampler> sampler = MassSampler::Create(
      [&](double m) {
        return PartonLuminosity(InitialState::kGluonGluon, m) *
               std::sqrt(std::max(0.0, 1 - threshold * threshold / (m * m)));
      },
      threshold, kCollisionEnergy);
  ASSERT_TRUE(sampler.ok()) << sampler.status();
  RandomStream random(2, 0);
  double sum = 0;
  for (int i = 0; i < 10000; ++i) {
    const double m = sampler->Sample(random);
    ASSERT_GE(m, threshold);
    sum += m;
  }
  // Falling luminosity times a rising threshold factor: a peak a few hundred GeV above threshold.
  EXPECT_GT(sum / 10000, threshold + 100);
  EXPECT_LT(sum / 10000, threshold + 1500);
}

TEST(MassSamplerTest, RefusesEmptyRangesAndDensities) {
  EXPECT_THAT(MassSampler::Create([](double) { return 1.0; }, 5, 5).status().message(),
              HasSubstr("mass range [5, 5] GeV is empty"));
  EXPECT_THAT(MassSampler::Create([](double) { return 0.0; }, 1, 5).status().message(),
              HasSubstr("no probability between 1 and 5 GeV"));
  EXPECT_THAT(MassSampler::Create([](double) { return NAN; }, 1, 5).status().message(),
              HasSubstr("density at 1 GeV is nan"));
}

}  // namespace
}  // namespace latentspace::sim
