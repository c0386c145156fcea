// The check every trained model (encoder, detector) makes of raw feature rows before it uses
// them: finite values in the fitted columns, standardised, and none absurdly far from the
// training data.
#ifndef LATENTSPACE_CORE_FEATURES_MODEL_INPUT_H_
#define LATENTSPACE_CORE_FEATURES_MODEL_INPUT_H_

#include "absl/status/status.h"
#include "core/features/feature_matrix.h"
#include "core/features/standardiser.h"

namespace latentspace {

// Beyond this many standard deviations from the training mean a model's output is meaningless
// (or overflows).
inline constexpr double kMaxStandardDeviations = 1e6;

// Standardises `rows` in place. INVALID_ARGUMENT, naming the row and column, for a value that is
// not finite or lies more than kMaxStandardDeviations from the training mean; the standardiser's
// error for other columns.
absl::Status StandardiseModelInput(const Standardiser& standardiser, FeatureMatrix* rows);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_FEATURES_MODEL_INPUT_H_
