// Tests of the family registry: parameter validation with messages that name the problem, process
// ids, and that every family builds a process.
#include "core/sim/families.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/core/sim/family_points.h"

namespace latentspace::sim {
namespace {

using ::testing::HasSubstr;

const Family& Get(const std::string& name) {
  absl::StatusOr<const Family*> family = FindFamily(name);
  EXPECT_TRUE(family.ok()) << family.status();
  return **family;
}

std::string Problem(const std::string& family, const Parameters& parameters) {
  return std::string(ValidateParameters(Get(family), parameters).message());
}

TEST(FamiliesTest, TheIssueFamiliesAreAllThere) {
  std::vector<std::string> names;
  for (const Family& family : Families()) names.push_back(family.name);
  EXPECT_THAT(names,
              ::testing::ElementsAre("gluino", "dm-vector", "dm-pseudoscalar", "dm-squark",
                                     "squark-pair", "stop-pair", "zprime-monojet", "background"));
}

TEST(FamiliesTest, UnknownFamilyListsTheKnownOnes) {
  const absl::StatusOr<const Family*> family = FindFamily("glunio");
  EXPECT_TRUE(absl::IsNotFound(family.status()));
  EXPECT_THAT(family.status().message(), HasSubstr("unknown family 'glunio' (known: gluino, "));
  EXPECT_THAT(family.status().message(), HasSubstr("stop-pair"));
}

TEST(FamiliesTest, ParameterProblemsNameTheFamilyParameterAndValue) {
  EXPECT_TRUE(ValidateParameters(Get("gluino"), {{"mgluino", 1600}, {"mneutralino", 500}}).ok());
  EXPECT_EQ(Problem("gluino", {{"mgluino", 1600}}),
            "gluino: missing parameter 'mneutralino' (lightest neutralino mass, 0 to 5000 GeV)");
  EXPECT_EQ(Problem("gluino", {{"mgluino", 1600}, {"mneutralino", 500}, {"mstop", 3}}),
            "gluino: unknown parameter 'mstop' (expected mgluino, mneutralino)");
  EXPECT_EQ(Problem("gluino", {{"mgluino", 100}, {"mneutralino", 50}}),
            "gluino: mgluino = 100 GeV is out of range [200, 5000] GeV");
  EXPECT_EQ(Problem("gluino", {{"mgluino", 1600}, {"mneutralino", NAN}}),
            "gluino: mneutralino = nan GeV is out of range [0, 5000] GeV");
  EXPECT_EQ(Problem("background", {{"mgluino", 1600}}),
            "background: unknown parameter 'mgluino' (it takes none)");
}

TEST(FamiliesTest, MassOrderingErrorsNameBothValues) {
  EXPECT_EQ(Problem("gluino", {{"mgluino", 1600}, {"mneutralino", 1600}}),
            "gluino: mneutralino = 1600 GeV must be below mgluino = 1600 GeV (gluino -> q qbar "
            "neutralino)");
  EXPECT_THAT(Problem("dm-vector", {{"mmed", 1000}, {"mdm", 600}}),
              HasSubstr("2 x mdm = 1200 GeV (mdm = 600 GeV) must be below mmed = 1000 GeV"));
  EXPECT_THAT(Problem("dm-squark", {{"mmed", 1000}, {"mdm", 1200}}),
              HasSubstr("mdm = 1200 GeV must be below mmed = 1000 GeV"));
  EXPECT_THAT(Problem("stop-pair", {{"mstop", 400}, {"mneutralino", 300}}),
              HasSubstr("mneutralino + 172.5 GeV = 472.5 GeV (mneutralino = 300 GeV) must be below "
                        "mstop = 400 GeV (stop -> top neutralino)"));
  EXPECT_THAT(Problem("zprime-monojet", {{"mzprime", 200}, {"mdm", 100}}),
              HasSubstr("2 x mdm = 200 GeV (mdm = 100 GeV) must be below mzprime = 200 GeV"));
  EXPECT_TRUE(ValidateParameters(Get("stop-pair"), {{"mstop", 1000}, {"mneutralino", 300}}).ok());
}

TEST(FamiliesTest, ProcessIdsCarryTheParametersInOrder) {
  EXPECT_EQ(ProcessId(Get("gluino"), {{"mneutralino", 500}, {"mgluino", 1600}}),
            "gluino_mgluino1600_mneutralino500");
  EXPECT_EQ(ProcessId(Get("dm-vector"), {{"mmed", 1250.5}, {"mdm", 0.1}}),
            "dm-vector_mmed1250.5_mdm0.1");
  EXPECT_EQ(ProcessId(Get("background"), {}), "background");
}

TEST(FamiliesTest, ProcessIdsReadBackToTheirFamilyAndParameters) {
  for (const testing::FamilyPoint& point : testing::EveryFamilyPoint()) {
    if (point.parameters.empty()) continue;
    const std::string id = ProcessId(Get(point.family), point.parameters);
    absl::StatusOr<ParsedProcessId> parsed = ParseProcessId(id);
    ASSERT_TRUE(parsed.ok()) << id << ": " << parsed.status();
    EXPECT_EQ(parsed->family->name, point.family) << id;
    EXPECT_EQ(parsed->parameters, point.parameters) << id;
  }
  const Parameters odd = {{"mmed", 1250.5}, {"mdm", 1e-7}};
  EXPECT_EQ(ParseProcessId(ProcessId(Get("dm-vector"), odd))->parameters, odd);
}

TEST(FamiliesTest, OtherProcessIdsAreNotTakenForSimulatorOnes) {
  for (const char* id :
       {"background", "ttbar", "glgl1400_neutralino1100", "gluino_mgluino1600",
        "gluino_mgluino1600_mneutralino500_extra", "gluino_mneutralino500_mgluino1600",
        "gluino_mgluinoX_mneutralino500", "gluino_mgluino_mneutralino500",
        "gluino_mgluinonan_mneutralino5", "dm-vector-mmed1000_mdm10", ""}) {
    absl::StatusOr<ParsedProcessId> parsed = ParseProcessId(id);
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kNotFound) << id;
  }
  EXPECT_THAT(ParseProcessId("ttbar").status().message(), HasSubstr("'ttbar'"));
}

TEST(FamiliesTest, EveryFamilyBuildsAConsistentProcess) {
  for (const Family& family : Families()) {
    Parameters parameters;
    for (const ParameterSpec& spec : family.parameters) parameters[spec.name] = 0;
    // A valid point: the heavy parameter (listed first) at 1500 GeV, the light one at 100 GeV.
    if (!family.parameters.empty()) {
      parameters[family.parameters[0].name] = 1500;
      parameters[family.parameters[1].name] = 100;
    }
    ASSERT_TRUE(ValidateParameters(family, parameters).ok()) << family.name;
    absl::StatusOr<ProcessModel> model = family.build(parameters, ProcessId(family, parameters));
    ASSERT_TRUE(model.ok()) << family.name << ": " << model.status();
    double fractions = 0;
    for (const Channel& channel : model->channels) fractions += channel.fraction;
    EXPECT_NEAR(fractions, 1, 1e-12) << family.name;
    EXPECT_TRUE(EventGenerator::Create(*std::move(model)).ok()) << family.name;
  }
}

}  // namespace
}  // namespace latentspace::sim
