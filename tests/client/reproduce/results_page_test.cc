// Tests of the results page over several runs: what each kind of value shows once resolved, and
// that later runs add values but no text or pictures.
#include "client/reproduce/results_page.h"

#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace latentspace::reproduce {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(ResultsPageTest, OneRunShowsTheValuesAsMeasured) {
  std::ostringstream numbers;
  ResultsPage page("/nonexistent", numbers);
  const std::string x = page.Number("x", 0.123456);
  const std::string c = page.Check("c", false);
  const std::string t = page.Text("t", "gluino");
  const std::string d = page.Check("d", true);
  page.Paragraph("a " + x + " b " + c + " " + t + " " + d);
  EXPECT_EQ(page.Markdown(), "a 0.123 b **no** gluino yes\n\n");
  EXPECT_EQ(numbers.str(), "x: 0.123\nc: no\nt: gluino\nd: yes\n");
}

TEST(ResultsPageTest, SeveralRunsShowMeanAndSpreadCountsAndOutcomes) {
  std::ostringstream numbers;
  ResultsPage page("/nonexistent", numbers);
  const double values[] = {1, 2, 3};
  const bool checks[] = {true, false, true};
  const char* names[] = {"stop", "zprime", "stop"};
  for (int run = 0; run < 3; ++run) {
    page.BeginRun(run);
    page.Heading(2, "section");
    page.Paragraph(page.Number("x", values[run]) + "|" + page.Number("same", 7) + "|" +
                   page.Check("all", true) + "|" + page.Check("some", checks[run]) + "|" +
                   page.Check("none", false) + "|" + page.Text("model", names[run]) + "|" +
                   page.Number("mass", 1000 + 280 * run, 4) + "|" +
                   page.Number("partly", run == 1 ? NAN : 0.5 * run));
  }
  // Later runs add no text: one heading, one paragraph.
  EXPECT_EQ(page.Markdown(),
            "## section\n\n2 ± 1|7|yes (all 3 runs)|**in 2 of 3 runs**|**no** (none of 3 runs)|"
            "stop (2 of 3 runs); zprime (1 of 3 runs)|1280 ± 280|0.5 ± 0.71 (nan in 1 of 3 "
            "runs)\n\n");
}

TEST(ResultsPageTest, LaterRunsDrawTheirPicturesAside) {
  std::ostringstream numbers;
  ResultsPage page(::testing::TempDir(), numbers);
  const std::string first = page.PicturePath("a.png");
  page.Picture("a.png", "caption");
  page.BeginRun(1);
  EXPECT_NE(page.PicturePath("a.png"), first);
  page.Picture("a.png", "caption");
  page.BeginRun(0);
  EXPECT_EQ(page.PicturePath("a.png"), first);
  const std::string markdown = page.Markdown();
  EXPECT_EQ(markdown.find("![caption]"), markdown.rfind("![caption]"));
  EXPECT_THAT(markdown, HasSubstr("(images/results/a.png)"));
  EXPECT_THAT(markdown, Not(HasSubstr("later-runs")));
}

TEST(ResultsPageTest, TextThatLooksLikeAPlaceholderIsKept) {
  std::ostringstream numbers;
  ResultsPage page("/nonexistent", numbers);
  page.Paragraph("a@@b @@7@@ " + page.Number("x", 1) + " @@");
  EXPECT_EQ(page.Markdown(), "a@@b @@7@@ 1 @@\n\n");
}

}  // namespace
}  // namespace latentspace::reproduce
