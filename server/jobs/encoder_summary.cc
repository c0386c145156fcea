// An encoder's stored summary and its API view.
#include "server/jobs/encoder_summary.h"

#include <cmath>
#include <vector>

#include "core/analysis/binomial_interval.h"
#include "nlohmann/json.hpp"
#include "server/jobs/job_conversion.h"
#include "server/models/model_record_proto.h"
#include "server/validation/event_level.h"

namespace latentspace::server {
namespace {

// Sets on the diagonal of a confusion matrix.
int64_t Correct(const std::vector<std::vector<int64_t>>& confusion) {
  int64_t correct = 0;
  for (size_t m = 0; m < confusion.size(); ++m) correct += confusion[m][m];
  return correct;
}

}  // namespace

std::string EncoderSummaryJson(const EncoderTrainingReport& report,
                               const v1::TrainingRequest& request,
                               const std::map<std::string, std::string>& levels) {
  const ModelSeparation& separation = report.metadata.separation;
  nlohmann::json summary;
  summary["validation_accuracy"] = report.validation_accuracy;
  summary["train_sets_per_epoch"] = report.train_sets_per_epoch;
  summary["validation_sets"] = report.validation_sets;
  summary["validation_correct"] = Correct(separation.validation_confusion);
  summary["test_sets"] = report.test_sets;
  summary["test_correct"] = Correct(separation.test_confusion);
  summary["sets_per_second"] = report.sets_per_second;
  summary["variant"] = request.variant();
  summary["events_per_set"] = request.events_per_set();
  summary["best_epoch"] = report.metadata.history.best_epoch;
  nlohmann::json models = nlohmann::json::array();
  for (const ModelPoints& model : report.metadata.models) {
    models.push_back({{"name", model.name},
                      {"parameters", model.parameters},
                      {"family", model.family},
                      {"level", levels.count(model.name) ? levels.at(model.name) : "detector"},
                      {"points", model.points.size()},
                      {"test_points", model.test_points.size()}});
  }
  summary["models"] = models;
  return summary.dump();
}

void SetAccuracyOf(int64_t correct, int64_t sets, v1::SetAccuracy* out) {
  absl::StatusOr<BinomialInterval> interval = ClopperPearsonInterval(correct, sets);
  if (!interval.ok()) return;
  out->set_sets(sets);
  out->set_correct(correct);
  out->set_value(interval->value);
  out->set_lower(interval->lower);
  out->set_upper(interval->upper);
}

v1::Encoder EncoderRecordToProto(const store::EncoderRecord& record, bool loaded) {
  v1::Encoder encoder;
  SetModelRecordFields(record, loaded, &encoder);
  encoder.set_latent_dim(2);
  const nlohmann::json summary = nlohmann::json::parse(record.summary_json, nullptr, false);
  if (!summary.is_object()) return encoder;
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
  if (summary.contains("best_epoch")) {
    encoder.set_best_epoch(ApiEpoch(summary.value("best_epoch", int64_t{0})));
  }
  const nlohmann::json models = summary.value("models", nlohmann::json::array());
  for (const nlohmann::json& model : models) {
    v1::KnownModel* known = encoder.add_models();
    known->set_name(model.value("name", ""));
    known->set_num_points(model.value("points", int64_t{0}));
    known->set_family(model.value("family", ""));
    known->set_level(EventLevelFromName(model.value("level", "detector")));
    known->set_num_test_points(model.value("test_points", int64_t{0}));
    const nlohmann::json parameters = model.value("parameters", nlohmann::json::object());
    for (const auto& [key, value] : parameters.items()) {
      if (value.is_number()) (*known->mutable_parameters())[key] = value.get<double>();
    }
  }
  return encoder;
}

}  // namespace latentspace::server
