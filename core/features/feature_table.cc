// Feature tables: the header's checks, each row's numbers, and telling a table from an event file.
#include "core/features/feature_table.h"

#include <cmath>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "core/status_macros.h"

namespace latentspace {
namespace {

// A field without the spaces around it and the double quotes around that.
absl::string_view Unquote(absl::string_view field) {
  field = absl::StripAsciiWhitespace(field);
  if (field.size() >= 2 && field.front() == '"' && field.back() == '"') {
    field = field.substr(1, field.size() - 2);
  }
  return field;
}

bool IsNumber(absl::string_view field) {
  double value = 0;
  return absl::SimpleAtod(field, &value);
}

// "path:line: " for messages.
std::string Where(const LineReader& lines) {
  return absl::StrCat(lines.path(), ":", lines.line_number(), ": ");
}

}  // namespace

FeatureTableReader::FeatureTableReader(std::unique_ptr<LineReader> lines,
                                       std::vector<std::string> columns)
    : lines_(std::move(lines)), columns_(std::move(columns)) {}

absl::StatusOr<std::unique_ptr<FeatureTableReader>> FeatureTableReader::Open(
    const std::string& path) {
  LATENT_ASSIGN_OR_RETURN(std::unique_ptr<LineReader> lines, LineReader::Open(path));
  absl::string_view header;
  LATENT_ASSIGN_OR_RETURN(bool any, lines->Next(&header));
  if (!any) return absl::InvalidArgumentError(absl::StrCat(path, ": empty file: no header row"));
  std::vector<std::string> columns;
  std::set<std::string> seen;
  for (absl::string_view field : absl::StrSplit(header, ',')) {
    const std::string name(Unquote(field));
    const size_t column = columns.size() + 1;
    if (name.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          Where(*lines), "column ", column,
          " has no name (a table needs a header row naming every column; pandas writes its index "
          "as an unnamed first column unless to_csv(..., index=False))"));
    }
    if (IsNumber(name)) {
      return absl::InvalidArgumentError(
          absl::StrCat(Where(*lines), "column ", column, " is named '", absl::CHexEscape(name),
                       "', a number: the first line must name the columns"));
    }
    if (!seen.insert(name).second) {
      return absl::InvalidArgumentError(absl::StrCat(Where(*lines), "column ", column, " '",
                                                     absl::CHexEscape(name),
                                                     "' has the name of an earlier column"));
    }
    columns.push_back(name);
  }
  return std::unique_ptr<FeatureTableReader>(
      new FeatureTableReader(std::move(lines), std::move(columns)));
}

absl::StatusOr<bool> FeatureTableReader::Next(std::vector<double>* values) {
  absl::string_view line;
  LATENT_ASSIGN_OR_RETURN(bool any, lines_->Next(&line));
  if (!any) return false;
  if (absl::StripAsciiWhitespace(line).empty()) {
    return absl::InvalidArgumentError(absl::StrCat(Where(*lines_), "an empty line where a row of ",
                                                   columns_.size(), " values should be"));
  }
  values->clear();
  for (absl::string_view field : absl::StrSplit(line, ',')) {
    if (values->size() == columns_.size()) {
      return absl::InvalidArgumentError(
          absl::StrCat(Where(*lines_), "more than the ", columns_.size(), " fields of the header"));
    }
    const std::string& column = columns_[values->size()];
    double value = 0;
    const absl::string_view text = Unquote(field);
    if (!absl::SimpleAtod(text, &value)) {
      return absl::InvalidArgumentError(absl::StrCat(Where(*lines_), "column '", column, "': '",
                                                     absl::CHexEscape(text), "' is not a number"));
    }
    if (!std::isfinite(value)) {
      return absl::InvalidArgumentError(
          absl::StrCat(Where(*lines_), "column '", column, "': ", text, " is not finite"));
    }
    values->push_back(value);
  }
  if (values->size() != columns_.size()) {
    return absl::InvalidArgumentError(absl::StrCat(Where(*lines_), values->size(), " fields, the ",
                                                   columns_.size(), " of the header expected (no '",
                                                   columns_[values->size()], "')"));
  }
  ++rows_;
  return true;
}

bool IsFeatureTableHeader(absl::string_view line) {
  if (absl::StrContains(line, ';') || absl::StartsWith(line, "HepMC::") ||
      absl::StartsWith(absl::StripLeadingAsciiWhitespace(line), "<")) {
    return false;
  }
  for (absl::string_view field : absl::StrSplit(line, ',')) {
    const absl::string_view name = Unquote(field);
    if (!name.empty() && !IsNumber(name)) return true;
  }
  return false;
}

bool LooksLikeFeatureTable(const std::string& path) {
  absl::StatusOr<std::unique_ptr<LineReader>> lines = LineReader::Open(path);
  if (!lines.ok()) return false;
  absl::string_view first;
  absl::StatusOr<bool> any = (*lines)->Next(&first);
  return any.ok() && *any && IsFeatureTableHeader(first);
}

}  // namespace latentspace
