// The results page, assembled over the runs and written.
#include "client/reproduce/results_page.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace latentspace::reproduce {
namespace {

// Values stand in the text as @@<index>@@ until the page is resolved.
constexpr char kMark[] = "@@";
constexpr size_t kMarkSize = 2;

std::string Runs(size_t count) { return absl::StrCat(count, count == 1 ? " run" : " runs"); }

// A spread with two significant digits, without an exponent from 10 up ("280", not "2.8e+02").
std::string FormatSpread(double spread) {
  if (spread < 10) return FormatValue(spread, 2);
  const double unit = std::pow(10.0, std::floor(std::log10(spread)) - 1);
  return absl::StrFormat("%.0f", std::round(spread / unit) * unit);
}

}  // namespace

std::string FormatValue(double value, int digits) {
  if (std::isnan(value)) return "nan";
  return absl::StrFormat("%.*g", digits, value);
}

ResultsPage::ResultsPage(std::string docs_dir, std::ostream& numbers)
    : docs_dir_(std::move(docs_dir)), numbers_(numbers) {}

void ResultsPage::BeginRun(int run) { run_ = run; }

void ResultsPage::Heading(int level, absl::string_view text) {
  if (run_ == 0) markdown_ << std::string(level, '#') << " " << text << "\n\n";
}

void ResultsPage::Paragraph(absl::string_view text) {
  if (run_ == 0) markdown_ << text << "\n\n";
}

void ResultsPage::Table(const std::vector<std::string>& header,
                        const std::vector<std::vector<std::string>>& rows) {
  if (run_ > 0) return;
  markdown_ << "| " << absl::StrJoin(header, " | ") << " |\n|";
  for (size_t i = 0; i < header.size(); ++i) markdown_ << " --- |";
  markdown_ << "\n";
  for (const std::vector<std::string>& row : rows) {
    markdown_ << "| " << absl::StrJoin(row, " | ") << " |\n";
  }
  markdown_ << "\n";
}

std::string ResultsPage::StagingDirectory() const { return docs_dir_ + "/images/results.partial"; }

std::string ResultsPage::ScratchPictures() const { return StagingDirectory() + "/later-runs"; }

std::string ResultsPage::PicturePath(absl::string_view name) const {
  if (run_ == 0) return absl::StrCat(StagingDirectory(), "/", name);
  std::error_code error;
  std::filesystem::create_directories(ScratchPictures(), error);
  return absl::StrCat(ScratchPictures(), "/", name);
}

void ResultsPage::Picture(absl::string_view name, absl::string_view caption) {
  if (run_ > 0) return;
  markdown_ << "![" << caption << "](images/results/" << name << ")\n\n*" << caption << "*\n\n";
}

ResultsPage::Entry& ResultsPage::Record(absl::string_view label, Kind kind,
                                        std::string* placeholder) {
  auto [found, inserted] = entries_.try_emplace(std::string(label));
  if (inserted) {
    found->second.kind = kind;
    found->second.index = labels_.size();
    labels_.push_back(found->first);
  }
  *placeholder = absl::StrCat(kMark, found->second.index, kMark);
  return found->second;
}

std::string ResultsPage::Number(absl::string_view label, double value, int digits) {
  std::string placeholder;
  Entry& entry = Record(label, Kind::kNumber, &placeholder);
  entry.digits = digits;
  entry.values[run_] = value;
  numbers_ << label << ": " << FormatValue(value, digits) << std::endl;
  return placeholder;
}

std::string ResultsPage::Text(absl::string_view label, absl::string_view value) {
  std::string placeholder;
  Record(label, Kind::kText, &placeholder).texts[run_] = std::string(value);
  numbers_ << label << ": " << value << std::endl;
  return placeholder;
}

std::string ResultsPage::Check(absl::string_view label, bool holds) {
  std::string placeholder;
  Record(label, Kind::kCheck, &placeholder).texts[run_] = holds ? "1" : "0";
  numbers_ << label << ": " << (holds ? "yes" : "no") << std::endl;
  return placeholder;
}

std::string ResultsPage::Resolve(const Entry& entry) const {
  if (entry.kind == Kind::kNumber) {
    std::vector<double> finite;
    for (const auto& [run, value] : entry.values) {
      if (std::isfinite(value)) finite.push_back(value);
    }
    if (finite.empty()) return "nan";
    const std::string missing = finite.size() < entry.values.size()
                                    ? absl::StrCat(" (nan in ", entry.values.size() - finite.size(),
                                                   " of ", Runs(entry.values.size()), ")")
                                    : "";
    const bool same = std::all_of(finite.begin(), finite.end(),
                                  [&](double value) { return value == finite.front(); });
    if (same) return FormatValue(finite.front(), entry.digits) + missing;
    double mean = 0;
    for (double value : finite) mean += value / static_cast<double>(finite.size());
    double squares = 0;
    for (double value : finite) squares += (value - mean) * (value - mean);
    const double sd = std::sqrt(squares / static_cast<double>(finite.size() - 1));
    return absl::StrCat(FormatValue(mean, entry.digits), " ± ", FormatSpread(sd), missing);
  }
  std::vector<std::pair<std::string, size_t>> outcomes;  // in the order first seen
  for (const auto& run_text : entry.texts) {
    const std::string& text = run_text.second;
    auto found = std::find_if(outcomes.begin(), outcomes.end(),
                              [&](const auto& outcome) { return outcome.first == text; });
    if (found == outcomes.end()) {
      outcomes.emplace_back(text, 1);
    } else {
      ++found->second;
    }
  }
  const size_t total = entry.texts.size();
  if (entry.kind == Kind::kCheck) {
    size_t holds = 0;
    for (const auto& [text, count] : outcomes) holds += text == "1" ? count : 0;
    if (total == 1) return holds == 1 ? "yes" : "**no**";
    if (holds == total) return absl::StrCat("yes (all ", Runs(total), ")");
    if (holds == 0) return absl::StrCat("**no** (none of ", Runs(total), ")");
    return absl::StrCat("**in ", holds, " of ", Runs(total), "**");
  }
  if (outcomes.size() == 1) return outcomes.front().first;
  std::vector<std::string> parts;
  parts.reserve(outcomes.size());
  for (const auto& [text, count] : outcomes) {
    parts.push_back(absl::StrCat(text, " (", count, " of ", Runs(total), ")"));
  }
  return absl::StrJoin(parts, "; ");
}

std::string ResultsPage::Markdown() const {
  const std::string text = markdown_.str();
  std::string page;
  size_t at = 0, open = 0;
  while ((open = text.find(kMark, at)) != std::string::npos) {
    const size_t close = text.find(kMark, open + kMarkSize);
    size_t index = 0;
    if (close != std::string::npos &&
        absl::SimpleAtoi(text.substr(open + kMarkSize, close - open - kMarkSize), &index) &&
        index < labels_.size()) {
      page += text.substr(at, open - at);
      page += Resolve(entries_.at(labels_[index]));
      at = close + kMarkSize;
    } else {
      page += text.substr(at, open + kMarkSize - at);
      at = open + kMarkSize;
    }
  }
  return page + text.substr(at);
}

absl::Status ResultsPage::Write() const {
  const std::string pictures = docs_dir_ + "/images/results";
  std::error_code error;
  std::filesystem::remove_all(ScratchPictures(), error);
  std::filesystem::remove_all(pictures, error);
  if (!error) std::filesystem::rename(StagingDirectory(), pictures, error);
  if (error) return absl::InternalError(absl::StrCat(pictures, ": ", error.message()));
  const std::string path = docs_dir_ + "/results.md";
  const std::string partial = path + ".partial";
  {
    std::ofstream out(partial, std::ios::trunc);
    out << Markdown();
    out.close();
    if (!out) return absl::InternalError(absl::StrCat(partial, ": cannot write"));
  }
  std::filesystem::rename(partial, path, error);
  if (error) return absl::InternalError(absl::StrCat(path, ": ", error.message()));
  return absl::OkStatus();
}

}  // namespace latentspace::reproduce
