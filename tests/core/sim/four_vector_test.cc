// Tests of the four-vector helpers: Lorentz boosts between rest frame and laboratory.
#include "core/sim/four_vector.h"

#include <cmath>

#include "core/sim/random_stream.h"
#include "gtest/gtest.h"
#include "tests/core/sim/sim_testing.h"

namespace latentspace::sim {
namespace {

using testing::RandomlyMoving;
using testing::SameFourVector;

TEST(FourVectorTest, KinematicQuantities) {
  const FourVector p = FourVector::FromTransverse(10, 30, 40, 0.5);
  EXPECT_NEAR(p.Pt(), 50, 1e-12);
  EXPECT_NEAR(p.Mass(), 10, 1e-9);
  EXPECT_NEAR(p.Eta(), std::asinh(p.pz / 50), 1e-12);
  EXPECT_NEAR(p.Phi(), std::atan2(40, 30), 1e-12);
  // Massless along x at rapidity 0.5: pseudorapidity equals rapidity.
  EXPECT_NEAR(FourVector::FromTransverse(0, 20, 0, 0.5).Eta(), 0.5, 1e-12);
}

TEST(FourVectorTest, BoostOfTheRestFrameSystemGivesTheFrame) {
  RandomStream random(1, 0);
  for (int i = 0; i < 100; ++i) {
    const double mass = 1 + 1000 * random.Uniform();
    const FourVector frame = RandomlyMoving(random, mass, 10 * mass);
    EXPECT_TRUE(SameFourVector(BoostFromRestFrame({mass, 0, 0, 0}, frame, mass), frame, 1e-14));
    EXPECT_TRUE(SameFourVector(BoostToRestFrame(frame, frame, mass), {mass, 0, 0, 0}, 1e-12));
  }
}

TEST(FourVectorTest, BoostRoundTripsAndKeepsMass) {
  RandomStream random(2, 0);
  for (int i = 0; i < 1000; ++i) {
    const double mass = 1 + 2000 * random.Uniform();
    const FourVector frame = RandomlyMoving(random, mass, 10 * mass);
    const double m = 50 * random.Uniform();
    const FourVector rest = RandomlyMoving(random, m, 500);
    const FourVector lab = BoostFromRestFrame(rest, frame, mass);
    EXPECT_TRUE(SameFourVector(BoostToRestFrame(lab, frame, mass), rest, 1e-12));
    EXPECT_NEAR(std::sqrt(std::max(lab.Mass2(), 0.0)), m, 1e-6 * lab.e);
  }
}

TEST(FourVectorTest, BoostAlongZIsTheTextbookOne) {
  // Frame of mass 3 with pz = 4: gamma = 5/3, beta = 4/5. A particle at rest in it has E = 5/3 m.
  const FourVector lab = BoostFromRestFrame({1, 0, 0, 0}, {5, 0, 0, 4}, 3);
  EXPECT_NEAR(lab.e, 5.0 / 3.0, 1e-15);
  EXPECT_NEAR(lab.pz, 4.0 / 3.0, 1e-15);
  // A photon along +x in the rest frame: E' = gamma E, pz' = gamma beta E, px unchanged.
  const FourVector photon = BoostFromRestFrame({1, 1, 0, 0}, {5, 0, 0, 4}, 3);
  EXPECT_NEAR(photon.e, 5.0 / 3.0, 1e-15);
  EXPECT_NEAR(photon.px, 1, 1e-15);
  EXPECT_NEAR(photon.pz, 4.0 / 3.0, 1e-15);
}

}  // namespace
}  // namespace latentspace::sim
