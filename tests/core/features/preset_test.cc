// Tests of the feature presets: names and counts from science.md, and values worked out by hand
// from raw Dark Machines lines.
#include "core/features/preset.h"

#include <cmath>

#include "core/events/darkmachines_reader.h"
#include "core/features/rapidity_mass_matrix.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace latentspace {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// The first background event: MET 351.709 GeV at phi -2.56781 and five jets (MeV in the file).
constexpr char kBackgroundLine[] =
    "179903555;njets;1;351709;-2.56781;j,672376,506951,0.784228,0.908651;j,871293,190715,-2.19848,"
    "-1.30233;j,231064,182993,-0.703586,-2.56212;j,917276,149536,-2.49886,0.295192;j,113939,"
    "61043.3,1.2301,2.64077;";

Event Parse(const char* line) {
  Event event;
  EXPECT_TRUE(ParseDarkMachinesLine(line, &event).ok());
  return event;
}

std::vector<double> Features(const FeaturePreset& preset, const Event& event,
                             FeatureOptions options = {}) {
  std::vector<double> out(preset.num_features());
  EXPECT_EQ(preset.Extract(event, options, absl::MakeSpan(out)), ExtractOutcome::kAccepted);
  return out;
}

TEST(FeaturePresetTest, NamesAndCountsAreThePapers) {
  EXPECT_EQ(FeaturePreset::Get("gluino")->num_features(), 23);
  EXPECT_EQ(FeaturePreset::Get("monojet")->num_features(), 9);
  EXPECT_EQ(FeaturePreset::Get("darkmachines")->num_features(), 17);
  EXPECT_THAT(FeaturePreset::Get("monojet")->feature_names(),
              ElementsAre("jet1_pt", "jet1_eta", "jet1_dphi", "jet1_m", "jet2_pt", "jet2_eta",
                          "jet2_dphi", "jet2_m", "met"));
  const std::vector<std::string> gluino = FeaturePreset::Get("gluino")->feature_names();
  EXPECT_EQ(gluino[0], "jet1_pt");
  EXPECT_EQ(gluino[3], "jet1_dphi");
  EXPECT_EQ(gluino[16], "met");
  EXPECT_EQ(gluino[17], "m2_jet1_jet2");
  EXPECT_EQ(gluino[22], "m2_jet3_jet4");
}

TEST(FeaturePresetTest, UnknownPresetListsTheKnownOnes) {
  absl::StatusOr<FeaturePreset> preset = FeaturePreset::Get("gluon");
  ASSERT_FALSE(preset.ok());
  EXPECT_THAT(preset.status().message(),
              HasSubstr("unknown feature preset 'gluon' (expected gluino, monojet, darkmachines, "
                        "rmm, rmm-N with N in 1..10 or columns:NAME,NAME,... naming feature-table "
                        "columns)"));
  for (const char* name : {"rmm-0", "rmm-11", "rmm-05", "rmm-", "rmm-+3", "rmm5", "RMM"}) {
    EXPECT_FALSE(FeaturePreset::Get(name).ok()) << name;
  }
}

TEST(FeaturePresetTest, HelpTextNamesEveryPresetGetTakesAndTheDefault) {
  const std::string help = FeaturePreset::DescribeNames();
  EXPECT_EQ(help,
            "gluino, monojet, darkmachines (default), rmm (= rmm-5), rmm-1 .. rmm-10 or "
            "columns:NAME,NAME,... (feature-table columns)");
  for (const std::string& name : FeaturePreset::KnownNames()) {
    EXPECT_THAT(help, HasSubstr(name));
    EXPECT_TRUE(FeaturePreset::Get(name).ok()) << name;
  }
  EXPECT_TRUE(FeaturePreset::Get(FeaturePreset::kDefaultName).ok());
  EXPECT_TRUE(FeaturePreset::Get("rmm-10").ok());  // the help's last
  EXPECT_FALSE(FeaturePreset::Get("rmm-11").ok());
}

TEST(FeaturePresetTest, RmmPresetsCarryTheirObjectsPerType) {
  const FeaturePreset rmm = *FeaturePreset::Get("rmm");
  EXPECT_EQ(rmm.name(), "rmm-5");
  EXPECT_EQ(rmm.num_features(), 26 * 26);
  EXPECT_EQ(rmm.feature_names(), RmmFeatureNames(5));
  EXPECT_TRUE(rmm.unit_scaled());
  EXPECT_FALSE(FeaturePreset::Get("darkmachines")->unit_scaled());
  EXPECT_EQ(FeaturePreset::Get("rmm-1")->num_features(), 36);
  EXPECT_EQ(FeaturePreset::Get("rmm-10")->name(), "rmm-10");
  EXPECT_EQ(FeaturePreset::Get("rmm-10")->num_features(), 51 * 51);
  EXPECT_THAT(FeaturePreset::KnownNames(), ElementsAre("gluino", "monojet", "darkmachines", "rmm"));
}

TEST(FeaturePresetTest, RmmPresetFillsTheMatrixAndAppliesARequestedSelection) {
  const FeaturePreset rmm = *FeaturePreset::Get("rmm-2");
  const Event event = Parse(kBackgroundLine);
  std::vector<double> expected(rmm.num_features());
  FillRapidityMassMatrix(event, 2, absl::MakeSpan(expected));
  // An event with fewer jets than N is zero-padded whatever the missing-jet policy.
  FeatureOptions strict;
  strict.missing_jets = MissingJetPolicy::kError;
  EXPECT_EQ(Features(rmm, event, strict), expected);
  EXPECT_NEAR(expected[0], 351.709 / 13000, 1e-15);
  FeatureOptions chan1;
  chan1.selection = Selection::kDarkMachinesChannel1;
  std::vector<double> out(rmm.num_features());
  // Five jets above 50 GeV, the leading one above 200, HT = 1091 GeV, MET 352 GeV, MET / HT =
  // 0.32: channel 1 accepts the event, and refuses it without its MET.
  EXPECT_EQ(rmm.Extract(event, chan1, absl::MakeSpan(out)), ExtractOutcome::kAccepted);
  Event no_met = event;
  no_met.met = 0;
  EXPECT_EQ(rmm.Extract(no_met, chan1, absl::MakeSpan(out)), ExtractOutcome::kFailedSelection);
}

TEST(FeaturePresetTest, DarkMachinesValuesAreTheRawNumbersInGev) {
  const std::vector<double> f =
      Features(*FeaturePreset::Get("darkmachines"), Parse(kBackgroundLine));
  const std::vector<double> expected = {
      672.376, 506.951, 0.784228,  0.908651,  // jet 1: E pt eta phi
      871.293, 190.715, -2.19848,  -1.30233,  // jet 2
      231.064, 182.993, -0.703586, -2.56212,  // jet 3
      917.276, 149.536, -2.49886,  0.295192,  // jet 4
      351.709};                               // MET
  ASSERT_EQ(f.size(), expected.size());
  for (size_t i = 0; i < f.size(); ++i) EXPECT_DOUBLE_EQ(f[i], expected[i]) << i;
}

TEST(FeaturePresetTest, GluinoValuesMatchHandComputation) {
  const std::vector<double> f = Features(*FeaturePreset::Get("gluino"), Parse(kBackgroundLine));
  // jet1: m = sqrt(672.376^2 - (506.951 cosh 0.784228)^2) = 43.039985;
  //       dphi = 2 pi - |0.908651 + 2.56781| = 2.806724307.
  EXPECT_NEAR(f[0], 506.951, 1e-9);
  EXPECT_NEAR(f[1], 0.784228, 1e-12);
  EXPECT_NEAR(f[2], 43.039985, 1e-5);
  EXPECT_NEAR(f[3], 2.806724307, 1e-8);
  // jet2: m = 49.64348613, dphi = |-1.30233 + 2.56781| = 1.26548.
  EXPECT_NEAR(f[6], 49.64348613, 1e-5);
  EXPECT_NEAR(f[7], 1.26548, 1e-9);
  // jet3: dphi = |-2.56212 + 2.56781| = 0.00569; jet4: m = 48.98220046, dphi = 2.863002.
  EXPECT_NEAR(f[10], 20.11933797, 1e-5);
  EXPECT_NEAR(f[11], 0.00569, 1e-9);
  EXPECT_NEAR(f[14], 48.98220046, 1e-5);
  EXPECT_NEAR(f[15], 2.863002, 1e-8);
  EXPECT_NEAR(f[16], 351.709, 1e-9);
  // m^2_12 = 2 * 506.951 * 190.715 * (cosh(0.784228 + 2.19848) - cos(0.908651 + 1.30233)).
  EXPECT_NEAR(f[17], 2029045.593, 1e-2);
  EXPECT_NEAR(f[18], 607252.2041, 1e-2);
  EXPECT_NEAR(f[19], 1899745.786, 1e-2);
  EXPECT_NEAR(f[20], 142079.4853, 1e-3);
  EXPECT_NEAR(f[21], 61154.30185, 1e-3);
  EXPECT_NEAR(f[22], 221838.4635, 1e-3);
}

TEST(FeaturePresetTest, JetsAreOrderedByPtWhateverTheFileOrderAndBJetsCount) {
  // Leptons and photons are ignored; a b jet is a jet; jets arrive out of order.
  const Event event = Parse(
      "1;p;1;300000;0;m-,500000,500000,0,0;j,60000,60000,0.3,0.3;b,250000,250000,0.1,0.1;"
      "g,400000,400000,0,0;j,120000,120000,0.2,0.2;j,80000,80000,0.4,0.4;");
  const std::vector<double> f = Features(*FeaturePreset::Get("darkmachines"), event);
  EXPECT_DOUBLE_EQ(f[1], 250.0);
  EXPECT_DOUBLE_EQ(f[5], 120.0);
  EXPECT_DOUBLE_EQ(f[9], 80.0);
  EXPECT_DOUBLE_EQ(f[13], 60.0);
}

TEST(FeaturePresetTest, TooFewJetsAreSkippedOrZeroPadded) {
  const Event event = Parse("1;p;1;300000;0;j,250000,250000,0,1;j,120000,120000,0,-1;");
  const FeaturePreset gluino = *FeaturePreset::Get("gluino");
  std::vector<double> out(gluino.num_features());
  EXPECT_EQ(gluino.Extract(event, {}, absl::MakeSpan(out)), ExtractOutcome::kTooFewJets);
  FeatureOptions pad;
  pad.missing_jets = MissingJetPolicy::kZeroPad;
  const std::vector<double> f = Features(gluino, event, pad);
  EXPECT_DOUBLE_EQ(f[0], 250.0);
  EXPECT_DOUBLE_EQ(f[4], 120.0);
  for (int i = 8; i < 16; ++i) EXPECT_EQ(f[i], 0.0) << i;  // jets 3 and 4
  EXPECT_DOUBLE_EQ(f[16], 300.0);
  EXPECT_GT(f[17], 0.0);                                    // m^2 of jets 1 and 2
  for (int i = 18; i < 23; ++i) EXPECT_EQ(f[i], 0.0) << i;  // pairs with a missing jet
}

TEST(FeaturePresetTest, MonojetPresetAppliesItsSelection) {
  const FeaturePreset monojet = *FeaturePreset::Get("monojet");
  std::vector<double> out(monojet.num_features());
  // Leading jet 90 GeV < 100 GeV.
  EXPECT_EQ(monojet.Extract(Parse("1;p;1;300000;0;j,90000,90000,0,1;j,60000,60000,0,-1;"), {},
                            absl::MakeSpan(out)),
            ExtractOutcome::kFailedSelection);
  // Second jet 50 GeV is not > 50 GeV.
  EXPECT_EQ(monojet.Extract(Parse("1;p;1;300000;0;j,190000,190000,0,1;j,50000,50000,0,-1;"), {},
                            absl::MakeSpan(out)),
            ExtractOutcome::kFailedSelection);
  const std::vector<double> f =
      Features(monojet, Parse("1;p;1;300000;3;j,190000,190000,0.5,1;j,60000,60000,0,-1;"));
  EXPECT_DOUBLE_EQ(f[0], 190.0);
  EXPECT_DOUBLE_EQ(f[2], 2.0);               // |1 - 3|
  EXPECT_NEAR(f[6], 2 * M_PI - 4.0, 1e-12);  // |-1 - 3| = 4 > pi
  EXPECT_EQ(f[3], 0.0);                      // E = 190 < pt cosh(0.5): the mass clamps to 0
  FeatureOptions none;
  none.selection = Selection::kNone;
  EXPECT_EQ(monojet.Extract(Parse("1;p;1;300000;0;j,90000,90000,0,1;j,60000,60000,0,-1;"), none,
                            absl::MakeSpan(out)),
            ExtractOutcome::kAccepted);
}

TEST(FeaturePresetTest, AColumnsPresetNamesItsTableColumnsAndTakesNoEvents) {
  absl::StatusOr<FeaturePreset> preset = FeaturePreset::Get("columns:PTJ1,PTj2,MET");
  ASSERT_TRUE(preset.ok()) << preset.status();
  EXPECT_EQ(preset->name(), "columns:PTJ1,PTj2,MET");
  EXPECT_THAT(preset->feature_names(), ElementsAre("PTJ1", "PTj2", "MET"));
  EXPECT_TRUE(preset->reads_tables());
  EXPECT_FALSE(preset->unit_scaled());
  EXPECT_EQ(FeaturePreset::Get(preset->name())->feature_names(), preset->feature_names());
  const absl::Status events = CheckTakesEvents(*preset, "f.csv");
  EXPECT_EQ(events.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(events.message(), HasSubstr("f.csv: preset 'columns:PTJ1,PTj2,MET' reads"));
  EXPECT_TRUE(CheckTakesEvents(*FeaturePreset::Get("gluino"), "f.csv").ok());
  EXPECT_FALSE(FeaturePreset::Get("gluino")->reads_tables());
  for (const std::string& bad : {"columns:", "columns:a,,b", "columns:a,a", "columns:1"}) {
    const absl::Status status = FeaturePreset::Get(bad).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(status.message(), HasSubstr("feature preset 'columns:': column")) << bad;
  }
  EXPECT_THAT(FeaturePreset::Get("colums:a").status().message(), HasSubstr("columns:NAME"));
}

TEST(MissingJetPolicyTest, ParsesItsNames) {
  EXPECT_EQ(*ParseMissingJetPolicy("zero"), MissingJetPolicy::kZeroPad);
  EXPECT_THAT(ParseMissingJetPolicy("pad").status().message(), HasSubstr("'pad'"));
}

}  // namespace
}  // namespace latentspace
