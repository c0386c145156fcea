// The JSON latentctl prints for the API's messages.
#include "client/cli/proto_json.h"

#include <map>

#include "client/cli/output.h"

namespace latentspace::cli {
namespace {

template <typename Strings>
Json StringsToJson(const Strings& strings) {
  Json json = Json::array();
  for (const std::string& s : strings) json.push_back(s);
  return json;
}

Json ProgressToJson(const v1::JobProgress& progress) {
  return {{"attempt", progress.attempt()},
          {"initialisation", progress.initialisation()},
          {"initialisations", progress.initialisations()},
          {"epoch", progress.epoch()},
          {"epochs", progress.epochs()},
          {"step", progress.step()},
          {"steps_per_epoch", progress.steps_per_epoch()},
          {"train_loss", progress.train_loss()},
          {"validation_loss", progress.validation_loss()},
          {"sets_per_second", progress.sets_per_second()},
          {"eta_seconds", progress.eta_seconds()},
          {"ratio", progress.ratio()}};
}

Json TrainingRequestToJson(const v1::TrainingRequest& request) {
  return {{"encoder", request.encoder()},
          {"samples", StringsToJson(request.samples())},
          {"preset", request.preset()},
          {"variant", request.variant()},
          {"epochs", request.epochs()},
          {"batch_size", request.batch_size()},
          {"seed", request.seed()},
          {"learning_rate", request.learning_rate()},
          {"patience", request.patience()},
          {"events_per_set", request.events_per_set()},
          {"validation_fraction", request.validation_fraction()},
          {"missing_jets", request.missing_jets()},
          {"max_events_per_sample", request.max_events_per_sample()}};
}

}  // namespace

Json ParametersToJson(const google::protobuf::Map<std::string, double>& parameters) {
  Json json = Json::object();
  for (const auto& [name, value] :
       std::map<std::string, double>(parameters.begin(), parameters.end())) {
    json[name] = value;
  }
  return json;
}

Json TimeToJson(int64_t unix_ms) {
  if (unix_ms == 0) return nullptr;
  return FormatTime(unix_ms);
}

Json SampleToJson(const v1::Sample& sample) {
  return {{"name", sample.name()},
          {"parameters", ParametersToJson(sample.parameters())},
          {"source_format", sample.source_format()},
          {"num_events", sample.num_events()},
          {"stored_bytes", sample.stored_bytes()},
          {"checksum", sample.checksum()},
          {"created_at", TimeToJson(sample.created_unix_ms())}};
}

Json JobToJson(const v1::Job& job) {
  return {{"id", job.id()},
          {"state", JobStateName(job.state())},
          {"encoder", job.encoder()},
          {"encoder_version", job.encoder_version()},
          {"error", job.error()},
          {"created_at", TimeToJson(job.created_unix_ms())},
          {"started_at", TimeToJson(job.started_unix_ms())},
          {"finished_at", TimeToJson(job.finished_unix_ms())},
          {"sets_per_second", job.sets_per_second()},
          {"progress", ProgressToJson(job.progress())},
          {"request", TrainingRequestToJson(job.request())}};
}

Json EncoderToJson(const v1::Encoder& encoder) {
  Json models = Json::array();
  for (const v1::KnownModel& model : encoder.models()) {
    models.push_back({{"name", model.name()},
                      {"parameters", ParametersToJson(model.parameters())},
                      {"num_points", model.num_points()}});
  }
  Json history = Json::array();
  for (const v1::EpochSummary& epoch : encoder.history()) {
    history.push_back({{"attempt", epoch.attempt()},
                       {"epoch", epoch.epoch()},
                       {"train_loss", epoch.train_loss()},
                       {"validation_loss", epoch.validation_loss()},
                       {"sets_per_second", epoch.sets_per_second()}});
  }
  return {{"name", encoder.name()},
          {"version", encoder.version()},
          {"job_id", encoder.job_id()},
          {"preset", encoder.preset()},
          {"variant", encoder.variant()},
          {"events_per_set", encoder.events_per_set()},
          {"latent_dim", encoder.latent_dim()},
          {"feature_names", StringsToJson(encoder.feature_names())},
          {"models", models},
          {"seed", encoder.seed()},
          {"best_epoch", encoder.best_epoch()},
          {"best_validation_loss", encoder.best_validation_loss()},
          {"validation_accuracy", encoder.validation_accuracy()},
          {"restarts", StringsToJson(encoder.restarts())},
          {"created_at", TimeToJson(encoder.created_unix_ms())},
          {"stored_bytes", encoder.stored_bytes()},
          {"loaded", encoder.loaded()},
          {"history", history}};
}

Json NearestToJson(const v1::QueryNearestResponse& response) {
  Json ranking = Json::array();
  for (const v1::ModelMatch& match : response.ranking()) {
    ranking.push_back({{"model", match.model()},
                       {"score", match.score()},
                       {"distance", match.distance()},
                       {"fraction", match.fraction()},
                       {"parameters", ParametersToJson(match.parameters())}});
  }
  Json inferred = Json::array();
  for (const v1::InferredParameter& parameter : response.inferred()) {
    inferred.push_back({{"name", parameter.name()},
                        {"value", parameter.value()},
                        {"uncertainty", parameter.uncertainty()}});
  }
  return {{"ranking", ranking}, {"inferred", inferred}, {"sets", response.sets()}};
}

}  // namespace latentspace::cli
