// EncoderService: the registry of trained encoders.
#include "server/encoder_service.h"

#include <cmath>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/analysis/binomial_interval.h"
#include "core/nn/training_types.h"
#include "nlohmann/json.hpp"
#include "server/jobs/job_conversion.h"
#include "server/model_record_proto.h"
#include "server/unary_reactor.h"

namespace latentspace::server {
namespace {

// `correct` of `sets` with its 68.27% interval; left unset when there are no sets.
void SetAccuracyOf(int64_t correct, int64_t sets, v1::SetAccuracy* out) {
  absl::StatusOr<BinomialInterval> interval = ClopperPearsonInterval(correct, sets);
  if (!interval.ok()) return;
  out->set_sets(sets);
  out->set_correct(correct);
  out->set_value(interval->value);
  out->set_lower(interval->lower);
  out->set_upper(interval->upper);
}

// The listing's view, from the store's record and the summary the training job wrote.
v1::Encoder RecordToProto(const store::EncoderRecord& record, bool loaded) {
  v1::Encoder encoder;
  SetModelRecordFields(record, loaded, &encoder);
  encoder.set_latent_dim(2);
  const nlohmann::json summary = nlohmann::json::parse(record.summary_json, nullptr, false);
  if (summary.is_object()) {
    encoder.set_variant(summary.value("variant", ""));
    encoder.set_events_per_set(summary.value("events_per_set", 0));
    encoder.set_validation_accuracy(summary.value("validation_accuracy", 0.0));
    // Summaries written before the counts were kept: correct = accuracy x sets, exactly.
    const int64_t validation_sets = summary.value("validation_sets", int64_t{0});
    SetAccuracyOf(summary.value("validation_correct",
                                std::llround(encoder.validation_accuracy() * validation_sets)),
                  validation_sets, encoder.mutable_validation());
    SetAccuracyOf(summary.value("test_correct", int64_t{0}), summary.value("test_sets", int64_t{0}),
                  encoder.mutable_test());
    encoder.set_best_epoch(summary.value("best_epoch", int64_t{0}));
    const nlohmann::json models = summary.value("models", nlohmann::json::array());
    for (const nlohmann::json& model : models) {
      v1::KnownModel* known = encoder.add_models();
      known->set_name(model.value("name", ""));
      known->set_num_points(model.value("points", int64_t{0}));
      known->set_family(model.value("family", ""));
      known->set_num_test_points(model.value("test_points", int64_t{0}));
      const nlohmann::json parameters = model.value("parameters", nlohmann::json::object());
      for (const auto& [key, value] : parameters.items()) {
        if (value.is_number()) (*known->mutable_parameters())[key] = value.get<double>();
      }
    }
  }
  return encoder;
}

// The full view: the listing's plus what the loaded checkpoint holds.
v1::Encoder LoadedToProto(const LoadedEncoder& loaded) {
  v1::Encoder encoder = RecordToProto(loaded.record, true);
  const EncoderMetadata& metadata = loaded.encoder->metadata();
  for (const std::string& name : metadata.standardiser.names()) encoder.add_feature_names(name);
  encoder.set_events_per_set(metadata.k);
  encoder.set_latent_dim(static_cast<int32_t>(metadata.config.model.latent_dim));
  encoder.set_variant(std::string(ModelVariantName(metadata.config.model.variant)));
  encoder.set_seed(metadata.history.seed);
  encoder.set_best_epoch(metadata.history.best_epoch);
  encoder.set_best_validation_loss(metadata.history.best_validation_loss);
  AddEpochSummaries(metadata.history, encoder.mutable_history());
  const std::vector<std::vector<int64_t>>& test = metadata.separation.test_confusion;
  for (size_t m = 0; m < test.size() && m < static_cast<size_t>(encoder.models_size()); ++m) {
    int64_t sets = 0;
    for (int64_t count : test[m]) sets += count;
    SetAccuracyOf(test[m][m], sets, encoder.mutable_models(static_cast<int>(m))->mutable_test());
  }
  for (const RestartRecord& restart : metadata.history.restarts) {
    const bool not_kept = absl::StartsWith(restart.reason, kNotKeptPrefix);
    encoder.add_restarts(absl::StrCat("attempt ", restart.attempt, " (seed ", restart.seed, ") ",
                                      not_kept ? "best at epoch " : "given up at epoch ",
                                      restart.epoch, ": ", restart.reason));
  }
  return encoder;
}

}  // namespace

absl::StatusOr<std::shared_ptr<const LoadedEncoder>> ResolveEncoder(EncoderRegistry& encoders,
                                                                    const v1::EncoderRef& ref) {
  return encoders.Resolve(ref.name(), ref.version());
}

grpc::ServerUnaryReactor* EncoderServiceImpl::ListEncoders(grpc::CallbackServerContext* context,
                                                           const v1::ListEncodersRequest* request,
                                                           v1::ListEncodersResponse* response) {
  return FinishUnary(context, *gate_, "EncoderService.ListEncoders", [&]() -> absl::Status {
    absl::StatusOr<std::vector<store::EncoderRecord>> records =
        encoders_->List(request->all_versions());
    if (!records.ok()) return records.status();
    for (const store::EncoderRecord& record : *records) {
      *response->add_encoders() =
          RecordToProto(record, encoders_->IsLoaded(record.name, record.version));
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* EncoderServiceImpl::GetEncoder(grpc::CallbackServerContext* context,
                                                         const v1::GetEncoderRequest* request,
                                                         v1::Encoder* response) {
  return FinishUnary(context, *gate_, "EncoderService.GetEncoder", [&]() -> absl::Status {
    absl::StatusOr<std::shared_ptr<const LoadedEncoder>> loaded =
        ResolveEncoder(*encoders_, request->encoder());
    if (!loaded.ok()) return loaded.status();
    *response = LoadedToProto(**loaded);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* EncoderServiceImpl::DeleteEncoder(grpc::CallbackServerContext* context,
                                                            const v1::DeleteEncoderRequest* request,
                                                            v1::DeleteEncoderResponse*) {
  return FinishUnary(context, *gate_, "EncoderService.DeleteEncoder", [&]() -> absl::Status {
    const v1::EncoderRef& ref = request->encoder();
    return encoders_->Delete(ref.name(), ref.version());
  });
}

}  // namespace latentspace::server
