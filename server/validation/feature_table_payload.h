// Feature tables sent over the API (v1::FeatureTable): the column names and the values' length
// checked once, then each row read out with its values checked finite, errors naming the row and
// the column.
#ifndef LATENTSPACE_SERVER_VALIDATION_FEATURE_TABLE_PAYLOAD_H_
#define LATENTSPACE_SERVER_VALIDATION_FEATURE_TABLE_PAYLOAD_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "latentspace/v1/events.pb.h"

namespace latentspace::server {

// The largest magnitude of a feature value a client may send: models compute in float, and a
// double beyond float's range (about 3.4e38) would turn into infinity there.
inline constexpr double kMaxFeatureMagnitude = 3e38;

class FeatureTableView {
 public:
  // INVALID_ARGUMENT, prefixed by `where` (e.g. "chunk 2 table"), for a column name against the
  // rules (CheckColumnNames) or values that are not a whole number of rows. `table` must outlive
  // the view.
  static absl::StatusOr<FeatureTableView> Open(const v1::FeatureTable& table,
                                               absl::string_view where);

  // The rows `table` holds, before any check (0 without columns).
  static int64_t CountRows(const v1::FeatureTable& table);

  const std::vector<std::string>& columns() const { return columns_; }
  int64_t rows() const { return rows_; }

  // Row i (0-based) into `out` (columns().size() values). INVALID_ARGUMENT "`where` row i column
  // 'X': nan is not finite" for a value that is not finite, and "... 1e+300 is beyond a float's
  // range" past kMaxFeatureMagnitude.
  absl::Status Row(int64_t i, absl::string_view where, absl::Span<double> out) const;

 private:
  FeatureTableView(const v1::FeatureTable& table, std::vector<std::string> columns, int64_t rows)
      : table_(&table), columns_(std::move(columns)), rows_(rows) {}

  const v1::FeatureTable* table_;
  std::vector<std::string> columns_;
  int64_t rows_;
};

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_VALIDATION_FEATURE_TABLE_PAYLOAD_H_
