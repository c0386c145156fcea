// Tables of per-event features with named columns (an analysis's ntuple flattened to one row per
// event), read from CSV with a header row: streamed row by row, so memory stays constant whatever
// the file's size. Plain or gzip files (recognised by content).
#ifndef LATENTSPACE_CORE_FEATURES_FEATURE_TABLE_H_
#define LATENTSPACE_CORE_FEATURES_FEATURE_TABLE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/events/line_reader.h"

namespace latentspace {

class FeatureTableReader {
 public:
  // Opens `path` and reads its header: column names separated by commas (spaces around a name
  // and double quotes around it are dropped; a name cannot hold a comma), each non-empty, unique
  // and not a number. NOT_FOUND or FAILED_PRECONDITION when the file cannot be read;
  // INVALID_ARGUMENT naming the file, line 1 and the column otherwise.
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
