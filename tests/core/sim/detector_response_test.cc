// Tests of the parametrised detector: resolution, b-tagging, lepton types, acceptance cuts and MET
// as minus the vector sum of what was reconstructed.
#include "core/sim/detector_response.h"

#include <cmath>
#include <vector>

#include "gtest/gtest.h"

namespace latentspace::sim {
namespace {

TruthParticle Particle(ParticleKind kind, double pt, double eta, double phi, double mass = 0) {
  const double px = pt * std::cos(phi);
  const double py = pt * std::sin(phi);
  const double pz = pt * std::sinh(eta);
  return {{std::sqrt(px * px + py * py + pz * pz + mass * mass), px, py, pz}, mass, 0, -1, kind};
}

TruthEvent Single(const TruthParticle& particle) {
  TruthEvent event;
  event.particles.push_back(particle);
  return event;
}

DetectorResponseOptions WithoutRadiation() {
  DetectorResponseOptions options;
  options.fragmentation.max_emissions = 0;
  return options;
}

TEST(DetectorResponseTest, JetEnergyResolutionIsStochasticPlusConstant) {
  DetectorResponseOptions options = WithoutRadiation();
  options.jet_mass_median = 1e-6;  // a massless jet: E = p
  DetectorResponse detector(options);
  RandomStream random(1, 0);
  Event event;
  const int n = 20000;
  double sum = 0;
  double sum2 = 0;
  for (int i = 0; i < n; ++i) {
    detector.Reconstruct(Single(Particle(ParticleKind::kLightQuark, 100, 0, 0.5)), random, &event);
    ASSERT_EQ(event.objects.size(), 1u);
    const double ratio = event.objects[0].pt / 100;
    sum += ratio;
    sum2 += ratio * ratio;
    EXPECT_NEAR(event.objects[0].phi, 0.5, 0.15);
  }
  const double mean = sum / n;
  const double sigma = std::sqrt(sum2 / n - mean * mean);
  EXPECT_NEAR(mean, 1, 0.002);
  EXPECT_NEAR(sigma, std::hypot(0.6 / 10, 0.03), 0.004);  // a / sqrt(100 GeV) (+) b
}

TEST(DetectorResponseTest, BJetsAreTaggedWithTheirEfficiencyAndLightJetsMistagged) {
  DetectorResponse detector(WithoutRadiation());
  RandomStream random(2, 0);
  Event event;
  const int n = 20000;
  int b_tagged = 0;
  int light_tagged = 0;
  for (int i = 0; i < n; ++i) {
    detector.Reconstruct(Single(Particle(ParticleKind::kBQuark, 200, 0.3, 1, 4.78)), random,
                         &event);
    ASSERT_EQ(event.objects.size(), 1u);
    b_tagged += event.objects[0].type == ObjectType::kBJet;
    detector.Reconstruct(Single(Particle(ParticleKind::kGluon, 200, 0.3, 1)), random, &event);
    light_tagged += event.objects[0].type == ObjectType::kBJet;
  }
  EXPECT_NEAR(static_cast<double>(b_tagged) / n, 0.7, 0.015);
  EXPECT_NEAR(static_cast<double>(light_tagged) / n, 0.01, 0.003);
}

TEST(DetectorResponseTest, LeptonsKeepTheirChargeAndCountInMetOutsideTheAcceptance) {
  DetectorResponse detector;
  RandomStream random(3, 0);
  TruthEvent truth;
  truth.particles = {Particle(ParticleKind::kElectron, 60, 0.5, 0),
                     Particle(ParticleKind::kAntiMuon, 40, -1, 2),
                     Particle(ParticleKind::kMuon, 80, 3.5, -2),  // beyond |eta| 2.5
                     Particle(ParticleKind::kInvisible, 120, 0, 3)};
  Event event;
  detector.Reconstruct(truth, random, &event);
  ASSERT_EQ(event.objects.size(), 2u);
  EXPECT_EQ(event.objects[0].type, ObjectType::kElectron);
  EXPECT_NEAR(event.objects[0].pt, 60, 3);
  EXPECT_EQ(event.objects[1].type, ObjectType::kAntiMuon);
  EXPECT_NEAR(event.objects[1].pt, 40, 2);
  // MET balances the three leptons (the forward muon included), not the invisible particle.
  double x = 0;
  double y = 0;
  for (int i = 0; i < 3; ++i) {
    x -= truth.particles[i].p.px;
    y -= truth.particles[i].p.py;
  }
  EXPECT_NEAR(event.met, std::hypot(x, y), 6);
  EXPECT_NEAR(event.met_phi, std::atan2(y, x), 0.1);
}

TEST(DetectorResponseTest, ObjectsPassTheAcceptanceAndComeByDecreasingPt) {
  DetectorResponse detector;
  RandomStream random(4, 0);
  Event event;
  int listed = 0;
  for (int i = 0; i < 2000; ++i) {
    TruthEvent truth;
    for (int k = 0; k < 8; ++k) {
      const ParticleKind kind = k % 4 == 0 ? ParticleKind::kPositron : ParticleKind::kLightQuark;
      truth.particles.push_back(Particle(kind, 5 + 100 * random.Uniform(), 8 * random.Uniform() - 4,
                                         3 * random.Uniform()));
    }
    detector.Reconstruct(truth, random, &event);
    for (size_t k = 0; k < event.objects.size(); ++k) {
      const PhysicsObject& object = event.objects[k];
      ASSERT_LT(std::abs(object.eta), 2.5);
      ASSERT_GT(object.pt, IsJet(object.type) ? 30 : 15);
      ASSERT_LE(std::abs(object.phi), M_PI);
      ASSERT_GE(object.e, object.pt * std::cosh(object.eta) * (1 - 1e-12));
      if (k > 0) {
        ASSERT_LE(object.pt, event.objects[k - 1].pt);
      }
      ++listed;
    }
  }
  EXPECT_GT(listed, 2000);  // the cuts keep a good share
}

TEST(DetectorResponseTest, MetIsMinusTheSumOfEverythingReconstructed) {
  // With the acceptance opened to the calorimeter's, every reconstructed object is listed.
  DetectorResponseOptions options;
  options.max_eta = options.calorimeter_max_eta;
  options.jet_min_pt = 0;
  options.lepton_min_pt = 0;
  DetectorResponse detector(options);
  RandomStream random(5, 0);
  Event event;
  for (int i = 0; i < 500; ++i) {
    TruthEvent truth;
    for (int k = 0; k < 6; ++k) {
      const ParticleKind kind = k == 0 ? ParticleKind::kMuon : ParticleKind::kGluon;
      truth.particles.push_back(Particle(kind, 20 + 300 * random.Uniform(),
                                         6 * random.Uniform() - 3, 6 * random.Uniform()));
    }
    truth.particles.push_back(Particle(ParticleKind::kInvisible, 500, 0, 1));
    detector.Reconstruct(truth, random, &event);
    double x = 0;
    double y = 0;
    for (const PhysicsObject& object : event.objects) {
      x -= object.pt * std::cos(object.phi);
      y -= object.pt * std::sin(object.phi);
    }
    ASSERT_NEAR(event.met, std::hypot(x, y), 1e-9 * event.met);
  }
}

}  // namespace
}  // namespace latentspace::sim
