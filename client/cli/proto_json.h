// The JSON latentctl prints for the API's messages (--json): snake_case keys as in the proto,
// job states as "SUCCEEDED", times as ISO-8601 UTC strings (null when not set), NaN as null,
// theory parameters as {"name": value} sorted by name. Scripts rely on these shapes.
#ifndef LATENTSPACE_CLIENT_CLI_PROTO_JSON_H_
#define LATENTSPACE_CLIENT_CLI_PROTO_JSON_H_

#include <cstdint>
#include <string>

#include "google/protobuf/map.h"
#include "google/protobuf/message.h"
#include "latentspace/v1/detector_service.pb.h"
#include "latentspace/v1/embedding_service.pb.h"
#include "latentspace/v1/encoder_service.pb.h"
#include "latentspace/v1/job_service.pb.h"
#include "latentspace/v1/proximity_service.pb.h"
#include "latentspace/v1/sample_service.pb.h"
#include "nlohmann/json.hpp"

namespace latentspace::cli {

using Json = nlohmann::ordered_json;

// Every field of `message` under its proto name, in the proto's order: numbers as JSON numbers
// (64-bit ones too, which protobuf's own JSON printer writes as strings), NaN as null, enums by
// name, repeated fields as arrays, maps as objects sorted by key, messages as objects, a oneof's
// member only when set. For the messages whose JSON is their fields (requests, progress, history,
// accuracies, the fit test); the others below take their shapes by hand (times, names, order).
Json FieldsToJson(const google::protobuf::Message& message);

Json ParametersToJson(const google::protobuf::Map<std::string, double>& parameters);
// A JSON array of the strings.
template <typename Strings>
Json StringsToJson(const Strings& strings) {
  Json json = Json::array();
  for (const std::string& s : strings) json.push_back(s);
  return json;
}
// An ISO-8601 string, or null for 0.
Json TimeToJson(int64_t unix_ms);

// {"name", "parameters", "source_format", "family", "level", "num_events", "stored_bytes",
// "checksum", "created_at"}.
Json SampleToJson(const v1::Sample& sample);

// An encoder job: {"id", "state", "encoder", "encoder_version", "error", "created_at",
// "started_at", "finished_at", "sets_per_second", "progress": {...}, "request": {...}}. A detector
// job (detector_request set): "detector", "detector_version" and "detector_request" in place of
// "encoder", "encoder_version" and "request" (its sets_per_second counts events).
Json JobToJson(const v1::Job& job);

// {"name", "version", "job_id", "preset", "variant", "events_per_set", "latent_dim",
// "feature_names", "models": [{"name", "family", "level", "parameters", "num_points",
// "num_test_points", "test"}], "seed", "best_epoch", "best_validation_loss", "validation_accuracy",
// "validation", "test", "restarts", "created_at", "stored_bytes", "loaded", "history": [{"attempt",
// "epoch", "train_loss", "validation_loss", "sets_per_second"}]}.
Json EncoderToJson(const v1::Encoder& encoder);

// {"name", "version", "job_id", "kind", "preset", "feature_names", "reference", "signal",
// "reference_events", "signal_events", "latent_dim", "kl_weight", "validation": {
// "reference_events", "signal_events", "auc", "significance_keep", "significance"},
// "best_epoch", "best_validation_loss", "cuts": [{"keep", "score"}], "created_at",
// "stored_bytes", "loaded", "history": [...]} (history as an encoder's, its sets_per_second
// counting events).
Json DetectorToJson(const v1::Detector& detector);

// A share with its interval, {"sets", "correct", "value", "lower", "upper"}; null without sets
// (an encoder trained before a test split was kept).
Json SetAccuracyToJson(const v1::SetAccuracy& accuracy);

// Rows iy = 0..ny-1 of nx values of a repeated field, node (ix, iy) at iy * nx + ix.
template <typename Values>
Json GridRows(const Values& values, int nx, int ny) {
  Json rows = Json::array();
  for (int iy = 0; iy < ny; ++iy) {
    Json row = Json::array();
    for (int ix = 0; ix < nx; ++ix) row.push_back(values.Get(iy * nx + ix));
    rows.push_back(std::move(row));
  }
  return rows;
}

// Exactly {"encoder", "encoder_version", "sets", "skipped_events", "ranking": [{"model",
// "posterior", "log_likelihood", "mean_log_likelihood", "distance", "fraction", "family",
// "parameters"}] (most probable first), "fit": {"model", "statistic", "reference_statistic",
// "p_value", "reference_sets", "permutations"} or null, "fit_note", "inferred": [{"name",
// "value", "uncertainty", "statistical", "interpolation", "extrapolated", "models", "note"}],
// "inference_note", "family_models": [...], "parameter_likelihood": {"parameters", "low", "high",
// "nodes", "delta_chi2"} or null, "warnings": [...] (empty when none)}; delta_chi2 a list of nodes
// values for one parameter, rows (index y, then x) for two.
Json NearestToJson(const v1::QueryNearestResponse& response);

// The contours of a GetContoursResponse: [{"model", "mass", "level", "centroid": {"x", "y"},
// "polylines": [{"closed", "points": [[x, y], ...]}]}].
Json ModelContoursToJson(const v1::GetContoursResponse& response);

}  // namespace latentspace::cli

#endif  // LATENTSPACE_CLIENT_CLI_PROTO_JSON_H_
