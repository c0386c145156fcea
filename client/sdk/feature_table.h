// Building the API's FeatureTable (rows of named per-event features, values packed little-endian,
// events.proto) one row at a time, counting the rows a message holds and reading one back.
#ifndef LATENTSPACE_CLIENT_SDK_FEATURE_TABLE_H_
#define LATENTSPACE_CLIENT_SDK_FEATURE_TABLE_H_

#include <cstdint>
#include <vector>

#include "absl/types/span.h"
#include "latentspace/v1/events.pb.h"

namespace latentspace {

// The number of rows `table` holds (0 without columns).
int64_t FeatureTableRows(const v1::FeatureTable& table);

// Appends `row` (one value per column of *table) to its values. Nothing is checked here: the
// server validates every value and names the row and the column.
void AppendFeatureTableRow(absl::Span<const double> row, v1::FeatureTable* table);

// Row `row` (0-based, below FeatureTableRows) of `table`, one value per column.
std::vector<double> FeatureTableRow(const v1::FeatureTable& table, int64_t row);

}  // namespace latentspace

#endif  // LATENTSPACE_CLIENT_SDK_FEATURE_TABLE_H_
