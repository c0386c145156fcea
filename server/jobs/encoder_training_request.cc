// An encoder's training request as the server accepts it.
#include "server/jobs/encoder_training_request.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "server/jobs/common_training_request.h"
#include "server/store/name_validation.h"

namespace latentspace::server {
namespace {

absl::Status OutOfRange(absl::string_view field, double value, absl::string_view range) {
  return RequestFieldOutOfRange("training request", field, value, range);
}

}  // namespace

absl::StatusOr<v1::TrainingRequest> NormalizeTrainingRequest(v1::TrainingRequest request) {
  LATENT_RETURN_IF_ERROR(store::ValidateName("encoder name", request.encoder()));
  if (request.samples_size() < 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("training request field 'samples' lists ", request.samples_size(),
                     " samples; an encoder needs at least 2 known models"));
  }
  std::set<std::string> seen;
  for (const std::string& sample : request.samples()) {
    LATENT_RETURN_IF_ERROR(store::ValidateName("sample name", sample));
    if (!seen.insert(sample).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("training request field 'samples' repeats '", sample, "'"));
    }
  }
  if (request.variant().empty()) request.set_variant("contrastive");
  if (absl::StatusOr<ModelVariant> variant = ParseModelVariant(request.variant()); !variant.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("training request field 'variant': ", variant.status().message()));
  }
  const TrainerConfig defaults;
  const EncoderTrainingOptions options;
  LATENT_RETURN_IF_ERROR(NormalizeSharedTrainingFields("training request", defaults,
                                                       options.validation_fraction, &request));
  if (request.final_learning_rate_fraction() == 0) {
    request.set_final_learning_rate_fraction(defaults.final_learning_rate_fraction);
  }
  if (request.initialisations() == 0) request.set_initialisations(defaults.initialisations);
  if (request.events_per_set() == 0) request.set_events_per_set(options.k);
  if (request.test_fraction() == 0) request.set_test_fraction(options.test_fraction);
  if (!(request.final_learning_rate_fraction() > 0 &&
        request.final_learning_rate_fraction() <= 1)) {
    return OutOfRange("final_learning_rate_fraction", request.final_learning_rate_fraction(),
                      "(0, 1]");
  }
  if (request.initialisations() < 1 || request.initialisations() > 16) {
    return OutOfRange("initialisations", request.initialisations(), "1..16");
  }
  if (request.events_per_set() < 1 || request.events_per_set() > 1000) {
    return OutOfRange("events_per_set", request.events_per_set(), "1..1000");
  }
  if (!(request.test_fraction() > 0 && request.test_fraction() <= 0.5)) {
    return OutOfRange("test_fraction", request.test_fraction(), "(0, 0.5]");
  }
  if (request.validation_fraction() + request.test_fraction() > 0.9) {
    return absl::InvalidArgumentError(absl::StrCat(
        "training request fields 'validation_fraction' = ", request.validation_fraction(),
        " and 'test_fraction' = ", request.test_fraction(),
        " leave too few training events: their sum must be at most 0.9"));
  }
  return request;
}

EncoderTrainingOptions TrainingOptionsFromRequest(const v1::TrainingRequest& request,
                                                  DeviceChoice device, int threads) {
  EncoderTrainingOptions options;
  options.preset = request.preset();
  options.k = request.events_per_set();
  options.validation_fraction = request.validation_fraction();
  // A job queued before test splits (0 in its stored request) keeps the default one.
  if (request.test_fraction() > 0) options.test_fraction = request.test_fraction();
  TrainerConfig& trainer = options.trainer;
  ScheduleFromRequest(request, device, threads, &trainer);
  // A job queued by a release before these fields (0 in its stored request) trains as it would
  // have then: a constant rate, one initialisation.
  trainer.final_learning_rate_fraction =
      request.final_learning_rate_fraction() > 0 ? request.final_learning_rate_fraction() : 1.0;
  trainer.initialisations = std::max(1, request.initialisations());
  trainer.model.variant = *ParseModelVariant(request.variant());
  return options;
}

}  // namespace latentspace::server
