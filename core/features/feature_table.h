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
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "core/events/line_reader.h"
#include "core/events/text_file_writer.h"

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

// Writes a CSV table (plain, or gzip for a name ending in ".gz", atomically as TextFileWriter): the
// header, then rows that read back to the same doubles.
class FeatureTableWriter {
 public:
  // INVALID_ARGUMENT for names CheckColumnNames refuses; TextFileWriter::Create's errors.
  static absl::StatusOr<std::unique_ptr<FeatureTableWriter>> Create(
      const std::string& path, std::vector<std::string> columns);
  // INVALID_ARGUMENT naming the file for a row of another width or a value that is not finite;
  // nothing is written then.
  absl::Status Write(absl::Span<const double> row);
  absl::Status Close() { return file_->Close(); }

 private:
  FeatureTableWriter(std::unique_ptr<TextFileWriter> file, std::vector<std::string> columns);

  std::unique_ptr<TextFileWriter> file_;
  std::vector<std::string> columns_;
  std::string line_;
};

// A feature table read row by row, whatever holds it (CSV here; HDF5 in hdf5_table.h).
class FeatureTableReader {
 public:
  virtual ~FeatureTableReader() = default;

  const std::vector<std::string>& columns() const { return columns_; }

  // Sets *values to the next row's columns().size() numbers and returns true, or returns false at
  // the end of the table. INVALID_ARGUMENT names the file, where in it (line, or row), and the
  // column and the value at fault: a value that is not a number or not finite, a row with too few
  // or too many fields. After an error the reader must not be used further.
  virtual absl::StatusOr<bool> Next(std::vector<double>* values) = 0;

  virtual const std::string& path() const = 0;
  // Rows returned so far.
  int64_t rows() const { return rows_; }
  // Progress through the table, for progress bars.
  virtual int64_t bytes_consumed() const = 0;
  virtual int64_t file_bytes() const = 0;

 protected:
  explicit FeatureTableReader(std::vector<std::string> columns) : columns_(std::move(columns)) {}
  void CountRow() { ++rows_; }

 private:
  std::vector<std::string> columns_;
  int64_t rows_ = 0;
};

// A CSV table: a header row naming the columns, then one row of numbers per event.
class CsvTableReader final : public FeatureTableReader {
 public:
  // Opens `path` and reads its header: column names separated by commas (spaces around a name
  // and double quotes around it are dropped), as CheckColumnNames says. NOT_FOUND or
  // FAILED_PRECONDITION when the file cannot be read; INVALID_ARGUMENT naming the file, line 1
  // and the column otherwise.
  static absl::StatusOr<std::unique_ptr<CsvTableReader>> Open(const std::string& path);

  // Errors also name the line; an empty line is one.
  absl::StatusOr<bool> Next(std::vector<double>* values) override;

  const std::string& path() const override { return lines_->path(); }
  int64_t bytes_consumed() const override { return lines_->bytes_consumed(); }
  int64_t file_bytes() const override { return lines_->file_bytes(); }

 private:
  CsvTableReader(std::unique_ptr<LineReader> lines, std::vector<std::string> columns);

  std::unique_ptr<LineReader> lines_;
};

// Whether `line`, the first of a file, is a feature table's header: no ';' (Dark Machines lines
// are ';'-separated), no HepMC or LHE mark, and a comma-separated field that is not a number.
bool IsFeatureTableHeader(absl::string_view line);

// Whether the file at `path` starts with HDF5's signature.
bool IsHdf5File(const std::string& path);

// Whether the file at `path` is an HDF5 file or starts with such a header (false when it cannot be
// read).
bool LooksLikeFeatureTable(const std::string& path);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_FEATURES_FEATURE_TABLE_H_
