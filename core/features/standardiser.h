// Per-feature standardisation to mean 0 and standard deviation 1 on the training data
// (science.md); the fitted transform is serialised with the encoder and applied to everything
// embedded later.
#ifndef LATENTSPACE_CORE_FEATURES_STANDARDISER_H_
#define LATENTSPACE_CORE_FEATURES_STANDARDISER_H_

#include <string>
#include <vector>
#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"
#include "core/features/feature_matrix.h"

namespace latentspace {

class Standardiser {
 public:
  // Fits mean and population standard deviation of each column (as numpy's std), accumulating in
  // double. A constant column keeps scale 1 so it maps to 0. Needs at least one row.
  static absl::StatusOr<Standardiser> Fit(const FeatureMatrix& matrix);

  // Replaces every value x of column c by (x - mean[c]) / scale[c]. The matrix's columns must be
  // the fitted ones, by name and order.
  absl::Status Apply(FeatureMatrix* matrix) const;

  // JSON: {"format": 1, "features": [...], "mean": [...], "std": [...]}; doubles round-trip.
  std::string ToJson() const;
  // Validates the format, lengths, finiteness and std > 0, naming the offending field.
  static absl::StatusOr<Standardiser> FromJson(absl::string_view json);

  const std::vector<std::string>& names() const { return names_; }
  const std::vector<double>& mean() const { return mean_; }
  // The divisor of each column: its standard deviation, or 1 for a constant column.
  const std::vector<double>& scale() const { return scale_; }

 private:
  std::vector<std::string> names_;
  std::vector<double> mean_;
  std::vector<double> scale_;
};

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_FEATURES_STANDARDISER_H_
