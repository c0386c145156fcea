// Tests of the simulator: exact energy-momentum conservation of whole events before detector
// effects, determinism per seed and per event, process ids, and Dark Machines files that the
// repository's reader reads back exactly.
#include "core/sim/simulator.h"

#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/events/darkmachines_reader.h"
#include "core/events/darkmachines_writer.h"
#include "core/events/event_reader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/core/sim/family_points.h"
#include "tests/core/sim/sim_testing.h"
#include "tests/testing/paths.h"

namespace latentspace::sim {
namespace {

using testing::SameFourVector;

using Point = testing::FamilyPoint;

const std::vector<Point>& EveryFamily() { return testing::EveryFamilyPoint(); }

// The simulator of a point, or nothing (and a test failure) when it cannot be made: the caller
// asserts on it before use.
std::optional<Simulator> Make(const Point& point, uint64_t seed) {
  absl::StatusOr<Simulator> simulator = Simulator::Create(point.family, point.parameters, seed);
  if (!simulator.ok()) {
    ADD_FAILURE() << point.family << ": " << simulator.status();
    return std::nullopt;
  }
  return *std::move(simulator);
}

std::vector<std::string> Lines(const std::vector<Event>& events) {
  std::vector<std::string> lines;
  for (const Event& event : events) lines.push_back(FormatDarkMachinesLine(event));
  return lines;
}

std::vector<Event> SimulateOrDie(const Point& point, int64_t events, uint64_t seed) {
  absl::StatusOr<std::vector<Event>> result =
      Simulate(point.family, point.parameters, events, seed);
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? *result : std::vector<Event>{};
}

TEST(SimulatorTest, EveryEventConservesEnergyAndMomentumBeforeTheDetector) {
  for (const Point& point : EveryFamily()) {
    std::optional<Simulator> made = Make(point, 11);
    ASSERT_TRUE(made.has_value());
    Simulator& simulator = *made;
    TruthEvent truth;
    for (int64_t i = 0; i < 2000; ++i) {
      simulator.GenerateTruth(i, &truth);
      ASSERT_NEAR(truth.initial.Pt(), 0, 1e-9 * truth.initial.e) << point.family;
      ASSERT_TRUE(SameFourVector(testing::FinalStateSum(truth), truth.initial, 1e-9))
          << point.family << " event " << i;
      ASSERT_TRUE(testing::EveryDecayConserves(truth, 1e-9)) << point.family << " event " << i;
    }
  }
}

TEST(SimulatorTest, GluinoChainHasTheRightParticles) {
  std::optional<Simulator> made = Make(EveryFamily()[0], 12);
  ASSERT_TRUE(made.has_value());
  Simulator& simulator = *made;
  TruthEvent truth;
  for (int64_t i = 0; i < 200; ++i) {
    simulator.GenerateTruth(i, &truth);
    int gluinos = 0;
    int quarks = 0;
    int neutralinos = 0;
    for (const TruthParticle& particle : truth.particles) {
      if (particle.species < 0) continue;  // ISR
      const Species& species = simulator.model().particles.species(particle.species);
      if (species.name == "gluino") {
        ++gluinos;
        EXPECT_DOUBLE_EQ(particle.mass, 1600);
        EXPECT_NEAR(particle.p.Mass(), 1600, 1e-6 * particle.p.e);
      }
      quarks += particle.kind == ParticleKind::kLightQuark;
      neutralinos += particle.kind == ParticleKind::kInvisible;
    }
    EXPECT_EQ(gluinos, 2);
    EXPECT_EQ(quarks, 4);
    EXPECT_EQ(neutralinos, 2);
  }
}

TEST(SimulatorTest, SameSeedSameEventsDifferentSeedDifferentEvents) {
  for (const Point& point : EveryFamily()) {
    const std::vector<std::string> first = Lines(SimulateOrDie(point, 300, 7));
    EXPECT_EQ(Lines(SimulateOrDie(point, 300, 7)), first) << point.family;
    const std::vector<std::string> other = Lines(SimulateOrDie(point, 300, 8));
    int same = 0;
    for (size_t i = 0; i < first.size(); ++i) same += first[i] == other[i];
    EXPECT_EQ(same, 0) << point.family;
  }
}

TEST(SimulatorTest, EachEventDependsOnlyOnSeedAndIndex) {
  const Point& point = EveryFamily()[5];  // stop pairs: the longest decay chains
  const std::vector<std::string> all = Lines(SimulateOrDie(point, 200, 3));
  // A shorter run is a prefix; events made backwards, one by one, by a fresh simulator (as a
  // parallel worker would) are the same.
  const std::vector<std::string> prefix = Lines(SimulateOrDie(point, 50, 3));
  EXPECT_EQ(prefix, std::vector<std::string>(all.begin(), all.begin() + 50));
  std::optional<Simulator> made = Make(point, 3);
  ASSERT_TRUE(made.has_value());
  Simulator& simulator = *made;
  Event event;
  for (int64_t i = 199; i >= 0; --i) {
    simulator.Generate(i, &event);
    ASSERT_EQ(FormatDarkMachinesLine(event), all[i]) << "event " << i;
  }
}

TEST(SimulatorTest, EventsCarryIdsProcessAndWeight) {
  const std::vector<Event> events = SimulateOrDie(EveryFamily()[0], 3, 1);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].event_id, "1");
  EXPECT_EQ(events[2].event_id, "3");
  EXPECT_EQ(events[1].process_id, "gluino_mgluino1600_mneutralino800");
  EXPECT_EQ(events[1].weight, 1);
  // The background mixes channels under Dark Machines' process names.
  std::map<std::string, int> processes;
  for (const Event& event : SimulateOrDie(EveryFamily()[7], 2000, 1)) ++processes[event.process_id];
  EXPECT_EQ(processes.size(), 3u);
  EXPECT_NEAR(processes["zjets"], 800, 80);
  EXPECT_NEAR(processes["wjets"], 800, 80);
  EXPECT_NEAR(processes["ttbar"], 400, 60);
}

TEST(SimulatorTest, ObjectsOfEveryFamilyAreInsideTheAcceptance) {
  for (const Point& point : EveryFamily()) {
    int objects[kNumObjectTypes] = {};
    for (const Event& event : SimulateOrDie(point, 2000, 9)) {
      for (const PhysicsObject& object : event.objects) {
        ASSERT_LT(std::abs(object.eta), 2.5) << point.family;
        ASSERT_GE(object.pt, IsJet(object.type) ? 30 : 15) << point.family;
        ++objects[static_cast<int>(object.type)];
      }
    }
    EXPECT_GT(objects[static_cast<int>(ObjectType::kJet)], 1000) << point.family;
    if (point.family == "stop-pair" || point.family == "background") {
      EXPECT_GT(objects[static_cast<int>(ObjectType::kBJet)], 200) << point.family;
    }
    if (point.family == "background") {  // W -> e nu, mu nu, both charges
      for (ObjectType lepton : {ObjectType::kElectron, ObjectType::kPositron, ObjectType::kMuon,
                                ObjectType::kAntiMuon}) {
        EXPECT_GT(objects[static_cast<int>(lepton)], 50) << static_cast<int>(lepton);
      }
    } else {
      EXPECT_EQ(objects[static_cast<int>(ObjectType::kElectron)], 0) << point.family;
    }
  }
}

TEST(SimulatorTest, DarkMachinesFilesReadBackExactly) {
  const std::string dir = latentspace::testing::ScratchDir();
  for (const Point& point : EveryFamily()) {
    const std::vector<Event> events = SimulateOrDie(point, 500, 5);
    for (const std::string& path : {dir + "/sim.csv", dir + "/sim.csv.gz"}) {
      absl::StatusOr<std::unique_ptr<DarkMachinesWriter>> writer = DarkMachinesWriter::Create(path);
      ASSERT_TRUE(writer.ok()) << writer.status();
      for (const Event& event : events) ASSERT_TRUE((*writer)->Write(event).ok()) << point.family;
      ASSERT_TRUE((*writer)->Close().ok());
      absl::StatusOr<std::vector<Event>> read = ReadEventFile(path, EventFormat::kDarkMachines);
      ASSERT_TRUE(read.ok()) << read.status();
      EXPECT_TRUE(*read == events) << point.family << " via " << path;
    }
  }
}

TEST(SimulatorTest, BadRequestsAreErrorsNotCrashes) {
  EXPECT_TRUE(absl::IsNotFound(Simulator::Create("nope", {}, 1).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(
      Simulator::Create("gluino", {{"mgluino", 1000}, {"mneutralino", 2000}}, 1).status()));
  EXPECT_THAT(Simulate("gluino", {{"mgluino", 1000}, {"mneutralino", 1}}, -1, 1).status().message(),
              ::testing::HasSubstr("events = -1 is negative"));
}

}  // namespace
}  // namespace latentspace::sim
