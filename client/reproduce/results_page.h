// docs/results.md as the reproduction assembles it: headings, paragraphs, tables and pictures,
// with every measured number also printed on stdout the moment it is measured. The reproduction
// runs once per training seed: the first run writes the page's text and pictures, every run adds
// its values, and the page shows each measured value over the runs (mean +- standard deviation,
// how often a check held, which outcomes a choice had).
#ifndef LATENTSPACE_CLIENT_REPRODUCE_RESULTS_PAGE_H_
#define LATENTSPACE_CLIENT_REPRODUCE_RESULTS_PAGE_H_

#include <map>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace latentspace::reproduce {

class ResultsPage {
 public:
  // Pictures are drawn into StagingDirectory() and replace <docs_dir>/images/results/ when the
  // page is written to <docs_dir>/results.md: a run that fails leaves the docs as they were.
  ResultsPage(std::string docs_dir, std::ostream& numbers);
  std::string StagingDirectory() const;

  // Starts run `run` (0, 1, ...); the page's text and pictures come from run 0, later runs only
  // add values.
  void BeginRun(int run);
  int run() const { return run_; }

  void Heading(int level, absl::string_view text);
  void Paragraph(absl::string_view text);
  void Table(const std::vector<std::string>& header,
             const std::vector<std::vector<std::string>>& rows);
  // Where a picture named `name` (e.g. "gluino_contours.png") is drawn (a scratch path after
  // run 0), and its line on the page.
  std::string PicturePath(absl::string_view name) const;
  void Picture(absl::string_view name, absl::string_view caption);

  // A measured value, printed as "<label>: <value>" on `numbers`; what the page shows in its
  // place: the value with `digits` significant digits when every run measured the same, else
  // "mean ± standard deviation" over the runs; NaNs are left out and counted ("(nan in 1 of 3
  // runs)").
  std::string Number(absl::string_view label, double value, int digits = 3);
  // A measured outcome that is text (a model's name): the text when every run gave it, else
  // each outcome with its count ("a (2 of 3 runs); b (1 of 3 runs)").
  std::string Text(absl::string_view label, absl::string_view value);
  // A check: "yes" or "**no**" after one run; after several, "yes (all N runs)", "**no** (none
  // of N runs)" or "**in k of N runs**".
  std::string Check(absl::string_view label, bool holds);

  // The page with every value over the runs so far.
  std::string Markdown() const;
  // Moves the pictures into place, then writes results.md (a temporary file, then renamed).
  absl::Status Write() const;

 private:
  enum class Kind { kNumber, kText, kCheck };
  struct Entry {
    Kind kind = Kind::kNumber;
    size_t index = 0;  // its placeholder's
    int digits = 3;
    std::map<int, std::string> texts;  // by run: texts, or checks as "1" / "0"
    std::map<int, double> values;      // by run: numbers
  };
  // The entry for `label` this run, and the placeholder the text carries for it.
  Entry& Record(absl::string_view label, Kind kind, std::string* placeholder);
  std::string Resolve(const Entry& entry) const;
  std::string ScratchPictures() const;

  std::string docs_dir_;
  std::ostream& numbers_;
  std::ostringstream markdown_;
  int run_ = 0;
  std::vector<std::string> labels_;  // placeholder index -> label
  std::map<std::string, Entry> entries_;
};

// `value` with `digits` significant digits ("nan" for NaN), as the page prints numbers.
std::string FormatValue(double value, int digits = 3);

}  // namespace latentspace::reproduce

#endif  // LATENTSPACE_CLIENT_REPRODUCE_RESULTS_PAGE_H_
