// Tests of the table of training kinds: every kind's names point at fields of v1::Job of the
// right types, each kind is found from its stored job kind, request type, model kind and job, a
// stored record comes back with the request and the model in its kind's fields, and a submission
// of either kind is normalized, has its samples looked up and is queued under its job kind.
#include "server/jobs/training_kind.h"

#include <set>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/jobs/job_conversion.h"
#include "server/jobs/job_submission.h"
#include "tests/server/store/store_testing.h"

namespace latentspace::server {
namespace {

using ::testing::HasSubstr;
using FieldType = google::protobuf::FieldDescriptor::Type;

const google::protobuf::FieldDescriptor* JobField(absl::string_view name) {
  return v1::Job::descriptor()->FindFieldByName(std::string(name));
}

TEST(TrainingKindTest, EveryKindNamesFieldsOfTheJobOfTheRightTypes) {
  ASSERT_EQ(TrainingKinds().size(), 2u);
  std::set<std::string> job_kinds, request_fields, model_fields;
  std::set<store::ModelKind> model_kinds;
  for (const TrainingKind* kind : TrainingKinds()) {
    const TrainingKindNames& names = kind->names;
    SCOPED_TRACE(names.job_kind);
    const google::protobuf::FieldDescriptor* request = JobField(names.request_field);
    ASSERT_NE(request, nullptr);
    ASSERT_EQ(request->type(), FieldType::TYPE_MESSAGE);
    const google::protobuf::FieldDescriptor* requested =
        request->message_type()->FindFieldByName(std::string(names.model_field));
    ASSERT_NE(requested, nullptr);
    EXPECT_EQ(requested->type(), FieldType::TYPE_STRING);
    ASSERT_NE(JobField(names.model_field), nullptr);
    EXPECT_EQ(JobField(names.model_field)->type(), FieldType::TYPE_STRING);
    ASSERT_NE(JobField(names.version_field), nullptr);
    EXPECT_EQ(JobField(names.version_field)->type(), FieldType::TYPE_INT64);
    EXPECT_TRUE(job_kinds.insert(std::string(names.job_kind)).second);
    EXPECT_TRUE(request_fields.insert(std::string(names.request_field)).second);
    EXPECT_TRUE(model_fields.insert(std::string(names.model_field)).second);
    EXPECT_TRUE(model_kinds.insert(names.model_kind).second);
    EXPECT_TRUE(kind->normalize && kind->samples && kind->run);
  }
}

TEST(TrainingKindTest, EachKindIsFoundFromEveryHandle) {
  for (const TrainingKind* kind : TrainingKinds()) {
    SCOPED_TRACE(kind->names.job_kind);
    EXPECT_EQ(KindOfJobRecord(kind->names.job_kind), kind);
    EXPECT_EQ(KindOfModel(kind->names.model_kind), kind);
    v1::Job job;
    MutableJobRequest(*kind, &job);
    EXPECT_EQ(KindOfJob(job), kind);
    EXPECT_EQ(KindOfRequest(JobRequest(*kind, job)), kind);
  }
  EXPECT_EQ(KindOfJobRecord("train-classifier"), nullptr);
  EXPECT_EQ(KindOfRequest(v1::GetJobRequest()), nullptr);
  EXPECT_EQ(KindOfJob(v1::Job()), nullptr);
  EXPECT_EQ(KindOfRequest(v1::TrainingRequest()), KindOfJobRecord(store::kTrainEncoderJob));
  EXPECT_EQ(KindOfRequest(v1::DetectorTrainingRequest()),
            KindOfJobRecord(store::kTrainDetectorJob));
}

TEST(TrainingKindTest, AStoredJobComesBackInItsKindsFields) {
  store::JobRecord record;
  record.id = "job-000007";
  record.kind = std::string(store::kTrainDetectorJob);
  record.request_json = R"({"detector": "ae", "reference": "background", "epochs": 5})";
  record.state = store::JobState::kSucceeded;
  record.encoder_name = "ae";
  record.encoder_version = 3;
  const v1::Job detector_job = JobToProto(record);
  EXPECT_TRUE(detector_job.has_detector_request());
  EXPECT_FALSE(detector_job.has_request());
  EXPECT_EQ(detector_job.detector_request().reference(), "background");
  EXPECT_EQ(detector_job.detector(), "ae");
  EXPECT_EQ(detector_job.detector_version(), 3);
  EXPECT_EQ(detector_job.encoder(), "");
  const TrainingKind* kind = KindOfJob(detector_job);
  ASSERT_NE(kind, nullptr);
  EXPECT_EQ(RequestedModel(*kind, detector_job), "ae");
  EXPECT_EQ(TrainedModel(*kind, detector_job), std::make_pair(std::string("ae"), int64_t{3}));

  record.kind = std::string(store::kTrainEncoderJob);
  record.request_json = R"({"encoder": "demo", "samples": ["a", "b"]})";
  record.encoder_name = "demo";
  const v1::Job encoder_job = JobToProto(record);
  EXPECT_TRUE(encoder_job.has_request());
  EXPECT_FALSE(encoder_job.has_detector_request());
  EXPECT_EQ(encoder_job.encoder(), "demo");
  EXPECT_EQ(encoder_job.encoder_version(), 3);
  EXPECT_EQ(encoder_job.detector(), "");
  EXPECT_EQ(RequestedModel(*KindOfJob(encoder_job), encoder_job), "demo");
}

class JobSubmissionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = store::testing::OpenScratchStore();
    ASSERT_NE(store_, nullptr);
    for (const char* name : {"a", "b"}) {
      auto blob = store_->BeginSampleUpload();
      ASSERT_TRUE(blob.ok()) << blob.status();
      ASSERT_TRUE((*blob)->Append("events").ok());
      store::SampleRecord sample;
      sample.name = name;
      sample.source_format = "darkmachines";
      sample.num_events = 1;
      ASSERT_TRUE(store_->CommitSample(*std::move(blob), sample, false).ok());
    }
    // Never started: submitted jobs stay queued.
    jobs_ = std::make_unique<JobManager>(
        store_.get(),
        [](const v1::Job&, const TrainingProgressCallback&, const CancellationToken&)
            -> absl::StatusOr<store::ModelRecord> { return absl::InternalError("not run"); },
        JobManagerOptions{1, 8});
  }
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<JobManager> jobs_;
};

TEST_F(JobSubmissionTest, EitherKindIsNormalizedCheckedAndQueuedUnderItsJobKind) {
  v1::TrainingRequest encoder;
  encoder.set_encoder("enc");
  encoder.add_samples("a");
  encoder.add_samples("b");
  absl::StatusOr<v1::Job> queued = SubmitTrainingJob(*store_, *jobs_, encoder);
  ASSERT_TRUE(queued.ok()) << queued.status();
  EXPECT_EQ(queued->state(), v1::JOB_STATE_QUEUED);
  EXPECT_EQ(queued->request().epochs(), 600);  // the encoder's default filled in
  EXPECT_EQ(store_->GetJob(queued->id())->kind, store::kTrainEncoderJob);

  v1::DetectorTrainingRequest detector;
  detector.set_detector("ae");
  detector.set_reference("a");
  queued = SubmitTrainingJob(*store_, *jobs_, detector);
  ASSERT_TRUE(queued.ok()) << queued.status();
  EXPECT_EQ(queued->detector_request().epochs(), 300);  // the detector's default
  EXPECT_EQ(queued->detector_request().kind(), "autoencoder");
  EXPECT_EQ(store_->GetJob(queued->id())->kind, store::kTrainDetectorJob);
}

TEST_F(JobSubmissionTest, BadRequestsAreRefusedAndNothingIsQueued) {
  v1::TrainingRequest encoder;
  encoder.set_encoder("enc");
  encoder.add_samples("a");
  encoder.add_samples("missing");
  absl::Status status = SubmitTrainingJob(*store_, *jobs_, encoder).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound) << status;
  EXPECT_THAT(status.message(), HasSubstr("missing"));

  v1::DetectorTrainingRequest detector;
  detector.set_detector("ae");
  detector.set_reference("a");
  detector.set_signal("missing");
  status = SubmitTrainingJob(*store_, *jobs_, detector).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound) << status;

  detector.set_signal("");
  detector.set_epochs(-1);
  status = SubmitTrainingJob(*store_, *jobs_, detector).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_THAT(status.message(), HasSubstr("detector training request field 'epochs' = -1"));

  status = SubmitTrainingJob(*store_, *jobs_, v1::GetJobRequest()).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal) << status;
  EXPECT_TRUE(store_->ListJobs(std::nullopt)->empty());
}

}  // namespace
}  // namespace latentspace::server
