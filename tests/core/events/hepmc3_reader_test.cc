// Tests of the HepMC reader: generator events built here, written with HepMC3's own writers
// (HepMC3 and HepMC2 ASCII, plain and gzip) and read back into jets, b jets, isolated leptons and
// photons and truth MET whose values are known from the constituents; and malformed files.
#include "core/events/hepmc3_reader.h"

#include <stdlib.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "HepMC3/Attribute.h"
#include "HepMC3/GenEvent.h"
#include "HepMC3/GenParticle.h"
#include "HepMC3/GenRunInfo.h"
#include "HepMC3/GenVertex.h"
#include "HepMC3/Setup.h"
#include "HepMC3/WriterAscii.h"
#include "HepMC3/WriterAsciiHepMC2.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;

// A four-momentum in GeV.
struct P4 {
  double px = 0, py = 0, pz = 0, e = 0;

  P4& operator+=(const P4& other) {
    px += other.px;
    py += other.py;
    pz += other.pz;
    e += other.e;
    return *this;
  }
  double pt() const { return std::hypot(px, py); }
  double eta() const { return std::asinh(pz / pt()); }
  double phi() const { return std::atan2(py, px); }
};

P4 FromPtEtaPhiM(double pt, double eta, double phi, double mass) {
  P4 p;
  p.px = pt * std::cos(phi);
  p.py = pt * std::sin(phi);
  p.pz = pt * std::sinh(eta);
  p.e = std::sqrt(p.px * p.px + p.py * p.py + p.pz * p.pz + mass * mass);
  return p;
}

constexpr double kPionMass = 0.13957;
constexpr double kKaonMass = 0.49368;
constexpr double kMuonMass = 0.10566;
constexpr double kElectronMass = 0.000511;

// What the reader must make of a fake event, with default options.
struct Expected {
  P4 jet1;         // light jet: pions, a kaon, a non-isolated muon and photon, a soft B0's pions
  P4 jet2;         // b jet: pions, and a B+ (pt ~29 GeV) whose decay pions it contains
  P4 forward_jet;  // an electron at eta 3, outside the lepton acceptance, so clustered
  P4 antimuon;     // isolated, with a 3 GeV pion at dR 0.2 (cone sum / pt = 0.086)
  P4 positron;
  P4 photon;
  P4 soft_electron;  // 8 GeV: below the lepton cut, clustered into a jet below the jet cut
  P4 forward_pion;   // eta 5.5: a jet beyond jet_max_abs_eta
  P4 soft_pion;      // the pion near the antimuon
  P4 invisible;      // neutrino + neutralino
  double met() const { return invisible.pt(); }
  double met_phi() const { return invisible.phi(); }
};

struct FakeEventSpec {
  int number = 101;
  double weight = 1.0;
  HepMC3::Units::MomentumUnit unit = HepMC3::Units::GEV;
  int jet1_parton = 1;        // the pdg id of the parton jet 1 comes from (5 for a b quark)
  int signal_process_id = 0;  // written as an event attribute when non-zero
  double photon_pt = 50;      // the isolated photon's pt
  double nan_pion_px = 0;     // when NaN, the leading pion of jet 1 gets this px
};

FakeEventSpec Spec(int number, double weight, HepMC3::Units::MomentumUnit unit,
                   int signal_process_id = 0) {
  FakeEventSpec spec;
  spec.number = number;
  spec.weight = weight;
  spec.unit = unit;
  spec.signal_process_id = signal_process_id;
  return spec;
}

// Builds a hadron-collider event with a consistent history: two beam protons into a hard vertex,
// partons that fragment into collinear hadrons, a B hadron decay, leptons, a photon, invisibles.
class FakeEventBuilder {
 public:
  FakeEventBuilder(const FakeEventSpec& spec, std::shared_ptr<HepMC3::GenRunInfo> run_info)
      : spec_(spec),
        event_(std::make_shared<HepMC3::GenEvent>(spec.unit, HepMC3::Units::MM)),
        scale_(spec.unit == HepMC3::Units::MEV ? 1000.0 : 1.0) {
    event_->set_event_number(spec.number);
    event_->set_run_info(std::move(run_info));
    event_->weights().assign(1, spec.weight);
    if (spec.signal_process_id != 0) {
      event_->add_attribute("signal_process_id",
                            std::make_shared<HepMC3::IntAttribute>(spec.signal_process_id));
    }
  }

  std::shared_ptr<HepMC3::GenEvent> Build(Expected* expected) {
    auto hard = std::make_shared<HepMC3::GenVertex>();
    hard->add_particle_in(Particle(P4{0, 0, 6500, 6500}, 2212, 4));
    hard->add_particle_in(Particle(P4{0, 0, -6500, 6500}, 2212, 4));
    event_->add_vertex(hard);

    // Jet 1 around (eta, phi) = (0.5, 0.3).
    {
      std::vector<std::pair<P4, int>> products = {
          {FromPtEtaPhiM(40, 0.52, 0.31, kPionMass), 211},
          {FromPtEtaPhiM(25, 0.45, 0.27, kPionMass), -211},
          {FromPtEtaPhiM(15, 0.50, 0.25, kKaonMass), 321},
          {FromPtEtaPhiM(12, 0.48, 0.33, kMuonMass), 13},  // inside the jet: not isolated
          {FromPtEtaPhiM(11, 0.55, 0.35, 0), 22},          // inside the jet: not isolated
      };
      const std::vector<std::pair<P4, int>> b0_decay = {
          {FromPtEtaPhiM(1.6, 0.51, 0.29, kPionMass), 211},
          {FromPtEtaPhiM(1.4, 0.49, 0.31, kPionMass), -211},
      };
      P4 b0;  // pt ~3 GeV: below the b-tag threshold
      for (const auto& [p, pdg] : b0_decay) b0 += p;
      P4 parton = b0;
      for (const auto& [p, pdg] : products) parton += p;
      auto fragmentation = Decay(hard, parton, spec_.jet1_parton, 23);
      if (std::isnan(spec_.nan_pion_px)) products[0].first.px = spec_.nan_pion_px;
      for (const auto& [p, pdg] : products) {
        fragmentation->add_particle_out(Particle(p, pdg, 1));
        expected->jet1 += p;
      }
      auto b0_vertex = Decay(fragmentation, b0, 511, 2);
      for (const auto& [p, pdg] : b0_decay) {
        b0_vertex->add_particle_out(Particle(p, pdg, 1));
        expected->jet1 += p;
      }
    }

    // Jet 2 around (-0.8, -2.4), from a light quark, with a B+ inside.
    {
      const std::vector<std::pair<P4, int>> products = {
          {FromPtEtaPhiM(30, -0.78, -2.38, kPionMass), 211},
          {FromPtEtaPhiM(12, -0.85, -2.45, kPionMass), -211},
      };
      const std::vector<std::pair<P4, int>> b_decay = {
          {FromPtEtaPhiM(14, -0.82, -2.36, kPionMass), 211},
          {FromPtEtaPhiM(9, -0.76, -2.43, kPionMass), -211},
          {FromPtEtaPhiM(6, -0.80, -2.40, kKaonMass), 321},
      };
      P4 b_plus;
      for (const auto& [p, pdg] : b_decay) b_plus += p;
      P4 parton = b_plus;
      for (const auto& [p, pdg] : products) parton += p;
      auto fragmentation = Decay(hard, parton, 2, 23);
      for (const auto& [p, pdg] : products) {
        fragmentation->add_particle_out(Particle(p, pdg, 1));
        expected->jet2 += p;
      }
      auto b_vertex = Decay(fragmentation, b_plus, 521, 2);
      for (const auto& [p, pdg] : b_decay) {
        b_vertex->add_particle_out(Particle(p, pdg, 1));
        expected->jet2 += p;
      }
    }

    expected->antimuon = Final(hard, FromPtEtaPhiM(35, -1.2, 1.6, kMuonMass), -13);
    expected->soft_pion = Final(hard, FromPtEtaPhiM(3, -1.08, 1.76, kPionMass), 211);  // dR 0.2
    expected->positron = Final(hard, FromPtEtaPhiM(28, 1.5, -1.0, kElectronMass), -11);
    expected->photon = Final(hard, FromPtEtaPhiM(spec_.photon_pt, -0.2, -0.6, 0), 22);
    expected->forward_jet = Final(hard, FromPtEtaPhiM(30, 3.0, 2.8, kElectronMass), 11);
    expected->soft_electron = Final(hard, FromPtEtaPhiM(8, 0.0, 2.6, kElectronMass), 11);
    expected->forward_pion = Final(hard, FromPtEtaPhiM(40, 5.5, -0.5, kPionMass), -211);
    P4 neutrino = Final(hard, P4{30, 40, 20, std::sqrt(30 * 30 + 40 * 40 + 20 * 20)}, 14);
    P4 neutralino =
        Final(hard, P4{-10, 25, -50, std::sqrt(10 * 10 + 25 * 25 + 50 * 50 + 100 * 100)}, 1000022);
    expected->invisible = neutrino;
    expected->invisible += neutralino;
    return event_;
  }

 private:
  HepMC3::GenParticlePtr Particle(const P4& p, int pdg, int status) const {
    return std::make_shared<HepMC3::GenParticle>(
        HepMC3::FourVector(p.px * scale_, p.py * scale_, p.pz * scale_, p.e * scale_), pdg, status);
  }
  // Adds an unstable particle out of `from` and returns its decay vertex.
  HepMC3::GenVertexPtr Decay(const HepMC3::GenVertexPtr& from, const P4& p, int pdg, int status) {
    HepMC3::GenParticlePtr particle = Particle(p, pdg, status);
    from->add_particle_out(particle);
    auto vertex = std::make_shared<HepMC3::GenVertex>();
    vertex->add_particle_in(particle);
    event_->add_vertex(vertex);
    return vertex;
  }
  P4 Final(const HepMC3::GenVertexPtr& from, const P4& p, int pdg) {
    from->add_particle_out(Particle(p, pdg, 1));
    return p;
  }

  FakeEventSpec spec_;
  std::shared_ptr<HepMC3::GenEvent> event_;
  double scale_;
};

std::shared_ptr<HepMC3::GenRunInfo> MakeRunInfo() {
  auto run_info = std::make_shared<HepMC3::GenRunInfo>();
  run_info->set_weight_names({"nominal"});
  return run_info;
}

std::shared_ptr<HepMC3::GenEvent> MakeFakeEvent(
    const FakeEventSpec& spec, Expected* expected,
    std::shared_ptr<HepMC3::GenRunInfo> run_info = MakeRunInfo()) {
  return FakeEventBuilder(spec, std::move(run_info)).Build(expected);
}

enum class Listing { kHepMC3, kHepMC2 };

// The events as HepMC writes them.
std::string Serialise(const std::vector<FakeEventSpec>& specs, Listing listing) {
  HepMC3::Setup::set_print_warnings(false);  // WriterAsciiHepMC2 warns that HepMC2 is outdated
  auto run_info = MakeRunInfo();
  std::ostringstream out;
  Expected unused;
  if (listing == Listing::kHepMC3) {
    HepMC3::WriterAscii writer(out, run_info);
    for (const FakeEventSpec& spec : specs)
      writer.write_event(*MakeFakeEvent(spec, &unused, run_info));
    writer.close();
  } else {
    HepMC3::WriterAsciiHepMC2 writer(out, run_info);
    for (const FakeEventSpec& spec : specs)
      writer.write_event(*MakeFakeEvent(spec, &unused, run_info));
    writer.close();
  }
  return out.str();
}

// A fresh directory per test, removed afterwards.
class HepMC3ReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "hepmc3_reader_test.XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  std::string WriteFile(const std::string& name, const std::string& content) {
    std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }
  std::string WriteGzipFile(const std::string& name, const std::string& content) {
    std::string path = (dir_ / name).string();
    gzFile file = gzopen(path.c_str(), "wb");
    EXPECT_NE(file, nullptr);
    EXPECT_EQ(gzwrite(file, content.data(), static_cast<unsigned>(content.size())),
              static_cast<int>(content.size()));
    EXPECT_EQ(gzclose(file), Z_OK);
    return path;
  }

  std::filesystem::path dir_;
};

absl::StatusOr<std::vector<Event>> ReadAll(const std::string& path,
                                           const HepMC3ReaderOptions& options = {}) {
  LATENT_ASSIGN_OR_RETURN(std::unique_ptr<HepMC3Reader> reader, HepMC3Reader::Open(path, options));
  std::vector<Event> events;
  Event event;
  while (true) {
    LATENT_ASSIGN_OR_RETURN(bool more, reader->Next(&event));
    if (!more) break;
    events.push_back(event);
  }
  // The end is stable.
  absl::StatusOr<bool> again = reader->Next(&event);
  EXPECT_TRUE(again.ok() && !*again);
  EXPECT_EQ(reader->bytes_consumed(), reader->file_bytes());
  EXPECT_EQ(reader->file_bytes(), static_cast<int64_t>(std::filesystem::file_size(path)));
  return events;
}

// Tolerance: 1e-6 relative, for values of order one 1e-6 absolute.
void ExpectNear(double actual, double expected, const std::string& what) {
  EXPECT_NEAR(actual, expected, 1e-6 * std::max(1.0, std::abs(expected))) << what;
}

void ExpectObject(const PhysicsObject& object, ObjectType type, const P4& expected,
                  const std::string& what) {
  EXPECT_EQ(object.type, type) << what;
  ExpectNear(object.e, expected.e, what + " E");
  ExpectNear(object.pt, expected.pt(), what + " pt");
  ExpectNear(object.eta, expected.eta(), what + " eta");
  ExpectNear(object.phi, expected.phi(), what + " phi");
}

// The objects of a fake event with default options, in decreasing pt: jet 1 (~106 GeV),
// b jet 2 (~71), photon (50), antimuon (35), forward jet (30), positron (28).
void ExpectFakeObjects(const Event& event, const Expected& expected) {
  ASSERT_EQ(event.objects.size(), 6u);
  ExpectObject(event.objects[0], ObjectType::kJet, expected.jet1, "jet 1");
  ExpectObject(event.objects[1], ObjectType::kBJet, expected.jet2, "b jet 2");
  ExpectObject(event.objects[2], ObjectType::kPhoton, expected.photon, "photon");
  ExpectObject(event.objects[3], ObjectType::kAntiMuon, expected.antimuon, "antimuon");
  ExpectObject(event.objects[4], ObjectType::kJet, expected.forward_jet, "forward jet");
  ExpectObject(event.objects[5], ObjectType::kPositron, expected.positron, "positron");
  ExpectNear(event.met, expected.met(), "met");
  ExpectNear(event.met_phi, expected.met_phi(), "met_phi");
}

TEST(ConvertGenEventTest, BuildsJetsLeptonsPhotonsAndMetFromTheRecord) {
  Expected expected;
  auto gen_event = MakeFakeEvent(Spec(7, 0.25, HepMC3::Units::GEV), &expected);
  HepMC3ReaderOptions options;
  options.process_id = "fake";
  Event event;
  ASSERT_TRUE(ConvertGenEvent(*gen_event, options, &event).ok());
  EXPECT_EQ(event.event_id, "7");
  EXPECT_EQ(event.process_id, "fake");
  EXPECT_EQ(event.weight, 0.25);
  ExpectFakeObjects(event, expected);
  // The expected values are not trivially satisfied: MET comes from both invisibles.
  EXPECT_NEAR(event.met, std::hypot(20.0, 65.0), 1e-9);
  EXPECT_NEAR(event.met_phi, std::atan2(65.0, 20.0), 1e-9);
  // No muon or photon is made of the ones inside jet 1.
  for (const PhysicsObject& object : event.objects) EXPECT_NE(object.type, ObjectType::kMuon);
}

TEST(ConvertGenEventTest, ReusesEventStorage) {
  Expected expected;
  auto gen_event = MakeFakeEvent({}, &expected);
  HepMC3ReaderOptions options;
  options.process_id = "fake";
  Event event;
  event.objects.resize(20);
  event.met = 1e3;
  ASSERT_TRUE(ConvertGenEvent(*gen_event, options, &event).ok());
  ExpectFakeObjects(event, expected);
}

TEST(ConvertGenEventTest, ConvertsMevToGev) {
  Expected in_gev, in_mev;
  auto gev = MakeFakeEvent(Spec(1, 1, HepMC3::Units::GEV), &in_gev);
  auto mev = MakeFakeEvent(Spec(1, 1, HepMC3::Units::MEV), &in_mev);
  HepMC3ReaderOptions options;
  options.process_id = "fake";
  Event from_gev, from_mev;
  ASSERT_TRUE(ConvertGenEvent(*gev, options, &from_gev).ok());
  ASSERT_TRUE(ConvertGenEvent(*mev, options, &from_mev).ok());
  ExpectFakeObjects(from_mev, in_gev);
  ASSERT_EQ(from_mev.objects.size(), from_gev.objects.size());
  for (size_t i = 0; i < from_gev.objects.size(); ++i) {
    ExpectNear(from_mev.objects[i].pt, from_gev.objects[i].pt, "pt");
  }
}

TEST(ConvertGenEventTest, BQuarkTagsTheJetAndSoftBHadronDoesNot) {
  Expected expected;
  HepMC3ReaderOptions options;
  options.process_id = "fake";
  Event event;
  // Jet 1 holds a B0 of ~3 GeV: below btag_min_pt, so light by default ...
  auto light = MakeFakeEvent({}, &expected);
  ASSERT_TRUE(ConvertGenEvent(*light, options, &event).ok());
  EXPECT_EQ(event.objects[0].type, ObjectType::kJet);
  // ... b-tagged when the threshold is lowered ...
  HepMC3ReaderOptions low_threshold = options;
  low_threshold.btag_min_pt = 2;
  ASSERT_TRUE(ConvertGenEvent(*light, low_threshold, &event).ok());
  EXPECT_EQ(event.objects[0].type, ObjectType::kBJet);
  // ... and b-tagged when it comes from a b quark.
  FakeEventSpec b_quark;
  b_quark.jet1_parton = 5;
  auto from_b = MakeFakeEvent(b_quark, &expected);
  ASSERT_TRUE(ConvertGenEvent(*from_b, options, &event).ok());
  EXPECT_EQ(event.objects[0].type, ObjectType::kBJet);
  EXPECT_EQ(event.objects[1].type, ObjectType::kBJet);
  // A cone too small to reach the B+ (0.04 from the jet axis at most) leaves jet 2 light.
  HepMC3ReaderOptions tiny_cone = options;
  tiny_cone.btag_cone = 1e-4;
  ASSERT_TRUE(ConvertGenEvent(*light, tiny_cone, &event).ok());
  EXPECT_EQ(event.objects[1].type, ObjectType::kJet);
}

TEST(ConvertGenEventTest, NonIsolatedLeptonIsClusteredIntoAJet) {
  Expected expected;
  auto gen_event = MakeFakeEvent({}, &expected);
  HepMC3ReaderOptions options;
  options.process_id = "fake";
  options.isolation_max_ratio = 0.05;  // the antimuon's neighbour carries 3/35 = 0.086
  Event event;
  ASSERT_TRUE(ConvertGenEvent(*gen_event, options, &event).ok());
  P4 muon_jet = expected.antimuon;
  muon_jet += expected.soft_pion;
  ASSERT_EQ(event.objects.size(), 6u);
  ExpectObject(event.objects[3], ObjectType::kJet, muon_jet, "antimuon jet");
  for (const PhysicsObject& object : event.objects) EXPECT_NE(object.type, ObjectType::kAntiMuon);
}

TEST(ConvertGenEventTest, JetAndLeptonCutsApply) {
  Expected expected;
  auto gen_event = MakeFakeEvent({}, &expected);
  HepMC3ReaderOptions options;
  options.process_id = "fake";
  options.jet_min_pt = 80;     // keeps jet 1 only
  options.lepton_min_pt = 30;  // drops the positron (28), which then forms a 28 GeV "jet" < 80
  options.photon_min_pt = 60;  // drops the photon (50)
  Event event;
  ASSERT_TRUE(ConvertGenEvent(*gen_event, options, &event).ok());
  ASSERT_EQ(event.objects.size(), 2u);
  ExpectObject(event.objects[0], ObjectType::kJet, expected.jet1, "jet 1");
  ExpectObject(event.objects[1], ObjectType::kAntiMuon, expected.antimuon, "antimuon");

  // Wider jet acceptance lets the eta 5.5 pion through as a jet.
  HepMC3ReaderOptions wide;
  wide.process_id = "fake";
  wide.jet_max_abs_eta = 6;
  ASSERT_TRUE(ConvertGenEvent(*gen_event, wide, &event).ok());
  ASSERT_EQ(event.objects.size(), 7u);
  ExpectObject(event.objects[3], ObjectType::kJet, expected.forward_pion, "eta 5.5 jet");
}

TEST(ConvertGenEventTest, ExtraInvisibleIdsJoinTheMet) {
  Expected expected;
  auto gen_event = MakeFakeEvent({}, &expected);
  HepMC3ReaderOptions options;
  options.process_id = "fake";
  options.extra_invisible_pdg_ids = {11};  // both signs: the positron and the two electrons
  Event event;
  ASSERT_TRUE(ConvertGenEvent(*gen_event, options, &event).ok());
  P4 invisible = expected.invisible;
  invisible += expected.positron;
  invisible += expected.forward_jet;
  invisible += expected.soft_electron;
  ExpectNear(event.met, invisible.pt(), "met");
  ExpectNear(event.met_phi, invisible.phi(), "met_phi");
  ASSERT_EQ(event.objects.size(), 4u);  // jet 1, b jet 2, photon, antimuon
  EXPECT_EQ(event.objects[3].type, ObjectType::kAntiMuon);
}

TEST(ConvertGenEventTest, ProcessIdFromAttributeElseOption) {
  Expected expected;
  HepMC3ReaderOptions options;
  options.process_id = "fallback";
  Event event;
  ASSERT_TRUE(ConvertGenEvent(*MakeFakeEvent(Spec(1, 1, HepMC3::Units::GEV, 1234), &expected),
                              options, &event)
                  .ok());
  EXPECT_EQ(event.process_id, "1234");
  ASSERT_TRUE(ConvertGenEvent(*MakeFakeEvent({}, &expected), options, &event).ok());
  EXPECT_EQ(event.process_id, "fallback");
  // A run-level attribute serves every event of the run.
  auto run_info = MakeRunInfo();
  run_info->add_attribute("signal_process_id", std::make_shared<HepMC3::StringAttribute>("ttbar"));
  ASSERT_TRUE(ConvertGenEvent(*MakeFakeEvent({}, &expected, run_info), options, &event).ok());
  EXPECT_EQ(event.process_id, "ttbar");
}

TEST(ConvertGenEventTest, RejectsNonFiniteMomentumAndInvalidOptions) {
  Expected expected;
  HepMC3ReaderOptions options;
  options.process_id = "fake";
  Event event;
  FakeEventSpec nan_spec;
  nan_spec.nan_pion_px = std::numeric_limits<double>::quiet_NaN();
  const absl::Status nan = ConvertGenEvent(*MakeFakeEvent(nan_spec, &expected), options, &event);
  EXPECT_EQ(nan.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(nan.message()), HasSubstr("(pdg 211): momentum"));
  EXPECT_THAT(std::string(nan.message()), HasSubstr("is not finite"));

  HepMC3ReaderOptions bad = options;
  bad.jet_radius = 0;
  const absl::Status status = ConvertGenEvent(*MakeFakeEvent({}, &expected), bad, &event);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("jet_radius"));
}

TEST(ConvertGenEventTest, ValidatesTheResult) {
  Expected expected;
  HepMC3ReaderOptions options;
  options.process_id = "fake";
  Event event;
  FakeEventSpec huge;
  huge.photon_pt = 150000;  // 150 TeV
  const absl::Status status = ConvertGenEvent(*MakeFakeEvent(huge, &expected), options, &event);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("object 1 (g)"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("exceeds 140 TeV"));
}

// Two events: number 101 in GeV with weight 2.5 and a process attribute, number 102 in MeV with
// weight 0.5 and none.
const std::vector<FakeEventSpec> kTwoEvents = {
    Spec(101, 2.5, HepMC3::Units::GEV, 1234),
    Spec(102, 0.5, HepMC3::Units::MEV),
};

void ExpectTwoEvents(const absl::StatusOr<std::vector<Event>>& events,
                     const std::string& default_process) {
  ASSERT_TRUE(events.ok()) << events.status();
  ASSERT_EQ(events->size(), 2u);
  Expected expected;
  MakeFakeEvent({}, &expected);
  EXPECT_EQ((*events)[0].event_id, "101");
  EXPECT_EQ((*events)[0].process_id, "1234");
  EXPECT_EQ((*events)[0].weight, 2.5);
  ExpectFakeObjects((*events)[0], expected);
  EXPECT_EQ((*events)[1].event_id, "102");
  EXPECT_EQ((*events)[1].process_id, default_process);
  EXPECT_EQ((*events)[1].weight, 0.5);
  ExpectFakeObjects((*events)[1], expected);
}

TEST_F(HepMC3ReaderTest, ReadsHepMC3File) {
  const std::string text = Serialise(kTwoEvents, Listing::kHepMC3);
  ASSERT_THAT(text, HasSubstr("HepMC::Asciiv3-START_EVENT_LISTING"));
  ASSERT_THAT(text, HasSubstr("U MEV MM"));
  ExpectTwoEvents(ReadAll(WriteFile("fake_events.hepmc", text)), "fake_events");
}

TEST_F(HepMC3ReaderTest, ReadsHepMC2File) {
  const std::string text = Serialise(kTwoEvents, Listing::kHepMC2);
  ASSERT_THAT(text, HasSubstr("HepMC::IO_GenEvent-START_EVENT_LISTING"));
  ExpectTwoEvents(ReadAll(WriteFile("fake_events.hepmc2", text)), "fake_events");
}

TEST_F(HepMC3ReaderTest, ReadsGzipFileAndLeadingBlankLines) {
  const std::string text = "\n\n" + Serialise(kTwoEvents, Listing::kHepMC3);
  ExpectTwoEvents(ReadAll(WriteGzipFile("ttbar.hepmc3.gz", text)), "ttbar");
}

TEST_F(HepMC3ReaderTest, ProcessIdOptionIsTheDefault) {
  HepMC3ReaderOptions options;
  options.process_id = "signal";
  ExpectTwoEvents(ReadAll(WriteFile("x.hepmc", Serialise(kTwoEvents, Listing::kHepMC3)), options),
                  "signal");
}

TEST_F(HepMC3ReaderTest, ReportsProgress) {
  std::vector<FakeEventSpec> many(50);
  for (int i = 0; i < 50; ++i) many[i].number = i;
  const std::string path = WriteFile("many.hepmc", Serialise(many, Listing::kHepMC3));
  absl::StatusOr<std::unique_ptr<HepMC3Reader>> reader = HepMC3Reader::Open(path, {});
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_EQ((*reader)->file_bytes(), static_cast<int64_t>(std::filesystem::file_size(path)));
  Event event;
  int count = 0;
  while (true) {
    absl::StatusOr<bool> more = (*reader)->Next(&event);
    ASSERT_TRUE(more.ok()) << more.status();
    if (!*more) break;
    EXPECT_EQ(event.event_id, std::to_string(count));
    EXPECT_GT((*reader)->bytes_consumed(), 0);
    EXPECT_LE((*reader)->bytes_consumed(), (*reader)->file_bytes());
    ++count;
  }
  EXPECT_EQ(count, 50);
  EXPECT_EQ((*reader)->bytes_consumed(), (*reader)->file_bytes());
}

TEST_F(HepMC3ReaderTest, MissingFileIsNotFound) {
  const std::string path = (dir_ / "absent.hepmc").string();
  absl::StatusOr<std::unique_ptr<HepMC3Reader>> reader = HepMC3Reader::Open(path, {});
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(reader.status().message(), path + ": no such file");
}

TEST_F(HepMC3ReaderTest, DirectoryIsRejected) {
  absl::StatusOr<std::unique_ptr<HepMC3Reader>> reader = HepMC3Reader::Open(dir_.string(), {});
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(reader.status().message()), HasSubstr("directory"));
}

TEST_F(HepMC3ReaderTest, InvalidOptionsAreRejected) {
  const std::string path = WriteFile("x.hepmc", Serialise(kTwoEvents, Listing::kHepMC3));
  HepMC3ReaderOptions options;
  options.isolation_cone = -1;
  absl::StatusOr<std::unique_ptr<HepMC3Reader>> reader = HepMC3Reader::Open(path, options);
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(reader.status().message()), HasSubstr("isolation_cone = -1"));
}

TEST_F(HepMC3ReaderTest, TextFileIsNotHepMC) {
  const std::string path =
      WriteFile("events.hepmc", "179903555;njets;1;351709;-2.56781;j,672376,506951,0.78,0.90;\n");
  absl::StatusOr<std::unique_ptr<HepMC3Reader>> reader = HepMC3Reader::Open(path, {});
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(reader.status().message()),
              HasSubstr(path + ":1: not a HepMC file (first line '179903555;njets;"));
}

TEST_F(HepMC3ReaderTest, BinaryFileIsNotHepMC) {
  const std::string path = WriteFile("junk.hepmc", std::string("\x7f"
                                                               "ELF\0\1\2",
                                                               7));
  absl::StatusOr<std::unique_ptr<HepMC3Reader>> reader = HepMC3Reader::Open(path, {});
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(reader.status().message()),
              HasSubstr(":1: not a HepMC file (first line '\\x7f\\x45LF\\x00"));
}

TEST_F(HepMC3ReaderTest, UnsupportedListingIsRejected) {
  const std::string path =
      WriteFile("old.hepmc", "HepMC::Version 1.0\nHepMC::IO_Ascii-START_EVENT_LISTING\nE 1\n");
  absl::StatusOr<std::unique_ptr<HepMC3Reader>> reader = HepMC3Reader::Open(path, {});
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(reader.status().message()),
              HasSubstr(path + ":2: not a HepMC ASCII event listing (line "
                               "'HepMC::IO_Ascii-START_EVENT_LISTING'"));
}

void ExpectNoEvents(const std::string& path) {
  absl::StatusOr<std::unique_ptr<HepMC3Reader>> reader = HepMC3Reader::Open(path, {});
  ASSERT_TRUE(reader.ok()) << reader.status();
  Event event;
  for (int attempt = 0; attempt < 2; ++attempt) {  // the error sticks
    absl::StatusOr<bool> more = (*reader)->Next(&event);
    ASSERT_FALSE(more.ok());
    EXPECT_EQ(more.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(more.status().message(), path + ": holds no events (empty file)");
  }
}

TEST_F(HepMC3ReaderTest, EmptyFileHoldsNoEvents) {
  ExpectNoEvents(WriteFile("empty.hepmc", ""));
  ExpectNoEvents(WriteFile("blank.hepmc", "\n  \n"));
  ExpectNoEvents(WriteGzipFile("empty.hepmc.gz", ""));
}

TEST_F(HepMC3ReaderTest, ListingWithoutEventsHoldsNoEvents) {
  ExpectNoEvents(WriteFile("v3.hepmc", Serialise({}, Listing::kHepMC3)));
  ExpectNoEvents(WriteFile("v2.hepmc", Serialise({}, Listing::kHepMC2)));
}

// Reads `path` expecting `good` events and then the error.
absl::Status ReadExpectingError(const std::string& path, int good) {
  absl::StatusOr<std::unique_ptr<HepMC3Reader>> reader = HepMC3Reader::Open(path, {});
  EXPECT_TRUE(reader.ok()) << reader.status();
  if (!reader.ok()) return reader.status();
  Event event;
  for (int i = 0; i < good; ++i) {
    absl::StatusOr<bool> more = (*reader)->Next(&event);
    EXPECT_TRUE(more.ok() && *more) << "event " << i + 1 << ": " << more.status();
  }
  absl::StatusOr<bool> more = (*reader)->Next(&event);
  EXPECT_FALSE(more.ok());
  if (more.ok()) return absl::OkStatus();
  absl::StatusOr<bool> again = (*reader)->Next(&event);
  EXPECT_EQ(again.status(), more.status());
  return more.status();
}

// A line the listing check refused: "PATH: event #N: malformed HepMC record (line L: PROBLEM)".
void ExpectRefusedLine(const absl::Status& status, const std::string& path, int event,
                       const std::string& problem) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr(absl::StrCat(path, ": event #", event, ": malformed HepMC record (line ")));
  EXPECT_THAT(std::string(status.message()), HasSubstr(": " + problem + ")"));
}

TEST_F(HepMC3ReaderTest, TruncatedEventIsMalformed) {
  std::string text = Serialise(kTwoEvents, Listing::kHepMC3);
  // Cut in the middle of the last particle line of the second event.
  text.resize(text.rfind("\nP ") + 20);
  const std::string path = WriteFile("cut.hepmc", text);
  const absl::Status status = ReadExpectingError(path, 1);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), path + ": event #2: malformed HepMC record");
}

TEST_F(HepMC3ReaderTest, GarbledParticleLineIsMalformed) {
  std::string text = Serialise(kTwoEvents, Listing::kHepMC3);
  const size_t line = text.find("\nP 3 ");
  ASSERT_NE(line, std::string::npos);
  text.replace(line, 5, "\nP x ");
  const std::string path = WriteFile("garbled.hepmc", text);
  ExpectRefusedLine(ReadExpectingError(path, 0), path, 1,
                    "the particle id is not an integer that fits in an int");
}

TEST_F(HepMC3ReaderTest, GarbledHepMC2ParticleLineIsMalformed) {
  std::string text = Serialise(kTwoEvents, Listing::kHepMC2);
  const size_t second_event = text.find("\nE ", text.find("\nE ") + 1);
  const size_t line = text.find("\nP ", second_event);
  ASSERT_NE(line, std::string::npos);
  text.resize(line + 10);  // "P 100xx 2" and nothing more
  text += "\nHepMC::IO_GenEvent-END_EVENT_LISTING\n";
  const std::string path = WriteFile("garbled.hepmc2", text);
  const absl::Status status = ReadExpectingError(path, 1);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr(path + ": event #2: "));
}

// Found by tests/fuzz/hepmc3_reader_fuzzer: HepMC3 3.1 crashes on a HepMC2 particle line that
// comes before the event's first vertex line. The first event is still read.
TEST_F(HepMC3ReaderTest, HepMC2ParticleBeforeAnyVertexIsMalformed) {
  std::string text = Serialise(kTwoEvents, Listing::kHepMC2);
  const size_t vertex = text.find("\nV ", text.find("\nE ", text.find("\nE ") + 1));
  ASSERT_NE(vertex, std::string::npos);
  text.erase(vertex, text.find('\n', vertex + 1) - vertex);
  const std::string path = WriteFile("no_vertex.hepmc2", text);
  ExpectRefusedLine(ReadExpectingError(path, 1), path, 2,
                    "a particle line before the event's first vertex line");
}

// Found by the fuzzer too: a count HepMC3 allocates before reading what it counts. A 60-byte file
// asked for 2 GB; now the line is refused before HepMC3 sees it.
TEST_F(HepMC3ReaderTest, CountsBeyondAnyEventAreRefusedUnread) {
  const std::string hepmc2 =
      WriteFile("counts.hepmc2", "HepMC::IO_GenEvent-START_EVENT_LISTING\nE           261590844\n");
  EXPECT_EQ(ReadExpectingError(hepmc2, 0).message(),
            hepmc2 +
                ": event #1: malformed HepMC record (line 2: the vertex count 261590844 is "
                "outside 0..1000000)");
  std::string text = Serialise(kTwoEvents, Listing::kHepMC3);
  const size_t second = text.find("\nE ", text.find("\nE ") + 1);
  text.replace(second, text.find('\n', second + 1) - second, "\nE 102 1 2000000000");
  const std::string hepmc3 = WriteFile("counts.hepmc", text);
  ExpectRefusedLine(ReadExpectingError(hepmc3, 1), hepmc3, 2,
                    "the particle count 2000000000 is outside 0..1000000");
}

// Found by the fuzzer: HepMC3 3.1 copies an attribute name into 64 bytes on the stack.
TEST_F(HepMC3ReaderTest, AttributeNameBeyondHepMC3sBufferIsMalformed) {
  std::string text = Serialise(kTwoEvents, Listing::kHepMC3);
  const size_t units = text.find("\nU ");
  ASSERT_NE(units, std::string::npos);
  text.insert(units, "\nA 0 signal" + std::string(60, 'G') + "_process_id 1");
  const std::string path = WriteFile("long_name.hepmc", text);
  ExpectRefusedLine(ReadExpectingError(path, 0), path, 1,
                    "the attribute name is longer than 63 characters");
}

TEST_F(HepMC3ReaderTest, MissingFooterMeansTruncated) {
  for (const Listing listing : {Listing::kHepMC3, Listing::kHepMC2}) {
    std::string text = Serialise(kTwoEvents, listing);
    // Drop everything from the footer on: both events are whole, the file is not.
    text.resize(text.find("HepMC::", text.find("_EVENT_LISTING") + 1));
    ASSERT_THAT(text, ::testing::Not(HasSubstr("END_EVENT_LISTING")));
    const std::string path = WriteFile("nofooter.hepmc", text);
    const absl::Status status = ReadExpectingError(path, 1);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(status.message(),
              path + ": event #2: the file ends without the END_EVENT_LISTING footer (truncated?)");
  }
}

TEST_F(HepMC3ReaderTest, HepMC2EventCutBetweenLinesIsTruncated) {
  // HepMC2 records carry no particle count HepMC3 checks, so only the footer shows the cut.
  std::string text = Serialise(kTwoEvents, Listing::kHepMC2);
  text.resize(text.rfind("\nP ") + 1);
  const std::string path = WriteFile("cut.hepmc2", text);
  const absl::Status status = ReadExpectingError(path, 1);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr(path + ": event #2: "));
}

TEST_F(HepMC3ReaderTest, ForeignListingInsideTheFileIsMalformed) {
  // HepMC3 stops reading at a HepMC header it does not know; that must not pass for the end.
  const std::string text =
      Serialise(kTwoEvents, Listing::kHepMC3) + Serialise(kTwoEvents, Listing::kHepMC2);
  const std::string path = WriteFile("mixed.hepmc", text);
  const absl::Status status = ReadExpectingError(path, 2);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(
      std::string(status.message()),
      HasSubstr(path + ": event #3: malformed HepMC record (reading stopped before the end"));
}

TEST_F(HepMC3ReaderTest, ConcatenatedListingsAreRead) {
  const std::string text =
      Serialise(kTwoEvents, Listing::kHepMC3) + Serialise(kTwoEvents, Listing::kHepMC3);
  absl::StatusOr<std::vector<Event>> events = ReadAll(WriteFile("twice.hepmc", text));
  ASSERT_TRUE(events.ok()) << events.status();
  ASSERT_EQ(events->size(), 4u);
  EXPECT_EQ((*events)[3].event_id, "102");
}

TEST_F(HepMC3ReaderTest, NanMomentumNamesTheEvent) {
  std::vector<FakeEventSpec> specs = kTwoEvents;
  specs[1].nan_pion_px = std::numeric_limits<double>::quiet_NaN();
  const std::string text = Serialise(specs, Listing::kHepMC3);
  ASSERT_THAT(text, HasSubstr("nan"));
  const std::string path = WriteFile("nan.hepmc", text);
  const absl::Status status = ReadExpectingError(path, 1);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr(path + ": event #2 (number 102): particle "));
  EXPECT_THAT(std::string(status.message()), HasSubstr("is not finite"));
}

TEST_F(HepMC3ReaderTest, InvalidEventNamesTheEvent) {
  std::vector<FakeEventSpec> specs = kTwoEvents;
  specs[0].photon_pt = 150000;  // 150 TeV
  const std::string path = WriteFile("huge.hepmc", Serialise(specs, Listing::kHepMC3));
  const absl::Status status = ReadExpectingError(path, 0);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr(path + ": event #1 (number 101): object 1 (g): E = "));
  EXPECT_THAT(std::string(status.message()), HasSubstr("exceeds 140 TeV"));
}

TEST_F(HepMC3ReaderTest, CorruptGzipIsDataLoss) {
  std::vector<FakeEventSpec> many(20);
  const std::string full = WriteGzipFile("full.hepmc.gz", Serialise(many, Listing::kHepMC3));
  std::ifstream in(full, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  bytes.resize(bytes.size() / 2);
  const std::string path = WriteFile("cut.hepmc.gz", bytes);
  absl::StatusOr<std::vector<Event>> events = ReadAll(path);
  ASSERT_FALSE(events.ok());
  EXPECT_EQ(events.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(std::string(events.status().message()), HasSubstr(path + ": event #"));
  EXPECT_THAT(std::string(events.status().message()), HasSubstr("cannot read"));
}

}  // namespace
}  // namespace latentspace
