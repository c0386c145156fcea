// Tests of proto/version.h and of `latentd --version` and `latentctl --version`: the line's form,
// the API package read from the compiled descriptors, and the git description baked in at build
// time naming the commit the sources are at.
#include "proto/version.h"

#include <regex>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/build_paths.h"
#include "tests/testing/run_command.h"

namespace latentspace {
namespace {

TEST(Version, LineNamesTheProgramReleaseGitDescriptionAndApi) {
  EXPECT_EQ(ApiVersion(), "latentspace.v1");
  EXPECT_THAT(ReleaseVersion(), ::testing::MatchesRegex("[0-9]+\\.[0-9]+\\.[0-9]+"));
  EXPECT_EQ(VersionLine("latentd"), std::string("latentd ") + ReleaseVersion() + " (git " +
                                        GitDescription() + "), API latentspace.v1");
}

TEST(Version, GitDescriptionNamesTheCommitOfTheSources) {
  const testing::CommandResult head = testing::RunCommand(
      std::string("git -C '") + testing::SourceDir() + "' rev-parse HEAD 2>/dev/null");
  if (head.exit_code != 0) GTEST_SKIP() << "the sources are not a git checkout: " << head.output;
  // `git describe --always --dirty --tags`: HASH[-dirty] or TAG-N-gHASH[-dirty].
  std::smatch match;
  const std::string description = GitDescription();
  ASSERT_TRUE(
      std::regex_match(description, match, std::regex("(?:.*-g)?([0-9a-f]{4,40})(?:-dirty)?")))
      << description;
  EXPECT_EQ(head.output.rfind(match[1].str(), 0), 0u)
      << "built from " << description << ", the sources are at " << head.output;
}

TEST(Version, BothProgramsPrintTheirVersionLineAndExitZero) {
  for (const auto& [program, path] :
       {std::pair<std::string, std::string>{"latentd", testing::LatentdPath()},
        std::pair<std::string, std::string>{"latentctl", testing::LatentctlPath()}}) {
    const testing::CommandResult result = testing::RunCommand(path + " --version 2>&1");
    EXPECT_EQ(result.exit_code, 0) << program << ": " << result.output;
    EXPECT_EQ(result.output, VersionLine(program) + "\n") << program;
  }
}

}  // namespace
}  // namespace latentspace
