// Tests of the Rapidity-Mass Matrix: matrices of small events worked out by hand cell by cell
// (MET, transverse masses, h_L, E_T, E_T imbalance, masses, rapidity differences, saturation,
// zero padding, truncation to N), the cell names, and the [0, 1] range on real Dark Machines
// events.
#include "core/features/rapidity_mass_matrix.h"

#include <cmath>
#include <map>
#include <set>

#include "core/features/feature_extraction.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/paths.h"

namespace latentspace {
namespace {

constexpr double kS = 13000;  // sqrt(s), GeV

PhysicsObject Object(ObjectType type, double e, double pt, double eta, double phi) {
  return {type, e, pt, eta, phi};
}

// The matrix as rows, for cell access m[row][col].
std::vector<std::vector<double>> Matrix(const Event& event, int objects_per_type) {
  std::vector<double> flat(RmmSize(objects_per_type));
  FillRapidityMassMatrix(event, objects_per_type, absl::MakeSpan(flat));
  const int side = 1 + kRmmObjectTypes * objects_per_type;
  std::vector<std::vector<double>> m(side);
  for (int r = 0; r < side; ++r)
    m[r].assign(flat.begin() + r * side, flat.begin() + (r + 1) * side);
  return m;
}

// Every cell is zero except those listed.
void ExpectOnlyCells(const std::vector<std::vector<double>>& m,
                     const std::map<std::pair<int, int>, double>& cells) {
  for (size_t r = 0; r < m.size(); ++r) {
    for (size_t c = 0; c < m.size(); ++c) {
      const auto it = cells.find({static_cast<int>(r), static_cast<int>(c)});
      EXPECT_NEAR(m[r][c], it == cells.end() ? 0.0 : it->second, 1e-12) << r << "," << c;
    }
  }
}

TEST(RapidityMassMatrixTest, AnEventWithoutObjectsHasOnlyItsMetInTheCorner) {
  Event event;
  event.met = 130;
  event.met_phi = 1;
  const std::vector<std::vector<double>> m = Matrix(event, 1);
  ASSERT_EQ(m.size(), 6u);
  ExpectOnlyCells(m, {{{0, 0}, 0.01}});
}

TEST(RapidityMassMatrixTest, TwoCentralJetsAndMet) {
  // Massless jets at eta = 0 (y = 0): 100 GeV along +x, 50 GeV along -x; MET 150 GeV along +y.
  Event event;
  event.met = 150;
  event.met_phi = M_PI / 2;
  event.objects = {Object(ObjectType::kJet, 100, 100, 0, 0),
                   Object(ObjectType::kJet, 50, 50, 0, M_PI)};
  // N = 2: slots 0 MET, 1-2 jets, 3-4 b-jets, 5-6 muons, 7-8 electrons, 9-10 photons.
  const std::vector<std::vector<double>> m = Matrix(event, 2);
  ASSERT_EQ(m.size(), 11u);
  ExpectOnlyCells(m, {
                         {{0, 0}, 150 / kS},
                         // m_T^2 = (100 + 150)^2 - 100^2 - 150^2 = 30000
                         {{0, 1}, std::sqrt(30000.0) / kS},
                         // m_T^2 = (50 + 150)^2 - 50^2 - 150^2 = 15000
                         {{0, 2}, std::sqrt(15000.0) / kS},
                         {{1, 1}, 100 / kS},
                         // E_T imbalance (100 - 50) / (100 + 50)
                         {{2, 2}, 1.0 / 3},
                         // m^2 = (100 + 50)^2 - (100 - 50)^2 = 20000; h(0) = 0 below
                         {{1, 2}, std::sqrt(20000.0) / kS},
                     });
}

TEST(RapidityMassMatrixTest, MassiveAndForwardObjectsAcrossTypes) {
  // A b-jet of mass 40 at rest in z (pt 30, E 50: E_T = E, y = 0); a massless mu+ of pt 20 at
  // eta 1 along +y; a massless e+ of pt 10 at eta 3 along +x; no MET.
  Event event;
  event.objects = {Object(ObjectType::kBJet, 50, 30, 0, 0),
                   Object(ObjectType::kAntiMuon, 20 * std::cosh(1.0), 20, 1, M_PI / 2),
                   Object(ObjectType::kPositron, 10 * std::cosh(3.0), 10, 3, 0)};
  // N = 1: slots 0 MET, 1 jet, 2 b-jet, 3 muon, 4 electron, 5 photon.
  const std::vector<std::vector<double>> m = Matrix(event, 1);
  const double c = 0.15;  // the paper's C
  ExpectOnlyCells(m, {
                         // m_T with no MET: sqrt(E_T^2 - pt^2) = sqrt(50^2 - 30^2) = 40; 0 for
                         // the massless leptons
                         {{0, 2}, 40 / kS},
                         // h_L = C (cosh y - 1): 0 for the b-jet; C (cosh 3 - 1) = 1.36
                         // saturates at 1
                         {{3, 0}, c * (std::cosh(1.0) - 1)},
                         {{4, 0}, 1.0},
                         {{2, 2}, 50 / kS},
                         {{3, 3}, 20 / kS},
                         {{4, 4}, 10 / kS},
                         // m^2 = (50 + 20 cosh 1)^2 - 30^2 - 20^2 - (20 sinh 1)^2
                         {{2, 3}, std::sqrt(1600 + 2000 * std::cosh(1.0)) / kS},
                         // m^2 = (50 + 10 cosh 3)^2 - 40^2 - (10 sinh 3)^2
                         {{2, 4}, std::sqrt(1000 + 1000 * std::cosh(3.0)) / kS},
                         // massless pair: 2 pt pt' (cosh(1 - 3) - cos(pi / 2))
                         {{3, 4}, std::sqrt(400 * std::cosh(2.0)) / kS},
                         // h = C (cosh(dy / 2) - 1)
                         {{3, 2}, c * (std::cosh(0.5) - 1)},
                         {{4, 2}, c * (std::cosh(1.5) - 1)},
                         {{4, 3}, c * (std::cosh(1.0) - 1)},
                     });
}

TEST(RapidityMassMatrixTest, ObjectsAreOrderedByTransverseEnergyAndCutAtN) {
  // Three jets out of order (the 40 GeV one does not fit in N = 2), a photon, and mu-/mu+ sharing
  // the muon slots (the mu+ has the larger E_T).
  Event event;
  event.objects = {
      Object(ObjectType::kJet, 40, 40, 0, 0),        Object(ObjectType::kJet, 120, 120, 0, 0),
      Object(ObjectType::kPhoton, 30, 30, 0, M_PI),  Object(ObjectType::kMuon, 15, 15, 0, 0),
      Object(ObjectType::kJet, 80, 80, 0, M_PI / 2), Object(ObjectType::kAntiMuon, 25, 25, 0, 0)};
  const std::vector<std::vector<double>> m = Matrix(event, 2);
  EXPECT_NEAR(m[1][1], 120 / kS, 1e-15);
  EXPECT_NEAR(m[2][2], 0.2, 1e-15);  // (120 - 80) / (120 + 80)
  // m^2 = 2 x 120 x 80 (1 - cos(pi / 2)): the 40 GeV jet is not the second one.
  EXPECT_NEAR(m[1][2], std::sqrt(19200.0) / kS, 1e-15);
  EXPECT_NEAR(m[5][5], 25 / kS, 1e-15);
  EXPECT_NEAR(m[6][6], 0.25, 1e-15);  // (25 - 15) / (25 + 15)
  EXPECT_NEAR(m[9][9], 30 / kS, 1e-15);
  EXPECT_EQ(m[10][10], 0.0);  // no second photon
  EXPECT_EQ(m[3][3], 0.0);    // no b-jet
  // The photon (along -x) with the leading jet (along +x): m^2 = 2 x 120 x 30 x 2.
  EXPECT_NEAR(m[1][9], std::sqrt(14400.0) / kS, 1e-15);
  EXPECT_EQ(m[9][1], 0.0);  // both at y = 0
}

TEST(RapidityMassMatrixTest, CellNamesFollowTheLayout) {
  const std::vector<std::string> one = RmmFeatureNames(1);
  ASSERT_EQ(one.size(), 36u);
  EXPECT_EQ(one[0], "et_miss");
  EXPECT_EQ(one[1], "mt_jet1");
  EXPECT_EQ(one[5], "mt_photon1");
  EXPECT_EQ(one[6], "hl_jet1");
  EXPECT_EQ(one[7], "et_jet1");
  EXPECT_EQ(one[8], "m_jet1_bjet1");
  EXPECT_EQ(one[13], "h_jet1_bjet1");
  EXPECT_EQ(one[3 * 6 + 4], "m_muon1_electron1");
  EXPECT_EQ(one[4 * 6 + 3], "h_muon1_electron1");
  const std::vector<std::string> two = RmmFeatureNames(2);
  ASSERT_EQ(two.size(), 121u);
  EXPECT_EQ(two[2 * 11 + 2], "det_jet2");
  EXPECT_EQ(two[3 * 11 + 3], "et_bjet1");
  EXPECT_EQ(two[10 * 11 + 10], "det_photon2");
  EXPECT_EQ(std::set<std::string>(two.begin(), two.end()).size(), two.size());
  EXPECT_EQ(RmmFeatureNames(10).size(), 2601u);
}

TEST(RapidityMassMatrixTest, RealDarkMachinesEventsStayInTheUnitRange) {
  const FeaturePreset rmm = *FeaturePreset::Get("rmm");
  for (const char* file :
       {"background_chan1_7.79_reduced.csv.gz", "stop2b1000_neutralino300_chan1.csv.gz"}) {
    ExtractionCounts counts;
    absl::StatusOr<FeatureMatrix> matrix = ReadFeatures(
        testing::BundledDataDir() + "/" + file, EventFormat::kDarkMachines, rmm, {}, &counts);
    ASSERT_TRUE(matrix.ok()) << matrix.status();
    EXPECT_EQ(counts.skipped(), 0);
    EXPECT_EQ(matrix->rows(), counts.events);
    for (float value : matrix->values)
      ASSERT_TRUE(value >= 0 && value <= 1) << file << ": " << value;
    // Every event has MET and a leading jet, light (et_jet1, row 1 of 26) or b (et_bjet1, row 6).
    for (int64_t r = 0; r < matrix->rows(); ++r) {
      EXPECT_GT(matrix->row(r)[0], 0) << r;
      EXPECT_GT(matrix->row(r)[1 * 26 + 1] + matrix->row(r)[6 * 26 + 6], 0) << r;
    }
  }
}

}  // namespace
}  // namespace latentspace
