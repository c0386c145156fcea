// Feature tables as the API sends them: rows appended, and read back, as packed little-endian
// doubles.
#include "client/sdk/feature_table.h"

#include <string>

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

std::vector<double> FeatureTableRow(const v1::FeatureTable& table, int64_t row) {
  std::vector<double> values(static_cast<size_t>(table.columns_size()));
  const size_t bytes = values.size() * sizeof(double);
  table.values().copy(reinterpret_cast<char*>(values.data()), bytes,
                      static_cast<size_t>(row) * bytes);
  return values;
}

}  // namespace latentspace
