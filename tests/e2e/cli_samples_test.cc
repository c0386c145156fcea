// End to end: `latentctl samples` against a real latentd: upload two bundled files, list, show,
// delete; a duplicate name is ALREADY_EXISTS unless --overwrite; a file malformed mid-stream
// stores nothing; unknown names are NOT_FOUND (exit 1).
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/client/cli_e2e_fixture.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;
using testing::SquarkSample;
using testing::ZprimeSample;

class CliSamplesE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    scratch_ = testing::ScratchDir();
    ASSERT_TRUE(server_.Start(scratch_ + "/data"));
  }
  void TearDown() override {
    if (HasFailure()) std::cerr << "---- latentd log:\n" << server_.log() << "----\n";
  }

  std::string scratch_;  // this test's directory (ScratchDir() empties it: call it once)
  testing::CliServer server_;
};

TEST_F(CliSamplesE2eTest, UploadListShowDelete) {
  nlohmann::json zprime = server_.Upload(ZprimeSample());
  EXPECT_EQ(zprime["name"], ZprimeSample().name);
  EXPECT_EQ(zprime["num_events"], ZprimeSample().events);
  EXPECT_EQ(zprime["parameters"]["mzprime"], 2000);
  EXPECT_EQ(zprime["parameters"]["mdm"], 50);
  EXPECT_EQ(zprime["source_format"], "darkmachines");
  EXPECT_TRUE(testing::IsIsoUtc(zprime["created_at"])) << zprime;
  EXPECT_EQ(server_.Upload(SquarkSample())["num_events"], SquarkSample().events);

  const testing::LatentctlResult table = server_.Run("samples list");
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(table.out, HasSubstr("NAME"));
  EXPECT_THAT(table.out, HasSubstr(ZprimeSample().name));
  EXPECT_THAT(table.out, HasSubstr("mdm=50, mzprime=2000"));
  const nlohmann::json list = server_.Json("samples list");
  ASSERT_EQ(list["samples"].size(), 2u);
  EXPECT_EQ(list["samples"][0]["name"], SquarkSample().name);  // ordered by name
  EXPECT_EQ(list["samples"][1]["name"], ZprimeSample().name);

  const nlohmann::json shown = server_.Json("samples show " + ZprimeSample().name);
  EXPECT_EQ(shown["num_events"], ZprimeSample().events);
  EXPECT_EQ(shown["checksum"], zprime["checksum"]);

  testing::LatentctlResult result = server_.Run("samples delete " + ZprimeSample().name);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  result = server_.Run("samples show " + ZprimeSample().name);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("(NOT_FOUND)"));
  result = server_.Run("samples delete " + ZprimeSample().name);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("(NOT_FOUND)"));
  EXPECT_EQ(server_.Json("samples list")["samples"].size(), 1u);
}

TEST_F(CliSamplesE2eTest, DuplicateNameIsAlreadyExistsUnlessOverwrite) {
  server_.Upload(ZprimeSample());
  const std::string upload =
      "samples upload " + testing::BundledPath(SquarkSample()) + " --name " + ZprimeSample().name;
  testing::LatentctlResult result = server_.Run(upload);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("(ALREADY_EXISTS)"));
  EXPECT_EQ(server_.Json("samples show " + ZprimeSample().name)["num_events"],
            ZprimeSample().events);  // untouched
  result = server_.Run(upload + " --overwrite --json");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(server_.Json("samples show " + ZprimeSample().name)["num_events"],
            SquarkSample().events);
}

TEST_F(CliSamplesE2eTest, FileMalformedMidStreamStoresNothing) {
  std::string text;
  for (int i = 1; i <= 2500; ++i) {
    absl::StrAppend(&text, i, ";p;1;300000;0.5;j,250000,250000,0.1,1;j,120000,120000,0,-1;\n");
  }
  text += "2501;p;1;300000;0.5;j,1,1,0,0;x,1,1,0,0;\n";
  const std::string file = testing::WriteFile(scratch_ + "/bad.csv", text);
  const testing::LatentctlResult result = server_.Run("samples upload " + file + " --name bad");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr(file + ":2501:"));
  EXPECT_EQ(server_.Json("samples list")["samples"].size(), 0u);
  EXPECT_EQ(server_.Run("samples show bad").exit_code, 1);
}

TEST_F(CliSamplesE2eTest, BadParamExitsTwoAndSendsNothing) {
  const testing::LatentctlResult result = server_.Run(
      "samples upload " + testing::BundledPath(ZprimeSample()) + " --name z --param mzprime=heavy");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("'heavy'"));
  EXPECT_EQ(server_.Json("samples list")["samples"].size(), 0u);
}

}  // namespace
}  // namespace latentspace
