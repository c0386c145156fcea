// latent-reproduce, the command behind docs/results.md, in its smoke form (--quick) against a
// real latentd: it must drive every part of the reproduction through the service, print every
// number it puts on the page, and write the page with every picture it links.
#include <filesystem>
#include <regex>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/build_paths.h"
#include "tests/testing/latentd_process.h"
#include "tests/testing/paths.h"
#include "tests/testing/png_inspection.h"
#include "tests/testing/run_command.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;

TEST(Reproduce, QuickRunWritesThePageWithEveryPictureAndNumber) {
  const std::string scratch = testing::ScratchDir();
  testing::LatentdProcess latentd(scratch + "/data");
  ASSERT_TRUE(latentd.Start()) << latentd.log();
  const std::string docs = scratch + "/docs";
  const testing::CommandResult run = testing::RunCommand(absl::StrCat(
      testing::ReproducePath(), " --quick --server ", latentd.address(), " --out ", docs,
      " --data ", testing::SourceDir(), "/data/darkmachines --work ", scratch, "/work 2>&1"));
  ASSERT_EQ(run.exit_code, 0) << run.output << latentd.log();

  // Every number the page relies on was printed, within its range, and the page shows the value
  // printed.
  const std::string page = testing::ReadFile(docs + "/results.md");
  // Correlations lie in [-1, 1], accuracies and permutation p-values in [0, 1].
  for (const auto& [label, low] : std::vector<std::pair<const char*, double>>{
           {"gluino: Spearman(delta_m, first principal axis)", -1},
           {"gluino: permutation p of Spearman(delta_m, first principal axis)", 0},
           {"gluino: permutation p of Spearman(mgluino, second principal axis)", 0},
           {"gluino: Spearman(classifier accuracy, centroid distance)", -1},
           {"dm squark: Spearman(m_med, principal axis)", -1},
           {"dm squark: permutation p of Spearman(m_med, principal axis)", 0},
           {"gluino: embedding accuracy (test sets)", 0},
           {"darkmachines: embedding accuracy (test sets)", 0}}) {
    const std::regex line(absl::StrCat(std::regex_replace(label, std::regex(R"([()])"), R"(\$&)"),
                                       R"(: (-?[0-9.]+(e[-+][0-9]+)?)\n)"));
    std::smatch match;
    ASSERT_TRUE(std::regex_search(run.output, match, line)) << label << "\n" << run.output;
    const double value = std::stod(match[1]);
    EXPECT_GE(value, low) << label;
    EXPECT_LE(value, 1) << label;
    EXPECT_THAT(page, HasSubstr(match[1].str())) << label << " is printed but not on the page";
  }
  EXPECT_THAT(run.output, HasSubstr("held-out 1600/500: mgluino estimate: "));
  EXPECT_THAT(run.output, HasSubstr("off-grid 1830/800: mneutralino estimate: "));

  for (const char* heading :
       {"## 1. Gluino grid", "## 2. Dark-matter mediators", "## 3. The real Dark Machines",
        "## Where our results differ from the paper", "Smoke run (`--quick`)"}) {
    EXPECT_THAT(page, HasSubstr(heading));
  }
  // Every linked picture exists and holds a drawing.
  const std::regex link(R"(\]\((images/results/[a-z0-9_]+\.png)\))");
  int pictures = 0;
  for (auto it = std::sregex_iterator(page.begin(), page.end(), link); it != std::sregex_iterator();
       ++it, ++pictures) {
    const std::optional<testing::PngImage> image = testing::ReadPng(docs + "/" + (*it)[1].str());
    ASSERT_TRUE(image.has_value()) << (*it)[1];
    EXPECT_GT(image->DistinctColours(), 5) << (*it)[1];
  }
  EXPECT_EQ(pictures, 12);
  // The off-grid query's likelihood over the gluino family's masses: the server's map, drawn.
  EXPECT_THAT(page, HasSubstr("(images/results/gluino_inference.png)"));
  EXPECT_FALSE(std::filesystem::exists(scratch + "/work")) << "simulated files are cleaned up";

  // A part that does not exist is refused before anything runs.
  const testing::CommandResult unknown =
      testing::RunCommand(absl::StrCat(testing::ReproducePath(), " --server ", latentd.address(),
                                       " --out ", scratch, "/other --parts gluino,higgs 2>&1"));
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.output, HasSubstr("unknown part 'higgs'"));
}

}  // namespace
}  // namespace latentspace
