// Tests of the summaries a training job stores with its model (server/jobs/encoder_summary.h,
// detector_summary.h): what a job writes reads back as the API's view, field by field, with the
// accuracies' Clopper-Pearson intervals; a summary written before the counts were kept gives its
// counts from the accuracy; one that does not parse leaves the view's summary fields empty.
#include <cmath>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/jobs/detector_summary.h"
#include "server/jobs/encoder_summary.h"

namespace latentspace::server {
namespace {

store::ModelRecord Record(const std::string& summary_json) {
  store::ModelRecord record;
  record.name = "demo";
  record.version = 3;
  record.job_id = "job-000007";
  record.preset = "darkmachines";
  record.blob_bytes = 1234;
  record.created_unix_ms = 1700000000000;
  record.summary_json = summary_json;
  return record;
}

TEST(ModelSummaryTest, AnEncodersSummaryReadsBackAsItsView) {
  EncoderTrainingReport report;
  report.validation_accuracy = 0.75;
  report.validation_sets = 40;
  report.test_sets = 20;
  report.train_sets_per_epoch = 160;
  report.metadata.history.best_epoch = 6;
  report.metadata.separation.validation_confusion = {{15, 5}, {5, 15}};
  report.metadata.separation.test_confusion = {{9, 1}, {2, 8}};
  for (int m = 0; m < 2; ++m) {
    ModelPoints model;
    model.name = m == 0 ? "gluino" : "squark";
    model.parameters = {{"mass", 1000.0 + m}};
    model.family = "susy";
    model.points.resize(30 + m);
    model.test_points.resize(10);
    report.metadata.models.push_back(model);
  }
  v1::TrainingRequest request;
  request.set_variant("contrastive");
  request.set_events_per_set(10);
  const v1::Encoder view = EncoderRecordToProto(
      Record(EncoderSummaryJson(report, request, {{"gluino", "truth"}, {"squark", "detector"}})),
      true);
  EXPECT_EQ(view.name(), "demo");
  EXPECT_EQ(view.version(), 3);
  EXPECT_EQ(view.job_id(), "job-000007");
  EXPECT_EQ(view.stored_bytes(), 1234);
  EXPECT_TRUE(view.loaded());
  EXPECT_EQ(view.variant(), "contrastive");
  EXPECT_EQ(view.events_per_set(), 10);
  EXPECT_EQ(view.best_epoch(), 7);  // the API counts epochs from 1
  EXPECT_EQ(view.validation().sets(), 40);
  EXPECT_EQ(view.validation().correct(), 30);
  EXPECT_EQ(view.test().sets(), 20);
  EXPECT_EQ(view.test().correct(), 17);
  EXPECT_DOUBLE_EQ(view.test().value(), 0.85);
  EXPECT_LT(view.test().lower(), 0.85);
  EXPECT_GT(view.test().upper(), 0.85);
  ASSERT_EQ(view.models_size(), 2);
  EXPECT_EQ(view.models(1).name(), "squark");
  EXPECT_EQ(view.models(1).family(), "susy");
  EXPECT_EQ(view.models(1).num_points(), 31);
  EXPECT_EQ(view.models(1).num_test_points(), 10);
  EXPECT_EQ(view.models(1).parameters().at("mass"), 1001);
  EXPECT_EQ(view.models(0).level(), v1::EVENT_LEVEL_TRUTH);
  EXPECT_EQ(view.models(1).level(), v1::EVENT_LEVEL_DETECTOR);
}

TEST(ModelSummaryTest, OldAndBrokenEncoderSummaries) {
  const v1::Encoder old =
      EncoderRecordToProto(Record(R"({"validation_accuracy": 0.6, "validation_sets": 50})"), false);
  EXPECT_EQ(old.validation().correct(), 30);
  EXPECT_EQ(old.test().sets(), 0);  // no test sets recorded: no figure
  const v1::Encoder without_levels =
      EncoderRecordToProto(Record(R"({"models": [{"name": "gluino"}]})"), false);
  EXPECT_EQ(without_levels.models(0).level(), v1::EVENT_LEVEL_DETECTOR);
  const v1::Encoder broken = EncoderRecordToProto(Record("{not json"), false);
  EXPECT_EQ(broken.name(), "demo");
  EXPECT_EQ(broken.models_size(), 0);
  EXPECT_EQ(broken.validation().sets(), 0);
}

TEST(ModelSummaryTest, ADetectorsSummaryReadsBackAsItsViewWithNaNsKept) {
  DetectorTrainingReport report;
  report.metadata.kind = DetectorKind::kAutoencoder;
  report.metadata.architecture.latent_dim = 4;
  report.metadata.reference_events = 5000;
  report.metadata.history.best_epoch = 2;
  report.metadata.history.best_validation_loss = 0.25;
  report.metadata.validation.reference_events = 1000;
  report.metadata.validation.significance_keep = 0.01;
  v1::DetectorTrainingRequest request;
  request.set_kind("autoencoder");
  request.set_reference("background");
  const v1::Detector view =
      DetectorRecordToProto(Record(DetectorSummaryJson(report, request)), false);
  EXPECT_EQ(view.kind(), "autoencoder");
  EXPECT_EQ(view.reference(), "background");
  EXPECT_EQ(view.reference_events(), 5000);
  EXPECT_EQ(view.latent_dim(), 4);
  EXPECT_EQ(view.best_epoch(), 3);
  EXPECT_EQ(view.best_validation_loss(), 0.25);
  EXPECT_EQ(view.validation().reference_events(), 1000);
  EXPECT_TRUE(std::isnan(view.validation().auc()));  // no signal: JSON null, read back as NaN
  EXPECT_TRUE(std::isnan(view.validation().significance()));
  EXPECT_EQ(DetectorRecordToProto(Record("[]"), false).kind(), "");
}

}  // namespace
}  // namespace latentspace::server
