// docs/results.md is current: it names the commit it was generated at, that commit is committed
// code (not "-dirty"), and it contains the last change under core/nn, core/analysis or core/sim,
// the code that makes its figures. A commit there that changes no figure says so in its message
// with a line "Results-unchanged: <why>" (docs/testing.md); outside a git checkout this skips.
#include <regex>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "gtest/gtest.h"
#include "tests/testing/paths.h"
#include "tests/testing/run_command.h"

namespace latentspace {
namespace {

std::string Git(const std::string& args, int* exit_code = nullptr) {
  const testing::CommandResult result =
      testing::RunCommand(absl::StrCat("git -C '", testing::SourceDir(), "' ", args, " 2>&1"));
  if (exit_code != nullptr) *exit_code = result.exit_code;
  return std::string(absl::StripTrailingAsciiWhitespace(result.output));
}

TEST(ResultsPageCurrent, ThePageWasMadeAtACommitHoldingTheLastChangeToItsFigures) {
  int exit_code = 0;
  Git("rev-parse --git-dir", &exit_code);
  if (exit_code != 0) GTEST_SKIP() << testing::SourceDir() << " is not a git checkout";
  const std::string page = testing::ReadFile(testing::SourcePath("docs/results.md"));
  std::smatch match;
  ASSERT_TRUE(std::regex_search(page, match, std::regex("Generated at commit `([^`]+)`")))
      << "docs/results.md names no commit: regenerate it with `scripts/dev reproduce`";
  const std::string described = match[1];
  ASSERT_EQ(described.find("-dirty"), std::string::npos)
      << "docs/results.md was made from uncommitted code (" << described
      << "): commit, then regenerate it with `scripts/dev reproduce`";
  // `git describe --tags` gives TAG-N-gHASH, or the bare hash without tags.
  const size_t hash_at = described.rfind("-g");
  const std::string commit =
      hash_at == std::string::npos ? described : described.substr(hash_at + 2);
  const std::string last_change =
      Git("rev-list -1 --invert-grep --grep='^Results-unchanged:' HEAD -- core/nn core/analysis "
          "core/sim",
          &exit_code);
  ASSERT_EQ(exit_code, 0) << last_change;
  ASSERT_FALSE(last_change.empty()) << "no commit under core/nn, core/analysis or core/sim";
  const std::string verdict =
      Git(absl::StrCat("merge-base --is-ancestor ", last_change, " ", commit), &exit_code);
  EXPECT_EQ(exit_code, 0)
      << "docs/results.md was generated at " << described << ", before " << last_change << " ("
      << Git("log -1 --format='%s' " + last_change)
      << ") changed the code behind its figures: regenerate it with `scripts/dev reproduce`, or "
         "say in that commit's message why no figure changes (a line 'Results-unchanged: ...')"
      << (verdict.empty() ? "" : "\n" + verdict);
}

}  // namespace
}  // namespace latentspace
