// Tests of the object-level detector response: resolutions, tagging rates and acceptance measured
// on many smearings of one object against DetectorResponseOptions, the MET correction exactly, and
// the reader's determinism. Bounds are about five standard errors of each estimate.
#include "core/sim/object_smearing.h"

#include <cmath>
#include <memory>
#include <utility>
#include <vector>

#include "core/sim/smearing.h"
#include "gtest/gtest.h"

namespace latentspace::sim {
namespace {

constexpr int kTrials = 20000;

PhysicsObject Object(ObjectType type, double pt, double eta, double phi, double mass = 0) {
  const double p = pt * std::cosh(eta);
  return PhysicsObject{type, std::sqrt(p * p + mass * mass), pt, eta, phi};
}

Event OneObject(const PhysicsObject& object) {
  Event event;
  event.event_id = "1";
  event.process_id = "truth";
  event.objects = {object};
  return event;
}

struct Moments {
  double mean = 0;
  double sd = 0;
};

Moments Of(const std::vector<double>& values) {
  Moments m;
  for (const double v : values) m.mean += v;
  m.mean /= static_cast<double>(values.size());
  for (const double v : values) m.sd += (v - m.mean) * (v - m.mean);
  m.sd = std::sqrt(m.sd / static_cast<double>(values.size() - 1));
  return m;
}

TEST(ObjectSmearingTest, JetEnergyAndDirectionFollowTheResolutions) {
  const DetectorResponseOptions options;
  const PhysicsObject truth = Object(ObjectType::kJet, 100, 0.5, 1.0, 10);
  std::vector<double> energy_ratio;
  std::vector<double> deta;
  std::vector<double> dphi;
  for (int i = 0; i < kTrials; ++i) {
    Event event = OneObject(truth);
    RandomStream random(7, i);
    SmearTruthObjects(options, random, &event);
    if (event.objects.empty()) continue;  // a downward fluctuation below 30 GeV: rare at 100
    energy_ratio.push_back(event.objects[0].e / truth.e);
    deta.push_back(event.objects[0].eta - truth.eta);
    dphi.push_back(event.objects[0].phi - truth.phi);
  }
  ASSERT_GT(energy_ratio.size(), kTrials * 0.99);
  const double sigma = Resolution(options.jet_stochastic, options.jet_constant, truth.e);
  const Moments e = Of(energy_ratio);
  EXPECT_NEAR(e.mean, 1.0, 5 * sigma / std::sqrt(kTrials));
  EXPECT_NEAR(e.sd, sigma, 5 * sigma / std::sqrt(2.0 * kTrials));
  for (const Moments& angle : {Of(deta), Of(dphi)}) {
    EXPECT_NEAR(angle.mean, 0, 5 * options.jet_angle_sigma / std::sqrt(kTrials));
    EXPECT_NEAR(angle.sd, options.jet_angle_sigma,
                5 * options.jet_angle_sigma / std::sqrt(2.0 * kTrials));
  }
}

TEST(ObjectSmearingTest, LeptonsAndPhotonsKeepTheirDirection) {
  const DetectorResponseOptions options;
  const PhysicsObject electron = Object(ObjectType::kElectron, 50, 1.0, -2.0);
  const PhysicsObject muon = Object(ObjectType::kAntiMuon, 500, -0.3, 0.4);
  for (const auto& [truth, sigma] :
       {std::pair{electron,
                  Resolution(options.electron_stochastic, options.electron_constant, electron.e)},
        std::pair{Object(ObjectType::kPhoton, 50, 1.0, -2.0),
                  Resolution(options.electron_stochastic, options.electron_constant, electron.e)},
        std::pair{muon, std::hypot(options.muon_constant, options.muon_slope * 500)}}) {
    std::vector<double> ratio;
    for (int i = 0; i < kTrials; ++i) {
      Event event = OneObject(truth);
      RandomStream random(11, i);
      SmearTruthObjects(options, random, &event);
      ASSERT_EQ(event.objects.size(), 1u);
      const PhysicsObject& smeared = event.objects[0];
      EXPECT_EQ(smeared.type, truth.type);
      EXPECT_EQ(smeared.eta, truth.eta);
      EXPECT_EQ(smeared.phi, truth.phi);
      ratio.push_back(smeared.pt / truth.pt);
    }
    const Moments m = Of(ratio);
    EXPECT_NEAR(m.mean, 1.0, 5 * sigma / std::sqrt(kTrials));
    EXPECT_NEAR(m.sd, sigma, 5 * sigma / std::sqrt(2.0 * kTrials));
  }
}

TEST(ObjectSmearingTest, BTagsAtTheEfficiencyAndLightJetsAtTheMistagRate) {
  const DetectorResponseOptions options;
  for (const auto& [type, rate] : {std::pair{ObjectType::kBJet, options.btag_efficiency},
                                   std::pair{ObjectType::kJet, options.mistag_rate}}) {
    int tagged = 0;
    int kept = 0;
    for (int i = 0; i < kTrials; ++i) {
      Event event = OneObject(Object(type, 200, 0, 0, 15));
      RandomStream random(3, i);
      SmearTruthObjects(options, random, &event);
      if (event.objects.empty()) continue;
      ++kept;
      tagged += event.objects[0].type == ObjectType::kBJet;
    }
    ASSERT_EQ(kept, kTrials);
    const double share = static_cast<double>(tagged) / kept;
    EXPECT_NEAR(share, rate, 5 * std::sqrt(rate * (1 - rate) / kept)) << static_cast<int>(type);
  }
}

TEST(ObjectSmearingTest, AcceptanceCutsDropObjects) {
  const DetectorResponseOptions options;
  Event event;
  event.objects = {Object(ObjectType::kJet, 300, 2.7, 0),  // beyond |eta| 2.5
                   Object(ObjectType::kJet, 10, 0, 1),     // far below 30 GeV
                   Object(ObjectType::kMuon, 5, 0, 2),     // far below 15 GeV
                   Object(ObjectType::kElectron, 80, 0.1, 3)};
  RandomStream random(5, 0);
  SmearTruthObjects(options, random, &event);
  ASSERT_EQ(event.objects.size(), 1u);
  EXPECT_EQ(event.objects[0].type, ObjectType::kElectron);
}

TEST(ObjectSmearingTest, MetCarriesTheObjectsMismeasurement) {
  const DetectorResponseOptions options;
  Event event;
  event.met = 150;
  event.met_phi = 2.0;
  event.objects = {Object(ObjectType::kJet, 400, 0.2, -1.0, 20),
                   Object(ObjectType::kMuon, 120, -1.0, 0.5)};
  const Event truth = event;
  RandomStream random(9, 4);
  SmearTruthObjects(options, random, &event);
  ASSERT_EQ(event.objects.size(), 2u);
  // MET vector = truth MET vector + sum of (truth - smeared) transverse momenta.
  double x = truth.met * std::cos(truth.met_phi);
  double y = truth.met * std::sin(truth.met_phi);
  for (const PhysicsObject& object : truth.objects) {
    x += object.pt * std::cos(object.phi);
    y += object.pt * std::sin(object.phi);
  }
  for (const PhysicsObject& object : event.objects) {
    x -= object.pt * std::cos(object.phi);
    y -= object.pt * std::sin(object.phi);
  }
  EXPECT_NEAR(event.met, std::hypot(x, y), 1e-9);
  EXPECT_NEAR(event.met_phi, std::atan2(y, x), 1e-12);
  EXPECT_NE(event.met, truth.met);
  EXPECT_GE(event.objects[0].pt, event.objects[1].pt);
}

// A reader of fixed events.
class FixedReader : public EventReader {
 public:
  explicit FixedReader(std::vector<Event> events) : events_(std::move(events)) {}
  absl::StatusOr<bool> Next(Event* event) override {
    if (next_ == events_.size()) return false;
    *event = events_[next_++];
    return true;
  }
  int64_t bytes_consumed() const override { return static_cast<int64_t>(next_); }
  int64_t file_bytes() const override { return static_cast<int64_t>(events_.size()); }

 private:
  std::vector<Event> events_;
  size_t next_ = 0;
};

std::vector<Event> ReadAll(EventReader& reader) {
  std::vector<Event> events;
  Event event;
  while (reader.Next(&event).value_or(false)) events.push_back(event);
  return events;
}

TEST(SmearingReaderTest, TheSameSeedGivesTheSameEventsAndEachEventItsOwnStream) {
  const std::vector<Event> truth(3, OneObject(Object(ObjectType::kJet, 120, 0.3, 0.3, 8)));
  SmearingReader a(std::make_unique<FixedReader>(truth), 42);
  SmearingReader b(std::make_unique<FixedReader>(truth), 42);
  SmearingReader c(std::make_unique<FixedReader>(truth), 43);
  const std::vector<Event> from_a = ReadAll(a);
  ASSERT_EQ(from_a.size(), 3u);
  EXPECT_TRUE(from_a == ReadAll(b));
  EXPECT_FALSE(from_a == ReadAll(c));
  EXPECT_FALSE(from_a[0] == from_a[1]);  // identical truth, different streams
  EXPECT_EQ(a.bytes_consumed(), 3);
  EXPECT_EQ(a.file_bytes(), 3);
}

}  // namespace
}  // namespace latentspace::sim
