// Tests of the kinematic helpers against closed-form values.
#include "core/features/kinematics.h"

#include <cmath>

#include "gtest/gtest.h"

namespace latentspace {
namespace {

TEST(KinematicsTest, DeltaPhiWrapsAroundAndIsSymmetric) {
  EXPECT_NEAR(DeltaPhi(0.1, -0.1), 0.2, 1e-12);
  EXPECT_NEAR(DeltaPhi(3.0, -3.0), 2 * M_PI - 6.0, 1e-12);
  EXPECT_NEAR(DeltaPhi(-3.0, 3.0), 2 * M_PI - 6.0, 1e-12);
  EXPECT_NEAR(DeltaPhi(M_PI, -M_PI), 0.0, 1e-12);
  EXPECT_NEAR(DeltaPhi(M_PI / 2, -M_PI / 2), M_PI, 1e-12);
}

TEST(KinematicsTest, MassOfAMassiveObjectAndClampingOfRoundedOnes) {
  // pt 30, eta 0: p = 30; E = 50 gives m = 40.
  EXPECT_NEAR(ObjectMass({ObjectType::kJet, 50, 30, 0, 0}), 40, 1e-12);
  // eta = asinh(4/3): |p| = 30 cosh(eta) = 50; E = 130 gives m = 120.
  EXPECT_NEAR(ObjectMass({ObjectType::kJet, 130, 30, std::asinh(4.0 / 3.0), 1}), 120, 1e-9);
  // Rounding in files can make E slightly smaller than |p|: mass 0, not NaN.
  EXPECT_EQ(ObjectMass({ObjectType::kJet, 29.999, 30, 0, 0}), 0.0);
}

TEST(KinematicsTest, PairMassOfBackToBackJets) {
  // Two massless back-to-back 100 GeV jets at eta 0: m = 200, m^2 = 40000.
  const PhysicsObject a{ObjectType::kJet, 100, 100, 0, 0};
  const PhysicsObject b{ObjectType::kJet, 100, 100, 0, M_PI};
  EXPECT_NEAR(PairMassSquared(a, b), 40000, 1e-9);
  EXPECT_NEAR(PairMassSquared(a, a), 0, 1e-9);
}

}  // namespace
}  // namespace latentspace
