// Feature tables: column names, picking columns, writing rows, the header's checks, each row's
// numbers, and telling a table from an event file.
#include "core/features/feature_table.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "core/events/darkmachines_writer.h"
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

absl::Status CheckColumnNames(absl::Span<const std::string> names) {
  if (names.empty()) return absl::InvalidArgumentError("no column names");
  std::set<absl::string_view> seen;
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string& name = names[i];
    const std::string column = absl::StrCat("column ", i + 1);
    if (name.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          column,
          " has no name (a table needs a name for every column; pandas writes its index as an "
          "unnamed first column unless to_csv(..., index=False))"));
    }
    const std::string quoted = absl::StrCat("'", absl::CHexEscape(name), "'");
    if (IsNumber(name)) {
      return absl::InvalidArgumentError(absl::StrCat(
          column, " is named ", quoted, ", a number: the first line must name the columns"));
    }
    const bool control = std::any_of(name.begin(), name.end(), [](char c) {
      return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
    });
    if (control || name.find_first_of(",\"") != std::string::npos ||
        absl::StripAsciiWhitespace(name) != name) {
      return absl::InvalidArgumentError(absl::StrCat(
          column, " ", quoted,
          ": a column name may not hold a comma, a double quote, a control character or spaces "
          "around it"));
    }
    if (!seen.insert(name).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(column, " ", quoted, " has the name of an earlier column"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<ColumnPicker> ColumnPicker::Make(absl::Span<const std::string> columns,
                                                absl::Span<const std::string> wanted,
                                                absl::string_view source) {
  ColumnPicker picker;
  for (const std::string& name : wanted) {
    const auto found = std::find(columns.begin(), columns.end(), name);
    if (found == columns.end()) {
      constexpr size_t kListed = 12;
      const absl::Span<const std::string> listed = columns.subspan(0, kListed);
      return absl::InvalidArgumentError(absl::StrCat(
          source, " has no column '", absl::CHexEscape(name),
          "' (its columns: ", absl::StrJoin(listed, ", "),
          columns.size() > kListed ? absl::StrCat(" and ", columns.size() - kListed, " more") : "",
          ")"));
    }
    picker.positions_.push_back(static_cast<size_t>(found - columns.begin()));
  }
  return picker;
}

void ColumnPicker::Take(absl::Span<const double> row, absl::Span<double> out) const {
  for (size_t i = 0; i < positions_.size(); ++i) out[i] = row[positions_[i]];
}

void AppendTableHeader(absl::Span<const std::string> columns, std::string* out) {
  absl::StrAppend(out, absl::StrJoin(columns, ","), "\n");
}

void AppendTableRow(absl::Span<const double> values, std::string* out) {
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out->push_back(',');
    AppendShortest(values[i], out);
  }
  out->push_back('\n');
}

absl::StatusOr<std::unique_ptr<FeatureTableWriter>> FeatureTableWriter::Create(
    const std::string& path, std::vector<std::string> columns) {
  if (absl::Status names = CheckColumnNames(columns); !names.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", names.message()));
  }
  LATENT_ASSIGN_OR_RETURN(std::unique_ptr<TextFileWriter> file, TextFileWriter::Create(path));
  std::string header;
  AppendTableHeader(columns, &header);
  LATENT_RETURN_IF_ERROR(file->Write(header));
  return std::unique_ptr<FeatureTableWriter>(
      new FeatureTableWriter(std::move(file), std::move(columns)));
}

FeatureTableWriter::FeatureTableWriter(std::unique_ptr<TextFileWriter> file,
                                       std::vector<std::string> columns)
    : file_(std::move(file)), columns_(std::move(columns)) {}

absl::Status FeatureTableWriter::Write(absl::Span<const double> row) {
  if (row.size() != columns_.size()) {
    return absl::InvalidArgumentError(absl::StrCat(file_->path(), ": a row of ", row.size(),
                                                   " values for ", columns_.size(), " columns"));
  }
  for (size_t c = 0; c < row.size(); ++c) {
    if (!std::isfinite(row[c])) {
      return absl::InvalidArgumentError(
          absl::StrCat(file_->path(), ": column '", columns_[c], "': ", row[c], " is not finite"));
    }
  }
  line_.clear();
  AppendTableRow(row, &line_);
  return file_->Write(line_);
}

CsvTableReader::CsvTableReader(std::unique_ptr<LineReader> lines, std::vector<std::string> columns)
    : FeatureTableReader(std::move(columns)), lines_(std::move(lines)) {}

absl::StatusOr<std::unique_ptr<CsvTableReader>> CsvTableReader::Open(const std::string& path) {
  LATENT_ASSIGN_OR_RETURN(std::unique_ptr<LineReader> lines, LineReader::Open(path));
  absl::string_view header;
  LATENT_ASSIGN_OR_RETURN(bool any, lines->Next(&header));
  if (!any) return absl::InvalidArgumentError(absl::StrCat(path, ": empty file: no header row"));
  std::vector<std::string> columns;
  for (absl::string_view field : absl::StrSplit(header, ',')) columns.emplace_back(Unquote(field));
  if (absl::Status names = CheckColumnNames(columns); !names.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(Where(*lines), names.message()));
  }
  return std::unique_ptr<CsvTableReader>(new CsvTableReader(std::move(lines), std::move(columns)));
}

absl::StatusOr<bool> CsvTableReader::Next(std::vector<double>* values) {
  absl::string_view line;
  LATENT_ASSIGN_OR_RETURN(bool any, lines_->Next(&line));
  if (!any) return false;
  if (absl::StripAsciiWhitespace(line).empty()) {
    return absl::InvalidArgumentError(absl::StrCat(Where(*lines_), "an empty line where a row of ",
                                                   columns().size(), " values should be"));
  }
  values->clear();
  for (absl::string_view field : absl::StrSplit(line, ',')) {
    if (values->size() == columns().size()) {
      return absl::InvalidArgumentError(absl::StrCat(Where(*lines_), "more than the ",
                                                     columns().size(), " fields of the header"));
    }
    const std::string& column = columns()[values->size()];
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
  if (values->size() != columns().size()) {
    return absl::InvalidArgumentError(
        absl::StrCat(Where(*lines_), values->size(), " fields, the ", columns().size(),
                     " of the header expected (no '", columns()[values->size()], "')"));
  }
  CountRow();
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

bool IsHdf5File(const std::string& path) {
  static constexpr char kSignature[] = "\x89HDF\r\n\x1a\n";
  std::ifstream file(path, std::ios::binary);
  std::array<char, sizeof(kSignature) - 1> start{};
  return file.read(start.data(), start.size()) &&
         std::equal(start.begin(), start.end(), kSignature);
}

bool LooksLikeFeatureTable(const std::string& path) {
  if (IsHdf5File(path)) return true;
  absl::StatusOr<std::unique_ptr<LineReader>> lines = LineReader::Open(path);
  if (!lines.ok()) return false;
  absl::string_view first;
  absl::StatusOr<bool> any = (*lines)->Next(&first);
  return any.ok() && *any && IsFeatureTableHeader(first);
}

}  // namespace latentspace
