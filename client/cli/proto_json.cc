// The JSON latentctl prints for the API's messages.
#include "client/cli/proto_json.h"

#include <map>

#include "client/cli/text_output.h"

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
          {"test_fraction", request.test_fraction()},
          {"missing_jets", request.missing_jets()},
          {"max_events_per_sample", request.max_events_per_sample()}};
}

Json DetectorTrainingRequestToJson(const v1::DetectorTrainingRequest& request) {
  return {{"detector", request.detector()},
          {"kind", request.kind()},
          {"reference", request.reference()},
          {"signal", request.signal()},
          {"preset", request.preset()},
          {"epochs", request.epochs()},
          {"batch_size", request.batch_size()},
          {"seed", request.seed()},
          {"learning_rate", request.learning_rate()},
          {"patience", request.patience()},
          {"validation_fraction", request.validation_fraction()},
          {"latent_dim", request.latent_dim()},
          {"kl_weight", request.kl_weight()},
          {"missing_jets", request.missing_jets()},
          {"max_events_per_sample", request.max_events_per_sample()},
          {"significance_keep", request.significance_keep()}};
}

Json HistoryToJson(const google::protobuf::RepeatedPtrField<v1::EpochSummary>& epochs) {
  Json history = Json::array();
  for (const v1::EpochSummary& epoch : epochs) {
    history.push_back({{"attempt", epoch.attempt()},
                       {"epoch", epoch.epoch()},
                       {"train_loss", epoch.train_loss()},
                       {"validation_loss", epoch.validation_loss()},
                       {"sets_per_second", epoch.sets_per_second()}});
  }
  return history;
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
          {"family", sample.family()},
          {"num_events", sample.num_events()},
          {"stored_bytes", sample.stored_bytes()},
          {"checksum", sample.checksum()},
          {"created_at", TimeToJson(sample.created_unix_ms())}};
}

Json JobToJson(const v1::Job& job) {
  const bool detector = job.has_detector_request();
  Json json = {{"id", job.id()}, {"state", JobStateName(job.state())}};
  if (detector) {
    json["detector"] = job.detector();
    json["detector_version"] = job.detector_version();
  } else {
    json["encoder"] = job.encoder();
    json["encoder_version"] = job.encoder_version();
  }
  json["error"] = job.error();
  json["created_at"] = TimeToJson(job.created_unix_ms());
  json["started_at"] = TimeToJson(job.started_unix_ms());
  json["finished_at"] = TimeToJson(job.finished_unix_ms());
  json["sets_per_second"] = job.sets_per_second();
  json["progress"] = ProgressToJson(job.progress());
  if (detector) {
    json["detector_request"] = DetectorTrainingRequestToJson(job.detector_request());
  } else {
    json["request"] = TrainingRequestToJson(job.request());
  }
  return json;
}

Json SetAccuracyToJson(const v1::SetAccuracy& accuracy) {
  if (accuracy.sets() == 0) return nullptr;
  return {{"sets", accuracy.sets()},
          {"correct", accuracy.correct()},
          {"value", accuracy.value()},
          {"lower", accuracy.lower()},
          {"upper", accuracy.upper()}};
}

Json EncoderToJson(const v1::Encoder& encoder) {
  Json models = Json::array();
  for (const v1::KnownModel& model : encoder.models()) {
    models.push_back({{"name", model.name()},
                      {"family", model.family()},
                      {"parameters", ParametersToJson(model.parameters())},
                      {"num_points", model.num_points()},
                      {"num_test_points", model.num_test_points()},
                      {"test", SetAccuracyToJson(model.test())}});
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
          {"validation", SetAccuracyToJson(encoder.validation())},
          {"test", SetAccuracyToJson(encoder.test())},
          {"restarts", StringsToJson(encoder.restarts())},
          {"created_at", TimeToJson(encoder.created_unix_ms())},
          {"stored_bytes", encoder.stored_bytes()},
          {"loaded", encoder.loaded()},
          {"history", HistoryToJson(encoder.history())}};
}

Json DetectorToJson(const v1::Detector& detector) {
  const v1::DetectorValidation& validation = detector.validation();
  Json cuts = Json::array();
  for (const v1::ScoreCut& cut : detector.cuts()) {
    cuts.push_back({{"keep", cut.keep()}, {"score", cut.score()}});
  }
  return {{"name", detector.name()},
          {"version", detector.version()},
          {"job_id", detector.job_id()},
          {"kind", detector.kind()},
          {"preset", detector.preset()},
          {"feature_names", StringsToJson(detector.feature_names())},
          {"reference", detector.reference()},
          {"signal", detector.signal()},
          {"reference_events", detector.reference_events()},
          {"signal_events", detector.signal_events()},
          {"latent_dim", detector.latent_dim()},
          {"kl_weight", detector.kl_weight()},
          {"validation",
           {{"reference_events", validation.reference_events()},
            {"signal_events", validation.signal_events()},
            {"auc", validation.auc()},
            {"significance_keep", validation.significance_keep()},
            {"significance", validation.significance()}}},
          {"best_epoch", detector.best_epoch()},
          {"best_validation_loss", detector.best_validation_loss()},
          {"cuts", std::move(cuts)},
          {"created_at", TimeToJson(detector.created_unix_ms())},
          {"stored_bytes", detector.stored_bytes()},
          {"loaded", detector.loaded()},
          {"history", HistoryToJson(detector.history())}};
}

namespace {

// The likelihood map of a nearest answer, or null.
Json ParameterLikelihoodToJson(const v1::QueryNearestResponse& response) {
  if (!response.has_parameter_likelihood()) return nullptr;
  const v1::ParameterLikelihood& map = response.parameter_likelihood();
  const int n = map.nodes();
  return {{"parameters", StringsToJson(map.parameters())},
          {"low", Json(std::vector<double>(map.low().begin(), map.low().end()))},
          {"high", Json(std::vector<double>(map.high().begin(), map.high().end()))},
          {"nodes", n},
          {"delta_chi2",
           map.parameters_size() == 2
               ? GridRows(map.delta_chi2(), n, n)
               : Json(std::vector<double>(map.delta_chi2().begin(), map.delta_chi2().end()))}};
}

}  // namespace

Json NearestToJson(const v1::QueryNearestResponse& response) {
  Json ranking = Json::array();
  for (const v1::ModelMatch& match : response.ranking()) {
    ranking.push_back({{"model", match.model()},
                       {"posterior", match.posterior()},
                       {"log_likelihood", match.log_likelihood()},
                       {"mean_log_likelihood", match.mean_log_likelihood()},
                       {"distance", match.distance()},
                       {"fraction", match.fraction()},
                       {"family", match.family()},
                       {"parameters", ParametersToJson(match.parameters())}});
  }
  Json fit = nullptr;
  if (response.has_fit()) {
    const v1::GoodnessOfFit& test = response.fit();
    fit = {{"model", test.model()},
           {"statistic", test.statistic()},
           {"reference_statistic", test.reference_statistic()},
           {"p_value", test.p_value()},
           {"reference_sets", test.reference_sets()},
           {"permutations", test.permutations()}};
  }
  Json inferred = Json::array();
  for (const v1::InferredParameter& parameter : response.inferred()) {
    inferred.push_back({{"name", parameter.name()},
                        {"value", parameter.value()},
                        {"uncertainty", parameter.uncertainty()},
                        {"statistical", parameter.statistical()},
                        {"interpolation", parameter.interpolation()},
                        {"extrapolated", parameter.extrapolated()},
                        {"models", parameter.models()},
                        {"note", parameter.note()}});
  }
  return {{"encoder", response.encoder()},
          {"encoder_version", response.encoder_version()},
          {"sets", response.sets()},
          {"skipped_events", response.skipped_events()},
          {"ranking", ranking},
          {"fit", fit},
          {"fit_note", response.fit_note()},
          {"inferred", inferred},
          {"inference_note", response.inference_note()},
          {"family_models", StringsToJson(response.family_models())},
          {"parameter_likelihood", ParameterLikelihoodToJson(response)}};
}

Json ModelContoursToJson(const v1::GetContoursResponse& response) {
  Json contours = Json::array();
  for (const v1::ModelContours& contour : response.contours()) {
    Json polylines = Json::array();
    for (const v1::Polyline& polyline : contour.polylines()) {
      Json points = Json::array();
      for (const v1::LatentPoint& p : polyline.points()) points.push_back({p.x(), p.y()});
      polylines.push_back({{"closed", polyline.closed()}, {"points", std::move(points)}});
    }
    contours.push_back(
        {{"model", contour.model()},
         {"mass", contour.mass()},
         {"level", contour.level()},
         {"centroid", {{"x", contour.centroid().x()}, {"y", contour.centroid().y()}}},
         {"polylines", std::move(polylines)}});
  }
  return contours;
}

}  // namespace latentspace::cli
