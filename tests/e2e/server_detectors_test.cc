// End to end: anomaly detectors over real gRPC on the bundled Dark Machines samples. A classifier
// is trained by a detector job (background against the squark signal), listed, described and used
// to score held-out events inline and a stored sample, with cuts given as the reference fraction
// kept; it survives a restart, is deleted on its own (an encoder of the same name stays); and the
// error paths name what was wrong. Its metrics count the scored events and the detectors loaded.
#include <cmath>
#include <set>

#include "tests/e2e/metrics_scrape.h"
#include "tests/e2e/server_e2e.h"

namespace latentspace::e2e {
namespace {

constexpr char kBackground[] = "background";
constexpr char kSquark[] = "squark_1800_800";
// Of each file the first events are uploaded for training, the rest held out to be scored.
constexpr size_t kTrainBackground = 500;
constexpr size_t kTrainSquark = 1500;

v1::DetectorTrainingRequest ClassifierRequest() {
  v1::DetectorTrainingRequest request;
  request.set_detector("cwola");
  request.set_kind("classifier");
  request.set_reference(kBackground);
  request.set_signal(kSquark);
  request.set_epochs(40);
  request.set_seed(3);
  return request;
}

v1::ScoreEventsRequest ScoreRequest(const std::vector<v1::Event>& events, double keep) {
  v1::ScoreEventsRequest request;
  request.mutable_detector()->set_name("cwola");
  *request.mutable_events() = EventBatchOf(events);
  request.set_keep(keep);
  return request;
}

double KeptShare(const v1::ScoreEventsResponse& response) {
  return static_cast<double>(response.kept_events()) / response.scores_size();
}

class ServerDetectorsTest : public LatentdTest {
 protected:
  // Uploads the training parts of both samples and trains the classifier to its end.
  void TrainClassifier(v1::Job* done) {
    ASSERT_TRUE(IsOk(UploadBundled(api(), kBackground, nullptr, kTrainBackground)));
    ASSERT_TRUE(IsOk(UploadBundled(api(), kSquark, nullptr, kTrainSquark)));
    v1::Job submitted;
    ASSERT_TRUE(IsOk(api().SubmitDetector(ClassifierRequest(), &submitted)));
    EXPECT_EQ(submitted.state(), v1::JOB_STATE_QUEUED);
    EXPECT_EQ(submitted.detector_request().preset(), "darkmachines");  // defaults filled in
    EXPECT_EQ(submitted.detector_request().patience(), 30);
    *done = api().AwaitJob(submitted.id());
    ASSERT_EQ(done->state(), v1::JOB_STATE_SUCCEEDED) << done->error();
  }
};

TEST_F(ServerDetectorsTest, TrainsListsScoresAndDeletesAClassifier) {
  ASSERT_TRUE(StartServer());
  v1::Job done;
  ASSERT_NO_FATAL_FAILURE(TrainClassifier(&done));
  EXPECT_EQ(done.detector(), "cwola");
  EXPECT_EQ(done.detector_version(), 1);
  EXPECT_TRUE(done.encoder().empty());
  EXPECT_GT(done.progress().epoch(), 0);
  EXPECT_GT(done.sets_per_second(), 0);  // events per second for a detector job

  v1::ListDetectorsResponse listed;
  ASSERT_TRUE(IsOk(api().ListDetectors(false, &listed)));
  ASSERT_EQ(listed.detectors_size(), 1);
  const v1::Detector& summary = listed.detectors(0);
  EXPECT_EQ(summary.name(), "cwola");
  EXPECT_EQ(summary.kind(), "classifier");
  EXPECT_EQ(summary.reference(), kBackground);
  EXPECT_EQ(summary.signal(), kSquark);
  EXPECT_EQ(summary.job_id(), done.id());
  EXPECT_GT(summary.stored_bytes(), 0);
  EXPECT_TRUE(summary.history().empty());  // GetDetector has it

  v1::Detector detector;
  ASSERT_TRUE(IsOk(api().GetDetector("cwola", 0, &detector)));
  EXPECT_TRUE(detector.loaded());
  EXPECT_EQ(detector.feature_names_size(), 17);  // the darkmachines preset
  EXPECT_FALSE(detector.history().empty());
  EXPECT_EQ(detector.validation().reference_events(), detector.reference_events() / 5);
  // The held-out AUC of squarks against background (0.98 in docs/detectors.md's table).
  EXPECT_GT(detector.validation().auc(), 0.85);
  EXPECT_TRUE(std::isfinite(detector.validation().significance()));
  ASSERT_GE(detector.cuts_size(), 2);  // 10% and 1% of 100 held-out reference events
  EXPECT_DOUBLE_EQ(detector.cuts(0).keep(), 0.1);
  EXPECT_LT(detector.cuts(0).score(), detector.cuts(1).score());

  // Held-out events: the cut keeping 10% of the reference keeps about that share of background
  // and most squarks.
  const std::vector<v1::Event> background =
      testing::Slice(BundledEvents(kBackground), kTrainBackground, SIZE_MAX);
  const std::vector<v1::Event> squarks =
      testing::Slice(BundledEvents(kSquark), kTrainSquark, SIZE_MAX);
  v1::ScoreEventsResponse background_scores, squark_scores;
  ASSERT_TRUE(IsOk(api().ScoreEvents(ScoreRequest(background, 0.1), &background_scores)));
  ASSERT_TRUE(IsOk(api().ScoreEvents(ScoreRequest(squarks, 0.1), &squark_scores)));
  EXPECT_EQ(background_scores.detector_version(), 1);
  EXPECT_DOUBLE_EQ(background_scores.cut(), detector.cuts(0).score());
  EXPECT_EQ(background_scores.accepted_events() + background_scores.skipped_events(),
            static_cast<int64_t>(background.size()));
  EXPECT_GT(KeptShare(background_scores), 0.02);
  EXPECT_LT(KeptShare(background_scores), 0.3);
  EXPECT_GT(KeptShare(squark_scores), 0.6);
  // Every accepted event once, in order, named by its position and id; kept means above the cut.
  int64_t previous = -1;
  for (const v1::EventScore& score : squark_scores.scores()) {
    EXPECT_GT(score.index(), previous);
    previous = score.index();
    EXPECT_EQ(score.event_id(), squarks[score.index()].event_id());
    EXPECT_EQ(score.kept(), score.score() > squark_scores.cut());
    EXPECT_GE(score.reference_tail(), 0);
    EXPECT_LE(score.reference_tail(), 1);
  }
  // Without a cut every event is kept.
  v1::ScoreEventsResponse uncut;
  ASSERT_TRUE(IsOk(api().ScoreEvents(ScoreRequest(squarks, 0), &uncut)));
  EXPECT_EQ(uncut.kept_events(), uncut.scores_size());
  EXPECT_EQ(uncut.cut(), -std::numeric_limits<double>::infinity());

  // A stored sample scores as its events do inline.
  v1::ScoreEventsRequest stored;
  stored.mutable_detector()->set_name("cwola");
  stored.set_sample_name(kSquark);
  v1::ScoreEventsResponse stored_scores, inline_scores;
  ASSERT_TRUE(IsOk(api().ScoreEvents(stored, &stored_scores)));
  ASSERT_TRUE(IsOk(api().ScoreEvents(
      ScoreRequest(testing::Slice(BundledEvents(kSquark), 0, kTrainSquark), 0), &inline_scores)));
  ASSERT_EQ(stored_scores.scores_size(), inline_scores.scores_size());
  for (int i = 0; i < stored_scores.scores_size(); ++i) {
    EXPECT_EQ(stored_scores.scores(i).index(), inline_scores.scores(i).index());
    EXPECT_NEAR(stored_scores.scores(i).score(), inline_scores.scores(i).score(), 1e-9);
  }

  // Every accepted event scored so far is counted for the detector, which is held in memory.
  const std::string& metrics = server().metrics_address();
  EXPECT_EQ(ScrapeOne(metrics, "latent_scored_events_total", {{"detector", "cwola"}}),
            background_scores.accepted_events() + 2 * squark_scores.accepted_events() +
                stored_scores.accepted_events() + inline_scores.accepted_events());
  EXPECT_EQ(ScrapeOne(metrics, "latent_detectors_loaded"), 1);

  // Persisted: after a restart the same detector gives the same scores.
  EXPECT_EQ(StopServer(), 0);
  ASSERT_TRUE(StartServer());
  v1::ScoreEventsResponse again;
  ASSERT_TRUE(IsOk(api().ScoreEvents(ScoreRequest(squarks, 0.1), &again)));
  ASSERT_EQ(again.scores_size(), squark_scores.scores_size());
  for (int i = 0; i < again.scores_size(); ++i) {
    EXPECT_NEAR(again.scores(i).score(), squark_scores.scores(i).score(), 1e-9);
  }

  // An encoder of the same name is another model: deleting the detector leaves it alone.
  v1::Job encoder_job;
  v1::TrainingRequest encoder = TrainingRequest("cwola", {kBackground, kSquark}, 2);
  encoder.set_initialisations(1);
  ASSERT_TRUE(IsOk(api().Submit(encoder, &encoder_job)));
  ASSERT_EQ(api().AwaitJob(encoder_job.id()).state(), v1::JOB_STATE_SUCCEEDED);
  ASSERT_TRUE(IsOk(api().DeleteDetector("cwola", 0)));
  EXPECT_TRUE(HasStatus(api().GetDetector("cwola", 0, &detector), grpc::StatusCode::NOT_FOUND,
                        {"detector \"cwola\" not found"}));
  v1::Encoder kept;
  EXPECT_TRUE(IsOk(api().GetEncoder("cwola", 0, &kept)));
  ASSERT_TRUE(IsOk(api().ListDetectors(true, &listed)));
  EXPECT_EQ(listed.detectors_size(), 0);
}

TEST_F(ServerDetectorsTest, ARunningDetectorJobShowsItsProgressAndCancels) {
  ASSERT_TRUE(StartServer());
  ASSERT_TRUE(IsOk(UploadBundled(api(), kBackground)));
  v1::DetectorTrainingRequest request;
  request.set_detector("slow");
  request.set_kind("vae");
  request.set_reference(kBackground);
  request.set_epochs(10000);
  request.set_patience(-1);
  v1::Job job;
  ASSERT_TRUE(IsOk(api().SubmitDetector(request, &job)));
  const std::string& metrics = server().metrics_address();
  const std::map<std::string, std::string> labels = {{"job", job.id()}, {"detector", "slow"}};
  std::optional<double> progress;
  EXPECT_TRUE(WaitFor(
      [&] {
        progress = ScrapeOne(metrics, "latent_detector_job_progress_ratio", labels);
        return progress.has_value() && *progress > 0;
      },
      seconds(30)));
  EXPECT_LT(progress.value_or(1), 1);
  EXPECT_TRUE(
      ScrapeOne(metrics, "latent_job_loss", {{"job", job.id()}, {"split", "train"}}).has_value());
  v1::Job cancelled;
  ASSERT_TRUE(IsOk(api().CancelJob(job.id(), &cancelled)));
  EXPECT_EQ(cancelled.state(), v1::JOB_STATE_CANCELLED);
  // The series goes with the job, and nothing was stored.
  EXPECT_TRUE(
      WaitFor([&] { return !ScrapeOne(metrics, "latent_detector_job_progress_ratio", labels); },
              seconds(10)));
  v1::ListDetectorsResponse listed;
  ASSERT_TRUE(IsOk(api().ListDetectors(true, &listed)));
  EXPECT_EQ(listed.detectors_size(), 0);
}

TEST_F(ServerDetectorsTest, RefusesBadRequestsNamingTheProblem) {
  ASSERT_TRUE(StartServer({"--max-events-per-request", "1000"}));
  ASSERT_TRUE(IsOk(UploadBundled(api(), kBackground)));
  v1::Job job;
  v1::DetectorTrainingRequest request = ClassifierRequest();
  EXPECT_TRUE(
      HasStatus(api().SubmitDetector(request, &job), grpc::StatusCode::NOT_FOUND, {kSquark}));
  request.clear_signal();
  EXPECT_TRUE(HasStatus(api().SubmitDetector(request, &job), grpc::StatusCode::INVALID_ARGUMENT,
                        {"'signal' is empty"}));
  request.set_kind("autoencoder");
  request.set_preset("rmm-0");
  EXPECT_TRUE(HasStatus(api().SubmitDetector(request, &job), grpc::StatusCode::INVALID_ARGUMENT,
                        {"'preset'", "rmm-0"}));
  v1::ListJobsResponse jobs;
  ASSERT_TRUE(IsOk(api().ListJobs(v1::JOB_STATE_UNSPECIFIED, &jobs)));
  EXPECT_EQ(jobs.jobs_size(), 0);  // nothing was queued

  // An autoencoder of few epochs, to score against.
  request.set_preset("");
  request.set_detector("ae");
  request.set_epochs(3);
  ASSERT_TRUE(IsOk(api().SubmitDetector(request, &job)));
  ASSERT_EQ(api().AwaitJob(job.id()).state(), v1::JOB_STATE_SUCCEEDED);

  const std::vector<v1::Event> events = testing::Slice(BundledEvents(kBackground), 0, 50);
  v1::ScoreEventsRequest score = ScoreRequest(events, 0.1);
  v1::ScoreEventsResponse response;
  EXPECT_TRUE(HasStatus(api().ScoreEvents(score, &response), grpc::StatusCode::NOT_FOUND,
                        {"detector \"cwola\" not found"}));
  score.mutable_detector()->set_name("ae");
  score.set_keep(1.5);
  EXPECT_TRUE(HasStatus(api().ScoreEvents(score, &response), grpc::StatusCode::INVALID_ARGUMENT,
                        {"keep = 1.5"}));
  score.set_keep(1e-6);  // finer than 140 held-out reference events resolve
  EXPECT_TRUE(HasStatus(api().ScoreEvents(score, &response), grpc::StatusCode::INVALID_ARGUMENT,
                        {"keep: kept fraction 1e-06", "140 held-out reference events"}));
  score.set_keep(0.1);
  score.mutable_detector()->set_version(-1);
  EXPECT_TRUE(HasStatus(api().ScoreEvents(score, &response), grpc::StatusCode::INVALID_ARGUMENT,
                        {"detector.version = -1"}));
  score.mutable_detector()->set_version(0);
  score.clear_events();
  EXPECT_TRUE(HasStatus(api().ScoreEvents(score, &response), grpc::StatusCode::INVALID_ARGUMENT,
                        {"no sample"}));
  score.set_sample_name("missing");
  EXPECT_TRUE(
      HasStatus(api().ScoreEvents(score, &response), grpc::StatusCode::NOT_FOUND, {"missing"}));
  *score.mutable_events() = EventBatchOf(BundledEvents(kBackground));  // 700: within the limit
  ASSERT_TRUE(IsOk(api().ScoreEvents(score, &response)));
  std::vector<v1::Event> many = BundledEvents(kBackground);
  many.insert(many.end(), many.begin(), many.end());
  *score.mutable_events() = EventBatchOf(many);
  EXPECT_TRUE(HasStatus(api().ScoreEvents(score, &response), grpc::StatusCode::RESOURCE_EXHAUSTED,
                        {"1400 events", "at most 1000"}));
  v1::Event bad = events[0];
  bad.mutable_objects(0)->set_eta(std::nan(""));
  *score.mutable_events() = EventBatchOf({events[1], bad});
  EXPECT_TRUE(HasStatus(api().ScoreEvents(score, &response), grpc::StatusCode::INVALID_ARGUMENT,
                        {"event 1"}));
  EXPECT_TRUE(HasStatus(api().DeleteDetector("ae", 2), grpc::StatusCode::NOT_FOUND,
                        {"detector \"ae\" version 2 not found"}));
}

}  // namespace
}  // namespace latentspace::e2e
