// What every kind's training request shares.
#include "server/jobs/common_training_request.h"

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "core/features/feature_extraction.h"
#include "core/features/preset.h"

namespace latentspace::server {

absl::Status RequestFieldOutOfRange(absl::string_view request, absl::string_view field,
                                    double value, absl::string_view range) {
  return absl::InvalidArgumentError(
      absl::StrCat(request, " field '", field, "' = ", value, " must be in ", range));
}

absl::Status CheckSharedTrainingFields(absl::string_view request,
                                       const SharedTrainingFields& fields) {
  const auto out_of_range = [request](absl::string_view field, double value,
                                      absl::string_view range) {
    return RequestFieldOutOfRange(request, field, value, range);
  };
  if (fields.epochs < 1 || fields.epochs > 10000) {
    return out_of_range("epochs", fields.epochs, "1..10000");
  }
  if (fields.batch_size < 2 || fields.batch_size > 65536) {
    return out_of_range("batch_size", fields.batch_size, "2..65536");
  }
  if (!(fields.learning_rate > 0 && fields.learning_rate <= 1)) {
    return out_of_range("learning_rate", fields.learning_rate, "(0, 1]");
  }
  if (fields.patience < -1) return out_of_range("patience", fields.patience, "-1 or 1..");
  if (!(fields.validation_fraction > 0 && fields.validation_fraction <= 0.9)) {
    return out_of_range("validation_fraction", fields.validation_fraction, "(0, 0.9]");
  }
  if (fields.max_events_per_sample < 0) {
    return out_of_range("max_events_per_sample", fields.max_events_per_sample, "0 (all) or more");
  }
  return absl::OkStatus();
}

absl::Status NormalizePresetAndMissingJets(absl::string_view request, std::string* preset,
                                           std::string* missing_jets) {
  if (preset->empty()) *preset = FeaturePreset::kDefaultName;
  if (absl::StatusOr<FeaturePreset> found = FeaturePreset::Get(*preset); !found.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(request, " field 'preset': ", found.status().message()));
  }
  if (missing_jets->empty()) *missing_jets = "skip";
  if (absl::StatusOr<MissingJetPolicy> policy = ParseMissingJetPolicy(*missing_jets);
      !policy.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(request, " field 'missing_jets': ", policy.status().message()));
  }
  return absl::OkStatus();
}

}  // namespace latentspace::server
