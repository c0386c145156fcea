// Building the API's FeatureTable (rows of named per-event features, values packed little-endian,
// events.proto) one row at a time, and counting the rows a message holds.
#ifndef LATENTSPACE_CLIENT_SDK_FEATURE_TABLE_H_
#define LATENTSPACE_CLIENT_SDK_FEATURE_TABLE_H_

#include <cstdint>

#include "absl/types/span.h"
#include "latentspace/v1/events.pb.h"

namespace latentspace {

// The number of rows `table` holds (0 without columns).
int64_t FeatureTableRows(const v1::FeatureTable& table);

// Appends `row` (one value per column of *table) to its values. Nothing is checked here: the
// server validates every value and names the row and the column.
void AppendFeatureTableRow(absl::Span<const double> row, v1::FeatureTable* table);

}  // namespace latentspace

#endif  // LATENTSPACE_CLIENT_SDK_FEATURE_TABLE_H_
