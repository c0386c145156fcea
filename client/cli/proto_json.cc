// The JSON latentctl prints for the API's messages.
#include "client/cli/proto_json.h"

#include <cmath>
#include <map>
#include <string>
#include <utility>

#include "client/cli/text_output.h"

namespace latentspace::cli {
namespace {

// FieldsToJson of each message.
template <typename Message>
Json MessagesToJson(const google::protobuf::RepeatedPtrField<Message>& messages) {
  Json json = Json::array();
  for (const Message& message : messages) json.push_back(FieldsToJson(message));
  return json;
}

// One value of `field` (element `index` of a repeated one, or the singular one for -1).
Json FieldValueToJson(const google::protobuf::Message& message,
                      const google::protobuf::FieldDescriptor* field, int index) {
  using google::protobuf::FieldDescriptor;
  const google::protobuf::Reflection& r = *message.GetReflection();
  const bool repeated = index >= 0;
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      return repeated ? r.GetRepeatedInt32(message, field, index) : r.GetInt32(message, field);
    case FieldDescriptor::CPPTYPE_INT64:
      return repeated ? r.GetRepeatedInt64(message, field, index) : r.GetInt64(message, field);
    case FieldDescriptor::CPPTYPE_UINT32:
      return repeated ? r.GetRepeatedUInt32(message, field, index) : r.GetUInt32(message, field);
    case FieldDescriptor::CPPTYPE_UINT64:
      return repeated ? r.GetRepeatedUInt64(message, field, index) : r.GetUInt64(message, field);
    case FieldDescriptor::CPPTYPE_FLOAT:
    case FieldDescriptor::CPPTYPE_DOUBLE: {
      const double value =
          field->cpp_type() == FieldDescriptor::CPPTYPE_FLOAT
              ? (repeated ? r.GetRepeatedFloat(message, field, index) : r.GetFloat(message, field))
              : (repeated ? r.GetRepeatedDouble(message, field, index)
                          : r.GetDouble(message, field));
      return std::isnan(value) ? Json(nullptr) : Json(value);
    }
    case FieldDescriptor::CPPTYPE_BOOL:
      return repeated ? r.GetRepeatedBool(message, field, index) : r.GetBool(message, field);
    case FieldDescriptor::CPPTYPE_ENUM:
      return (repeated ? r.GetRepeatedEnum(message, field, index) : r.GetEnum(message, field))
          ->name();
    case FieldDescriptor::CPPTYPE_STRING:
      return repeated ? r.GetRepeatedString(message, field, index) : r.GetString(message, field);
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return FieldsToJson(repeated ? r.GetRepeatedMessage(message, field, index)
                                   : r.GetMessage(message, field));
  }
  return nullptr;
}

}  // namespace

Json FieldsToJson(const google::protobuf::Message& message) {
  const google::protobuf::Descriptor& descriptor = *message.GetDescriptor();
  const google::protobuf::Reflection& r = *message.GetReflection();
  Json json = Json::object();
  for (int i = 0; i < descriptor.field_count(); ++i) {
    const google::protobuf::FieldDescriptor* field = descriptor.field(i);
    if (field->is_map()) {
      // Entries sorted by key (the wire order is arbitrary).
      const google::protobuf::FieldDescriptor* key = field->message_type()->map_key();
      const google::protobuf::FieldDescriptor* value = field->message_type()->map_value();
      std::map<std::string, Json> entries;
      for (int e = 0; e < r.FieldSize(message, field); ++e) {
        const google::protobuf::Message& entry = r.GetRepeatedMessage(message, field, e);
        const Json name = FieldValueToJson(entry, key, -1);
        entries[name.is_string() ? name.get<std::string>() : name.dump()] =
            FieldValueToJson(entry, value, -1);
      }
      json[field->name()] = Json(entries);
    } else if (field->is_repeated()) {
      Json values = Json::array();
      for (int e = 0; e < r.FieldSize(message, field); ++e) {
        values.push_back(FieldValueToJson(message, field, e));
      }
      json[field->name()] = std::move(values);
    } else if (field->real_containing_oneof() == nullptr || r.HasField(message, field)) {
      json[field->name()] = FieldValueToJson(message, field, -1);
    }
  }
  return json;
}

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
          {"level", EventLevelName(sample.level())},
          {"num_events", sample.num_events()},
          {"stored_bytes", sample.stored_bytes()},
          {"checksum", sample.checksum()},
          {"created_at", TimeToJson(sample.created_unix_ms())},
          {"columns", StringsToJson(sample.columns())}};
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
  json["progress"] = FieldsToJson(job.progress());
  if (detector) {
    json["detector_request"] = FieldsToJson(job.detector_request());
  } else {
    json["request"] = FieldsToJson(job.request());
  }
  return json;
}

Json SetAccuracyToJson(const v1::SetAccuracy& accuracy) {
  if (accuracy.sets() == 0) return nullptr;
  return FieldsToJson(accuracy);
}

Json EncoderToJson(const v1::Encoder& encoder) {
  Json models = Json::array();
  for (const v1::KnownModel& model : encoder.models()) {
    models.push_back({{"name", model.name()},
                      {"family", model.family()},
                      {"level", EventLevelName(model.level())},
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
          {"history", MessagesToJson(encoder.history())}};
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
          {"history", MessagesToJson(detector.history())}};
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
    fit = FieldsToJson(response.fit());
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
          {"parameter_likelihood", ParameterLikelihoodToJson(response)},
          {"warnings", StringsToJson(response.warnings())}};
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
