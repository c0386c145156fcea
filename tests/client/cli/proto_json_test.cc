// Tests of client/cli/proto_json: the JSON shapes scripts rely on.
#include "client/cli/proto_json.h"

#include <cmath>
#include <set>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace latentspace::cli {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> Keys(const Json& json) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : json.items()) keys.push_back(key);
  return keys;
}

// Through text, as a script sees it.
nlohmann::json RoundTrip(const Json& json) {
  return nlohmann::json::parse(json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

// The generic conversion: every field under its proto name, in the proto's order, 64-bit numbers as
// numbers (protobuf's own printer writes strings), NaN as null, enums by name, maps sorted.
TEST(CliProtoJsonTest, FieldsToJsonKeepsEveryFieldWithScriptFriendlyTypes) {
  v1::TrainingRequest request;
  request.set_encoder("e");
  request.add_samples("a");
  request.add_samples("b");
  request.set_seed(18446744073709551615ull);
  request.set_max_events_per_sample(5000000000);
  request.set_final_learning_rate_fraction(0.01);
  request.set_learning_rate(std::nan(""));
  const nlohmann::json json = RoundTrip(FieldsToJson(request));
  EXPECT_EQ(json.size(), static_cast<size_t>(v1::TrainingRequest::descriptor()->field_count()));
  EXPECT_EQ(Keys(FieldsToJson(request)).front(), "encoder");
  EXPECT_EQ(json["samples"], nlohmann::json({"a", "b"}));
  EXPECT_EQ(json["seed"].get<uint64_t>(), 18446744073709551615ull);
  EXPECT_TRUE(json["max_events_per_sample"].is_number_integer());
  EXPECT_EQ(json["max_events_per_sample"].get<int64_t>(), 5000000000);
  EXPECT_EQ(json["final_learning_rate_fraction"], 0.01);
  EXPECT_TRUE(json["learning_rate"].is_null());
  EXPECT_EQ(json["patience"], 0);

  v1::Job job;
  job.set_state(v1::JOB_STATE_SUCCEEDED);
  job.mutable_progress()->set_epoch(3);
  const nlohmann::json job_json = RoundTrip(FieldsToJson(job));
  EXPECT_EQ(job_json["state"], "JOB_STATE_SUCCEEDED");
  EXPECT_EQ(job_json["progress"]["epoch"], 3);

  v1::Sample sample;
  (*sample.mutable_parameters())["mneutralino"] = 800;
  (*sample.mutable_parameters())["mgluino"] = 1600;
  EXPECT_THAT(Keys(FieldsToJson(sample)["parameters"]), ElementsAre("mgluino", "mneutralino"));
}

TEST(CliProtoJsonTest, Sample) {
  v1::Sample sample;
  sample.set_name("zp");
  (*sample.mutable_parameters())["mzp"] = 2000;
  sample.set_num_events(791);
  sample.set_created_unix_ms(1714564800000);
  const nlohmann::json json = RoundTrip(SampleToJson(sample));
  EXPECT_EQ(json["name"], "zp");
  EXPECT_EQ(json["parameters"]["mzp"], 2000);
  EXPECT_EQ(json["num_events"], 791);
  EXPECT_EQ(json["created_at"], "2024-05-01T12:00:00.000Z");
  EXPECT_THAT(Keys(SampleToJson(sample)),
              ElementsAre("name", "parameters", "source_format", "family", "level", "num_events",
                          "stored_bytes", "checksum", "created_at", "columns"));
  EXPECT_EQ(json["level"], "detector");  // unspecified reads as detector
  EXPECT_TRUE(json["columns"].empty());  // events, not a table
  sample.add_columns("PTJ1");
  sample.add_columns("MET");
  EXPECT_EQ(SampleToJson(sample)["columns"].dump(), R"(["PTJ1","MET"])");
}

TEST(CliProtoJsonTest, JobHasStateNamesTimesAndProgress) {
  v1::Job job;
  job.set_id("j1");
  job.set_state(v1::JOB_STATE_SUCCEEDED);
  job.set_encoder("enc");
  job.set_encoder_version(2);
  job.set_started_unix_ms(1714564800000);
  job.set_finished_unix_ms(1714564861500);
  job.set_sets_per_second(812.5);
  job.mutable_progress()->set_epoch(2);
  job.mutable_progress()->set_epochs(2);
  job.mutable_progress()->set_validation_loss(std::nan(""));
  job.mutable_request()->add_samples("a");
  job.mutable_request()->add_samples("b");
  const nlohmann::json json = RoundTrip(JobToJson(job));
  EXPECT_EQ(json["id"], "j1");
  EXPECT_EQ(json["state"], "SUCCEEDED");
  EXPECT_EQ(json["encoder"], "enc");
  EXPECT_EQ(json["encoder_version"], 2);
  EXPECT_EQ(json["error"], "");
  EXPECT_TRUE(json["created_at"].is_null());
  EXPECT_EQ(json["started_at"], "2024-05-01T12:00:00.000Z");
  EXPECT_EQ(json["finished_at"], "2024-05-01T12:01:01.500Z");
  EXPECT_EQ(json["sets_per_second"], 812.5);
  EXPECT_EQ(json["progress"]["epoch"], 2);
  EXPECT_TRUE(json["progress"]["validation_loss"].is_null());
  EXPECT_EQ(json["request"]["samples"], nlohmann::json({"a", "b"}));
}

TEST(CliProtoJsonTest, DetectorJobHasItsRequestAndResult) {
  v1::Job job;
  job.set_id("j2");
  job.set_state(v1::JOB_STATE_SUCCEEDED);
  job.set_detector("det");
  job.set_detector_version(4);
  job.mutable_detector_request()->set_detector("det");
  job.mutable_detector_request()->set_kind("vae");
  job.mutable_detector_request()->set_reference("background");
  job.mutable_detector_request()->set_kl_weight(0.1);
  const nlohmann::json json = RoundTrip(JobToJson(job));
  EXPECT_THAT(Keys(JobToJson(job)), ElementsAre("id", "state", "detector", "detector_version",
                                                "error", "created_at", "started_at", "finished_at",
                                                "sets_per_second", "progress", "detector_request"));
  EXPECT_EQ(json["detector"], "det");
  EXPECT_EQ(json["detector_version"], 4);
  EXPECT_EQ(json["detector_request"]["kind"], "vae");
  EXPECT_EQ(json["detector_request"]["reference"], "background");
  EXPECT_EQ(json["detector_request"]["signal"], "");
  EXPECT_EQ(json["detector_request"]["kl_weight"], 0.1);
}

TEST(CliProtoJsonTest, Detector) {
  v1::Detector detector;
  detector.set_name("det");
  detector.set_version(2);
  detector.set_kind("classifier");
  detector.set_signal("zp");
  detector.mutable_validation()->set_auc(0.93);
  detector.mutable_validation()->set_significance(std::nan(""));
  v1::ScoreCut* cut = detector.add_cuts();
  cut->set_keep(0.01);
  cut->set_score(2.5);
  detector.add_history()->set_sets_per_second(9000);
  const nlohmann::json json = RoundTrip(DetectorToJson(detector));
  EXPECT_EQ(json["name"], "det");
  EXPECT_EQ(json["version"], 2);
  EXPECT_EQ(json["kind"], "classifier");
  EXPECT_EQ(json["signal"], "zp");
  EXPECT_EQ(json["validation"]["auc"], 0.93);
  EXPECT_TRUE(json["validation"]["significance"].is_null());
  EXPECT_EQ(json["cuts"], nlohmann::json::array({{{"keep", 0.01}, {"score", 2.5}}}));
  EXPECT_EQ(json["history"][0]["sets_per_second"], 9000);
  EXPECT_TRUE(json["created_at"].is_null());
}

TEST(CliProtoJsonTest, Encoder) {
  v1::Encoder encoder;
  encoder.set_name("enc");
  encoder.set_version(3);
  encoder.set_events_per_set(10);
  encoder.add_feature_names("met");
  v1::KnownModel* model = encoder.add_models();
  model->set_name("zp");
  (*model->mutable_parameters())["mzp"] = 2000;
  model->set_num_points(40);
  model->set_family("zprime");
  model->mutable_test()->set_sets(20);
  model->mutable_test()->set_correct(19);
  model->mutable_test()->set_value(0.95);
  encoder.mutable_validation()->set_sets(100);
  encoder.add_history()->set_train_loss(1.5);
  const nlohmann::json json = RoundTrip(EncoderToJson(encoder));
  EXPECT_EQ(json["name"], "enc");
  EXPECT_EQ(json["version"], 3);
  EXPECT_EQ(json["events_per_set"], 10);
  EXPECT_EQ(json["feature_names"], nlohmann::json({"met"}));
  EXPECT_EQ(json["models"][0]["name"], "zp");
  EXPECT_EQ(json["models"][0]["parameters"]["mzp"], 2000);
  EXPECT_EQ(json["models"][0]["num_points"], 40);
  EXPECT_EQ(json["models"][0]["family"], "zprime");
  EXPECT_EQ(json["models"][0]["test"]["correct"], 19);
  EXPECT_EQ(json["models"][0]["test"]["value"], 0.95);
  EXPECT_EQ(json["validation"]["sets"], 100);
  // No test split: null, not zeros.
  EXPECT_TRUE(json["test"].is_null());
  EXPECT_EQ(json["history"][0]["train_loss"], 1.5);
}

TEST(CliProtoJsonTest, NearestHasExactlyTheDocumentedShape) {
  v1::QueryNearestResponse response;
  response.set_encoder("enc");
  response.set_sets(79);
  for (const char* name : {"zp", "sq"}) {
    v1::ModelMatch* match = response.add_ranking();
    match->set_model(name);
    match->set_log_likelihood(-10);
    match->set_posterior(0.5);
    match->set_mean_log_likelihood(-1);
    match->set_distance(0.5);
    match->set_fraction(0.75);
    (*match->mutable_parameters())["m"] = 1;
  }
  v1::InferredParameter* inferred = response.add_inferred();
  inferred->set_name("m");
  inferred->set_value(std::nan(""));
  inferred->set_uncertainty(0.1);
  inferred->set_note("too few models");
  response.set_fit_note("no goodness-of-fit test: model 'zp' has no held-out test sets");
  const Json json = NearestToJson(response);
  EXPECT_THAT(Keys(json), ElementsAre("encoder", "encoder_version", "sets", "skipped_events",
                                      "ranking", "fit", "fit_note", "inferred", "inference_note",
                                      "family_models", "parameter_likelihood", "warnings"));
  EXPECT_TRUE(json["parameter_likelihood"].is_null());
  EXPECT_EQ(json["warnings"], Json::array());
  EXPECT_THAT(Keys(json["ranking"][0]),
              ElementsAre("model", "posterior", "log_likelihood", "mean_log_likelihood", "distance",
                          "fraction", "family", "parameters"));
  EXPECT_THAT(Keys(json["inferred"][0]),
              ElementsAre("name", "value", "uncertainty", "statistical", "interpolation",
                          "extrapolated", "models", "note"));
  // Without a fit test: null, and the note says why.
  EXPECT_TRUE(json["fit"].is_null());
  const nlohmann::json parsed = RoundTrip(json);
  EXPECT_EQ(parsed["encoder"], "enc");
  EXPECT_EQ(parsed["ranking"][0]["posterior"], 0.5);
  EXPECT_EQ(parsed["ranking"][0]["model"], "zp");
  EXPECT_EQ(parsed["ranking"][1]["model"], "sq");
  EXPECT_EQ(parsed["ranking"][0]["fraction"], 0.75);
  EXPECT_TRUE(parsed["inferred"][0]["value"].is_null());
  EXPECT_EQ(parsed["sets"], 79);
}

TEST(CliProtoJsonTest, ParameterLikelihoodRowsForTwoParametersAListForOne) {
  v1::QueryNearestResponse response;
  v1::ParameterLikelihood* map = response.mutable_parameter_likelihood();
  map->add_parameters("mgluino");
  map->add_parameters("mneutralino");
  for (double v : {1100, 100}) map->add_low(v);
  for (double v : {2100, 900}) map->add_high(v);
  map->set_nodes(2);
  for (double v : {0.0, 1.0, 2.0, 3.0}) map->add_delta_chi2(v);
  Json json = NearestToJson(response)["parameter_likelihood"];
  EXPECT_THAT(Keys(json), ElementsAre("parameters", "low", "high", "nodes", "delta_chi2"));
  EXPECT_EQ(json["parameters"], Json({"mgluino", "mneutralino"}));
  EXPECT_EQ(json["low"], Json({1100.0, 100.0}));
  EXPECT_EQ(json["delta_chi2"], Json::parse("[[0, 1], [2, 3]]")) << "row iy = 0 first";
  map->mutable_parameters()->RemoveLast();
  map->mutable_delta_chi2()->Truncate(2);
  json = NearestToJson(response)["parameter_likelihood"];
  EXPECT_EQ(json["delta_chi2"], Json::parse("[0, 1]"));
}

}  // namespace
}  // namespace latentspace::cli
