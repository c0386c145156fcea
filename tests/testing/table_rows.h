// Every row of a feature table (core/features/feature_table.h) at once, for the tests of its
// readers.
#ifndef LATENTSPACE_TESTS_TESTING_TABLE_ROWS_H_
#define LATENTSPACE_TESTS_TESTING_TABLE_ROWS_H_

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "core/features/feature_table.h"

namespace latentspace::testing {

// The rows of the opened table, or the error of opening it or of its first bad row.
template <typename Reader>
absl::StatusOr<std::vector<std::vector<double>>> TableRows(
    absl::StatusOr<std::unique_ptr<Reader>> table) {
  if (!table.ok()) return table.status();
  std::vector<std::vector<double>> rows;
  std::vector<double> row;
  for (;;) {
    absl::StatusOr<bool> more = (*table)->Next(&row);
    if (!more.ok()) return more.status();
    if (!*more) return rows;
    rows.push_back(row);
  }
}

}  // namespace latentspace::testing

#endif  // LATENTSPACE_TESTS_TESTING_TABLE_ROWS_H_
