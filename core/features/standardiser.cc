// Per-feature standardisation, fitted on training data and serialised as JSON.
#include "core/features/standardiser.h"

#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "nlohmann/json.hpp"

namespace latentspace {
namespace {

constexpr int kFormatVersion = 1;

}  // namespace

absl::StatusOr<Standardiser> Standardiser::Fit(const FeatureMatrix& matrix) {
  if (matrix.rows() == 0) {
    return absl::InvalidArgumentError("cannot fit a standardiser on zero rows");
  }
  const int64_t cols = matrix.cols();
  std::vector<double> mean(cols, 0.0);
  std::vector<double> m2(cols, 0.0);
  // Welford's update, column-wise, stable for large offsets such as energies in GeV.
  for (int64_t r = 0; r < matrix.rows(); ++r) {
    const float* row = matrix.row(r);
    const double n = static_cast<double>(r + 1);
    for (int64_t c = 0; c < cols; ++c) {
      const double delta = row[c] - mean[c];
      mean[c] += delta / n;
      m2[c] += delta * (row[c] - mean[c]);
    }
  }
  Standardiser result;
  result.names_ = matrix.names;
  result.mean_ = std::move(mean);
  result.scale_.resize(cols);
  for (int64_t c = 0; c < cols; ++c) {
    const double std = std::sqrt(m2[c] / static_cast<double>(matrix.rows()));
    result.scale_[c] = std > 0 ? std : 1.0;
  }
  return result;
}

absl::Status Standardiser::Apply(FeatureMatrix* matrix) const {
  if (matrix->names != names_) {
    return absl::InvalidArgumentError(
        absl::StrCat("feature columns [", absl::StrJoin(matrix->names, ", "),
                     "] do not match the standardiser's [", absl::StrJoin(names_, ", "), "]"));
  }
  const int64_t cols = matrix->cols();
  std::vector<double> inverse(cols);
  for (int64_t c = 0; c < cols; ++c) inverse[c] = 1.0 / scale_[c];
  for (int64_t r = 0; r < matrix->rows(); ++r) {
    float* row = matrix->row(r);
    for (int64_t c = 0; c < cols; ++c) {
      row[c] = static_cast<float>((row[c] - mean_[c]) * inverse[c]);
    }
  }
  return absl::OkStatus();
}

std::string Standardiser::ToJson() const {
  nlohmann::ordered_json json;
  json["format"] = kFormatVersion;
  json["features"] = names_;
  json["mean"] = mean_;
  json["std"] = scale_;
  return json.dump();
}

absl::StatusOr<Standardiser> Standardiser::FromJson(absl::string_view text) {
  const nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) {
    return absl::InvalidArgumentError("standardiser: not a JSON object");
  }
  if (!json.contains("format") || json["format"] != kFormatVersion) {
    return absl::InvalidArgumentError(
        absl::StrCat("standardiser: field 'format' must be ", kFormatVersion));
  }
  for (const char* field : {"features", "mean", "std"}) {
    if (!json.contains(field) || !json[field].is_array()) {
      return absl::InvalidArgumentError(
          absl::StrCat("standardiser: field '", field, "' missing or not an array"));
    }
  }
  const size_t cols = json["features"].size();
  if (cols == 0 || json["mean"].size() != cols || json["std"].size() != cols) {
    return absl::InvalidArgumentError(absl::StrCat(
        "standardiser: 'features', 'mean' and 'std' must have the same non-zero length (", cols,
        ", ", json["mean"].size(), ", ", json["std"].size(), ")"));
  }
  Standardiser result;
  for (size_t c = 0; c < cols; ++c) {
    const nlohmann::json& name = json["features"][c];
    const nlohmann::json& mean = json["mean"][c];
    const nlohmann::json& std = json["std"][c];
    if (!name.is_string() || name.get<std::string>().empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("standardiser: features[", c, "] is not a non-empty string"));
    }
    if (!mean.is_number() || !std::isfinite(mean.get<double>())) {
      return absl::InvalidArgumentError(absl::StrCat(
          "standardiser: mean[", c, "] (", name.get<std::string>(), ") is not a finite number"));
    }
    if (!std.is_number() || !std::isfinite(std.get<double>()) || std.get<double>() <= 0) {
      return absl::InvalidArgumentError(absl::StrCat("standardiser: std[", c, "] (",
                                                     name.get<std::string>(),
                                                     ") is not a finite positive number"));
    }
    result.names_.push_back(name.get<std::string>());
    result.mean_.push_back(mean.get<double>());
    result.scale_.push_back(std.get<double>());
  }
  return result;
}

}  // namespace latentspace
