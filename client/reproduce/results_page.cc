// The results page, assembled and written.
#include "client/reproduce/results_page.h"

#include <cmath>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace latentspace::reproduce {

std::string FormatValue(double value, int digits) {
  if (std::isnan(value)) return "nan";
  return absl::StrFormat("%.*g", digits, value);
}

ResultsPage::ResultsPage(std::string docs_dir, std::ostream& numbers)
    : docs_dir_(std::move(docs_dir)), numbers_(numbers) {}

void ResultsPage::Heading(int level, absl::string_view text) {
  markdown_ << std::string(level, '#') << " " << text << "\n\n";
}

void ResultsPage::Paragraph(absl::string_view text) { markdown_ << text << "\n\n"; }

void ResultsPage::Table(const std::vector<std::string>& header,
                        const std::vector<std::vector<std::string>>& rows) {
  markdown_ << "| " << absl::StrJoin(header, " | ") << " |\n|";
  for (size_t i = 0; i < header.size(); ++i) markdown_ << " --- |";
  markdown_ << "\n";
  for (const std::vector<std::string>& row : rows) {
    markdown_ << "| " << absl::StrJoin(row, " | ") << " |\n";
  }
  markdown_ << "\n";
}

std::string ResultsPage::StagingDirectory() const { return docs_dir_ + "/images/results.partial"; }

std::string ResultsPage::PicturePath(absl::string_view name) const {
  return absl::StrCat(StagingDirectory(), "/", name);
}

void ResultsPage::Picture(absl::string_view name, absl::string_view caption) {
  markdown_ << "![" << caption << "](images/results/" << name << ")\n\n*" << caption << "*\n\n";
}

std::string ResultsPage::Number(absl::string_view label, double value, int digits) {
  std::string text = FormatValue(value, digits);
  numbers_ << label << ": " << text << std::endl;
  return text;
}

absl::Status ResultsPage::Write() const {
  const std::string pictures = docs_dir_ + "/images/results";
  std::error_code error;
  std::filesystem::remove_all(pictures, error);
  if (!error) std::filesystem::rename(StagingDirectory(), pictures, error);
  if (error) return absl::InternalError(absl::StrCat(pictures, ": ", error.message()));
  const std::string path = docs_dir_ + "/results.md";
  const std::string partial = path + ".partial";
  {
    std::ofstream out(partial, std::ios::trunc);
    out << markdown_.str();
    out.close();
    if (!out) return absl::InternalError(absl::StrCat(partial, ": cannot write"));
  }
  std::filesystem::rename(partial, path, error);
  if (error) return absl::InternalError(absl::StrCat(path, ": ", error.message()));
  return absl::OkStatus();
}

}  // namespace latentspace::reproduce
