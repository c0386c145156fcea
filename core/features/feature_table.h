// Tables of per-event features with named columns (an analysis's ntuple flattened to one row per
// event), read from CSV with a header row: streamed row by row, so memory stays constant whatever
// the file's size. Plain or gzip files (recognised by content). Also the rules for column names
// wherever they arrive (a header, an upload, a preset), picking a model's columns out of a table
// by name, and writing rows that read back exactly.
#ifndef LATENTSPACE_CORE_FEATURES_FEATURE_TABLE_H_
#define LATENTSPACE_CORE_FEATURES_FEATURE_TABLE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "core/events/line_reader.h"

namespace latentspace {

// Column names: each non-empty, not a number, without a comma, a double quote, a control
// character or spaces around it, and unique. INVALID_ARGUMENT naming the column (1-based) and the
// name at fault; also for no names at all.
absl::Status CheckColumnNames(absl::Span<const std::string> names);

// Where each wanted column sits among a table's columns, to take a model's features out of rows
// that hold them in any order beside other columns.
class ColumnPicker {
 public:
  // INVALID_ARGUMENT "`source` has no column 'X' (its columns: a, b, ...)" for the first wanted
  // name the table lacks.
  static absl::StatusOr<ColumnPicker> Make(absl::Span<const std::string> columns,
                                           absl::Span<const std::string> wanted,
                                           absl::string_view source);
  // out[i] = row[position of wanted[i]]; `out` holds wanted.size() values.
  void Take(absl::Span<const double> row, absl::Span<double> out) const;

 private:
  std::vector<size_t> positions_;
};

// A table's header line (names joined by commas, a newline after) and rows in the shortest
// decimals that read back to the same doubles: what FeatureTableReader reads.
void AppendTableHeader(absl::Span<const std::string> columns, std::string* out);
void AppendTableRow(absl::Span<const double> values, std::string* out);

class FeatureTableReader {
 public:
  // Opens `path` and reads its header: column names separated by commas (spaces around a name
  // and double quotes around it are dropped), as CheckColumnNames says. NOT_FOUND or
  // FAILED_PRECONDITION when the file cannot be read; INVALID_ARGUMENT naming the file, line 1
  // and the column otherwise.
  static absl::StatusOr<std::unique_ptr<FeatureTableReader>> Open(const std::string& path);

  const std::vector<std::string>& columns() const { return columns_; }

  // Sets *values to the next row's columns().size() numbers and returns true, or returns false at
  // the end of the file. INVALID_ARGUMENT names the file, the line, and the column and the value
  // at fault: a field that is not a number or not finite, a row with too few or too many fields,
  // an empty line. After an error the reader must not be used further.
  absl::StatusOr<bool> Next(std::vector<double>* values);

  const std::string& path() const { return lines_->path(); }
  // Rows returned so far.
  int64_t rows() const { return rows_; }
  int64_t bytes_consumed() const { return lines_->bytes_consumed(); }
  int64_t file_bytes() const { return lines_->file_bytes(); }

 private:
  FeatureTableReader(std::unique_ptr<LineReader> lines, std::vector<std::string> columns);

  std::unique_ptr<LineReader> lines_;
  std::vector<std::string> columns_;
  int64_t rows_ = 0;
};

// Whether `line`, the first of a file, is a feature table's header: no ';' (Dark Machines lines
// are ';'-separated), no HepMC or LHE mark, and a comma-separated field that is not a number.
bool IsFeatureTableHeader(absl::string_view line);

// Whether the file at `path` starts with such a header (false when it cannot be read).
bool LooksLikeFeatureTable(const std::string& path);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_FEATURES_FEATURE_TABLE_H_
