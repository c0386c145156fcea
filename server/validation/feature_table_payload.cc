// Feature tables from the API: names and length checked once, rows read out one by one.
#include "server/validation/feature_table_payload.h"

#include <cmath>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/features/feature_table.h"

namespace latentspace::server {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "FeatureTable values are little-endian: this reader copies them as they lie");

absl::StatusOr<FeatureTableView> FeatureTableView::Open(const v1::FeatureTable& table,
                                                        absl::string_view where) {
  std::vector<std::string> columns(table.columns().begin(), table.columns().end());
  if (absl::Status names = CheckColumnNames(columns); !names.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": ", names.message()));
  }
  const size_t row_bytes = columns.size() * sizeof(double);
  if (table.values().size() % row_bytes != 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        where, ": values hold ", table.values().size(), " bytes, not a whole number of rows of ",
        columns.size(), " doubles (", row_bytes, " bytes each)"));
  }
  const auto rows = static_cast<int64_t>(table.values().size() / row_bytes);
  return FeatureTableView(table, std::move(columns), rows);
}

int64_t FeatureTableView::CountRows(const v1::FeatureTable& table) {
  if (table.columns().empty()) return 0;
  return static_cast<int64_t>(table.values().size() / (table.columns_size() * sizeof(double)));
}

absl::Status FeatureTableView::Row(int64_t i, absl::string_view where,
                                   absl::Span<double> out) const {
  const size_t width = columns_.size();
  std::memcpy(out.data(), table_->values().data() + i * width * sizeof(double),
              width * sizeof(double));
  for (size_t c = 0; c < width; ++c) {
    if (!std::isfinite(out[c])) {
      return absl::InvalidArgumentError(absl::StrCat(where, " row ", i, " column '", columns_[c],
                                                     "': ", out[c], " is not finite"));
    }
    if (std::abs(out[c]) > kMaxFeatureMagnitude) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, " row ", i, " column '", columns_[c], "': ", out[c],
                       " is beyond a float's range (|value| > 3e38), which the models compute in"));
    }
  }
  return absl::OkStatus();
}

}  // namespace latentspace::server
