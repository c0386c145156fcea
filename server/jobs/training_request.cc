// A training request as the server accepts it.
#include "server/jobs/training_request.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "absl/strings/str_cat.h"
#include "core/features/preset.h"
#include "server/store/names.h"

namespace latentspace::server {
namespace {

absl::Status OutOfRange(absl::string_view field, double value, absl::string_view range) {
  return RequestFieldOutOfRange("training request", field, value, range);
}

}  // namespace

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
  if (preset->empty()) *preset = "darkmachines";
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

absl::StatusOr<v1::TrainingRequest> NormalizeTrainingRequest(v1::TrainingRequest request) {
  if (absl::Status status = store::ValidateName("encoder name", request.encoder()); !status.ok()) {
    return status;
  }
  if (request.samples_size() < 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("training request field 'samples' lists ", request.samples_size(),
                     " samples; an encoder needs at least 2 known models"));
  }
  std::set<std::string> seen;
  for (const std::string& sample : request.samples()) {
    if (absl::Status status = store::ValidateName("sample name", sample); !status.ok()) {
      return status;
    }
    if (!seen.insert(sample).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("training request field 'samples' repeats '", sample, "'"));
    }
  }
  if (absl::Status status = NormalizePresetAndMissingJets(
          "training request", request.mutable_preset(), request.mutable_missing_jets());
      !status.ok()) {
    return status;
  }
  if (request.variant().empty()) request.set_variant("contrastive");
  if (absl::StatusOr<ModelVariant> variant = ParseModelVariant(request.variant()); !variant.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("training request field 'variant': ", variant.status().message()));
  }
  const TrainerConfig defaults;
  const EncoderTrainingOptions options;
  if (request.epochs() == 0) request.set_epochs(static_cast<int32_t>(defaults.epochs));
  if (request.batch_size() == 0) request.set_batch_size(static_cast<int32_t>(defaults.batch_size));
  if (request.learning_rate() == 0) request.set_learning_rate(defaults.learning_rate);
  if (request.patience() == 0) request.set_patience(static_cast<int32_t>(defaults.patience));
  if (request.final_learning_rate_fraction() == 0) {
    request.set_final_learning_rate_fraction(defaults.final_learning_rate_fraction);
  }
  if (request.initialisations() == 0) request.set_initialisations(defaults.initialisations);
  if (request.events_per_set() == 0) request.set_events_per_set(options.k);
  if (request.validation_fraction() == 0) {
    request.set_validation_fraction(options.validation_fraction);
  }
  if (request.test_fraction() == 0) request.set_test_fraction(options.test_fraction);
  if (absl::Status status = CheckSharedTrainingFields(
          "training request",
          {request.epochs(), request.batch_size(), request.learning_rate(), request.patience(),
           request.validation_fraction(), request.max_events_per_sample()});
      !status.ok()) {
    return status;
  }
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
  trainer.learning_rate = request.learning_rate();
  trainer.batch_size = request.batch_size();
  trainer.epochs = request.epochs();
  trainer.patience = request.patience() < 0 ? 0 : request.patience();
  // A job queued by a release before these fields (0 in its stored request) trains as it would
  // have then: a constant rate, one initialisation.
  trainer.final_learning_rate_fraction =
      request.final_learning_rate_fraction() > 0 ? request.final_learning_rate_fraction() : 1.0;
  trainer.initialisations = std::max(1, request.initialisations());
  trainer.seed = request.seed();
  trainer.device = device;
  trainer.threads = threads;
  trainer.model.variant = *ParseModelVariant(request.variant());
  return options;
}

}  // namespace latentspace::server
