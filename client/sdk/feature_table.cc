// Feature tables as the API sends them: rows appended as packed little-endian doubles.
#include "client/sdk/feature_table.h"

namespace latentspace {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "FeatureTable values are little-endian: this builder copies them as they lie");

int64_t FeatureTableRows(const v1::FeatureTable& table) {
  if (table.columns().empty()) return 0;
  return static_cast<int64_t>(table.values().size() / (table.columns_size() * sizeof(double)));
}

void AppendFeatureTableRow(absl::Span<const double> row, v1::FeatureTable* table) {
  table->mutable_values()->append(reinterpret_cast<const char*>(row.data()),
                                  row.size() * sizeof(double));
}

}  // namespace latentspace
