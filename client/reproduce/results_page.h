// docs/results.md as the reproduction assembles it: headings, paragraphs, tables and pictures,
// with every measured number also printed on stdout the moment it is measured.
#ifndef LATENTSPACE_CLIENT_REPRODUCE_RESULTS_PAGE_H_
#define LATENTSPACE_CLIENT_REPRODUCE_RESULTS_PAGE_H_

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

  void Heading(int level, absl::string_view text);
  void Paragraph(absl::string_view text);
  void Table(const std::vector<std::string>& header,
             const std::vector<std::vector<std::string>>& rows);
  // Where a picture named `name` (e.g. "gluino_contours.png") is drawn, and its line on the page.
  std::string PicturePath(absl::string_view name) const;
  void Picture(absl::string_view name, absl::string_view caption);

  // A measured value: printed as "<label>: <value>" on `numbers` and returned as printed.
  std::string Number(absl::string_view label, double value, int digits = 3);

  std::string Markdown() const { return markdown_.str(); }
  // Moves the pictures into place, then writes results.md (a temporary file, then renamed).
  absl::Status Write() const;

 private:
  std::string docs_dir_;
  std::ostream& numbers_;
  std::ostringstream markdown_;
};

// `value` with `digits` significant digits ("nan" for NaN), as the page prints numbers.
std::string FormatValue(double value, int digits = 3);

}  // namespace latentspace::reproduce

#endif  // LATENTSPACE_CLIENT_REPRODUCE_RESULTS_PAGE_H_
