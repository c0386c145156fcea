// Tests of client/cli/arguments: --param values, encoder and detector references, --keep, job
// states and formats.
#include "client/cli/arguments.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace latentspace::cli {
namespace {

using ::testing::HasSubstr;

TEST(CliArgumentsTest, ParametersParseAsFiniteNumbers) {
  absl::StatusOr<std::pair<std::string, double>> parameter = ParseParameter("mzp=2000");
  ASSERT_TRUE(parameter.ok());
  EXPECT_EQ(parameter->first, "mzp");
  EXPECT_EQ(parameter->second, 2000);
  EXPECT_EQ(ParseParameter("delta_m=-1.5e2")->second, -150);
  EXPECT_EQ(ParseParameter("m=0.25")->second, 0.25);
}

TEST(CliArgumentsTest, BadParametersNameTheValue) {
  for (const char* text :
       {"mzp=abc", "mzp=inf", "mzp=nan", "mzp=", "mzp=1e999", "mzp=12GeV", "mzp= 12", "mzp=1,5"}) {
    const absl::Status status = ParseParameter(text).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << text;
    EXPECT_THAT(status.message(), HasSubstr(std::string(text).substr(4))) << text;
    EXPECT_THAT(status.message(), HasSubstr("not a finite number")) << text;
  }
  for (const char* text : {"mzp", "=3", ""}) {
    EXPECT_THAT(ParseParameter(text).status().message(), HasSubstr("expected NAME=VALUE")) << text;
  }
}

TEST(CliArgumentsTest, ParametersGivenTwiceAreRejected) {
  absl::StatusOr<std::map<std::string, double>> parameters =
      ParseParameters({"mzp=2000", "mdm=50"});
  ASSERT_TRUE(parameters.ok());
  EXPECT_EQ(parameters->size(), 2u);
  EXPECT_EQ(parameters->at("mdm"), 50);
  EXPECT_THAT(ParseParameters({"mzp=1", "mzp=2"}).status().message(), HasSubstr("given twice"));
  EXPECT_TRUE(ParseParameters({})->empty());
}

TEST(CliArgumentsTest, EncoderReferences) {
  absl::StatusOr<v1::EncoderRef> ref = ParseEncoderRef("name:3");
  ASSERT_TRUE(ref.ok());
  EXPECT_EQ(ref->name(), "name");
  EXPECT_EQ(ref->version(), 3);
  ref = ParseEncoderRef("dm.v2-x");
  ASSERT_TRUE(ref.ok());
  EXPECT_EQ(ref->name(), "dm.v2-x");
  EXPECT_EQ(ref->version(), 0);
  EXPECT_EQ(FormatEncoderRef(*ParseEncoderRef("name:12")), "name:12");
  EXPECT_EQ(FormatEncoderRef(*ParseEncoderRef("name")), "name");
  for (const char* bad :
       {"", ":3", "name:", "name:0", "name:-1", "name:x", "name: 3", "a:b:3", "name:3.5"}) {
    const absl::Status status = ParseEncoderRef(bad).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(status.message(), HasSubstr(std::string("'") + bad + "'")) << bad;
  }
}

TEST(CliArgumentsTest, DetectorReferences) {
  absl::StatusOr<v1::DetectorRef> ref = ParseDetectorRef("det:2");
  ASSERT_TRUE(ref.ok());
  EXPECT_EQ(ref->name(), "det");
  EXPECT_EQ(ref->version(), 2);
  EXPECT_EQ(ParseDetectorRef("det")->version(), 0);
  EXPECT_EQ(FormatDetectorRef(*ref), "det:2");
  EXPECT_EQ(FormatDetectorRef(*ParseDetectorRef("det")), "det");
  EXPECT_EQ(ParseDetectorRef("det:0").status().message(),
            "detector 'det:0': version '0' is not a positive integer");
  EXPECT_EQ(ParseDetectorRef(":1").status().message(),
            "detector ':1': expected NAME or NAME:VERSION");
}

TEST(CliArgumentsTest, KeepIsAShareOfTheReference) {
  EXPECT_EQ(*ParseKeep("0"), 0);
  EXPECT_EQ(*ParseKeep("0.01"), 0.01);
  EXPECT_EQ(*ParseKeep("1e-3"), 0.001);
  EXPECT_EQ(*ParseKeep("1"), 1);
  for (const char* bad : {"-0.1", "1.01", "abc", "nan", "inf", "", " 0.1", "0.1%"}) {
    const absl::Status status = ParseKeep(bad).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(status.message(), HasSubstr(std::string("--keep '") + bad + "'")) << bad;
    EXPECT_THAT(status.message(), HasSubstr("in [0, 1]")) << bad;
  }
}

TEST(CliArgumentsTest, JobStates) {
  EXPECT_EQ(*ParseJobState("running"), v1::JOB_STATE_RUNNING);
  EXPECT_EQ(*ParseJobState("SUCCEEDED"), v1::JOB_STATE_SUCCEEDED);
  EXPECT_EQ(*ParseJobState("job_state_cancelled"), v1::JOB_STATE_CANCELLED);
  EXPECT_FALSE(ParseJobState("unspecified").ok());
  EXPECT_THAT(ParseJobState("done").status().message(), HasSubstr("'done'"));
}

TEST(CliArgumentsTest, EventFormats) {
  EXPECT_EQ(*ResolveEventFormat("auto", "a.csv.gz"), EventFormat::kDarkMachines);
  EXPECT_EQ(*ResolveEventFormat("auto", "a.hepmc"), EventFormat::kHepMC3);
  EXPECT_EQ(*ResolveEventFormat("hepmc3", "a.csv"), EventFormat::kHepMC3);
  EXPECT_THAT(ResolveEventFormat("root", "a.root").status().message(), HasSubstr("'root'"));
  EXPECT_EQ(EventFormatName(EventFormat::kHepMC3), "hepmc3");
}

}  // namespace
}  // namespace latentspace::cli
