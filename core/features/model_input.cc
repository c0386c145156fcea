// Checks and standardisation of raw feature rows given to a trained model.
#include "core/features/model_input.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"

namespace latentspace {

absl::Status StandardiseModelInput(const Standardiser& standardiser, FeatureMatrix* rows) {
  for (int64_t r = 0; r < rows->rows(); ++r) {
    for (int64_t c = 0; c < rows->cols(); ++c) {
      if (!std::isfinite(rows->row(r)[c])) {
        return absl::InvalidArgumentError(absl::StrCat("feature row ", r, " column '",
                                                       rows->names[c], "' = ", rows->row(r)[c],
                                                       " is not finite"));
      }
    }
  }
  LATENT_RETURN_IF_ERROR(standardiser.Apply(rows));
  for (int64_t r = 0; r < rows->rows(); ++r) {
    for (int64_t c = 0; c < rows->cols(); ++c) {
      if (std::abs(rows->row(r)[c]) > kMaxStandardDeviations) {
        return absl::InvalidArgumentError(absl::StrCat(
            "feature row ", r, " column '", rows->names[c], "' lies ", std::abs(rows->row(r)[c]),
            " standard deviations from the training mean (at most ", kMaxStandardDeviations,
            " accepted)"));
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace latentspace
