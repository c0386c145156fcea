// A detector's stored summary and its API view.
#include "server/jobs/detector_summary.h"

#include <cmath>

#include "nlohmann/json.hpp"
#include "server/jobs/job_conversion.h"
#include "server/models/model_record_proto.h"

namespace latentspace::server {
namespace {

// JSON has no NaN: nlohmann writes null, read back as NaN.
double NumberOrNan(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_number() ? it->get<double>() : std::nan("");
}

}  // namespace

std::string DetectorSummaryJson(const DetectorTrainingReport& report,
                                const v1::DetectorTrainingRequest& request) {
  const DetectorMetadata& metadata = report.metadata;
  const DetectorValidation& validation = metadata.validation;
  nlohmann::json summary;
  summary["kind"] = request.kind();
  summary["reference"] = request.reference();
  summary["signal"] = request.signal();
  summary["reference_events"] = metadata.reference_events;
  summary["signal_events"] = metadata.signal_events;
  summary["latent_dim"] =
      metadata.kind == DetectorKind::kClassifier ? 0 : metadata.architecture.latent_dim;
  summary["kl_weight"] =
      metadata.kind == DetectorKind::kVae || metadata.kind == DetectorKind::kVaeClassifier
          ? metadata.architecture.kl_weight
          : 0.0;
  summary["best_epoch"] = metadata.history.best_epoch;
  summary["best_validation_loss"] = metadata.history.best_validation_loss;
  summary["events_per_second"] = report.events_per_second;
  summary["validation"] = {{"reference_events", validation.reference_events},
                           {"signal_events", validation.signal_events},
                           {"auc", validation.auc},
                           {"significance_keep", validation.significance_keep},
                           {"significance", validation.significance}};
  return summary.dump();
}

v1::Detector DetectorRecordToProto(const store::DetectorRecord& record, bool loaded) {
  v1::Detector detector;
  SetModelRecordFields(record, loaded, &detector);
  const nlohmann::json summary = nlohmann::json::parse(record.summary_json, nullptr, false);
  if (!summary.is_object()) return detector;
  detector.set_kind(summary.value("kind", ""));
  detector.set_reference(summary.value("reference", ""));
  detector.set_signal(summary.value("signal", ""));
  detector.set_reference_events(summary.value("reference_events", int64_t{0}));
  detector.set_signal_events(summary.value("signal_events", int64_t{0}));
  detector.set_latent_dim(summary.value("latent_dim", 0));
  detector.set_kl_weight(summary.value("kl_weight", 0.0));
  if (summary.contains("best_epoch")) {
    detector.set_best_epoch(ApiEpoch(summary.value("best_epoch", int64_t{0})));
  }
  detector.set_best_validation_loss(NumberOrNan(summary, "best_validation_loss"));
  const nlohmann::json validation = summary.value("validation", nlohmann::json::object());
  v1::DetectorValidation* out = detector.mutable_validation();
  out->set_reference_events(validation.value("reference_events", int64_t{0}));
  out->set_signal_events(validation.value("signal_events", int64_t{0}));
  out->set_auc(NumberOrNan(validation, "auc"));
  out->set_significance_keep(validation.value("significance_keep", 0.0));
  out->set_significance(NumberOrNan(validation, "significance"));
  return detector;
}

}  // namespace latentspace::server
