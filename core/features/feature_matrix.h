// A table of per-event feature values (row-major float32, the precision the encoder trains in),
// with the feature names as columns.
#ifndef LATENTSPACE_CORE_FEATURES_FEATURE_MATRIX_H_
#define LATENTSPACE_CORE_FEATURES_FEATURE_MATRIX_H_

#include <cstdint>
#include <string>
#include <vector>

namespace latentspace {

struct FeatureMatrix {
  std::vector<std::string> names;  // one per column
  std::vector<float> values;       // rows() x cols(), row-major

  int64_t cols() const { return static_cast<int64_t>(names.size()); }
  int64_t rows() const { return names.empty() ? 0 : static_cast<int64_t>(values.size()) / cols(); }
  float* row(int64_t i) { return values.data() + i * cols(); }
  const float* row(int64_t i) const { return values.data() + i * cols(); }

  // A copy of rows [begin, end).
  FeatureMatrix Rows(int64_t begin, int64_t end) const {
    return {names, std::vector<float>(row(begin), row(begin) + (end - begin) * cols())};
  }
};

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_FEATURES_FEATURE_MATRIX_H_
