// End to end: DetectorService.InterpretSelection over real gRPC on the bundled Dark Machines
// samples. An autoencoder learns the first 500 background events, an encoder knows the squark and
// Z' samples (their first events); data of held-out background with held-out squarks mixed in are
// interpreted at a cut keeping 20% of the held-out reference: the squarks are named with a fitted
// share, the counts agree with ScoreEvents, the streamed call (InterpretSelectionWithProgress)
// reports its steps in order and gives the same answer, and every bad request names what was
// wrong.
#include <google/protobuf/util/message_differencer.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"

#include "tests/e2e/server_e2e.h"

namespace latentspace::e2e {
namespace {

constexpr char kBackground[] = "background";
constexpr char kSquark[] = "squark_1800_800";
constexpr char kZprime[] = "zprime_monojet_2000_50";
constexpr size_t kTrainBackground = 500;
constexpr size_t kTrainSignal = 1000;

class ServerInterpretation : public LatentdTest {
 protected:
  void SetUp() override {
    ASSERT_TRUE(StartServer());
    ASSERT_TRUE(IsOk(UploadBundled(api(), kBackground, nullptr, kTrainBackground)));
    ASSERT_TRUE(IsOk(UploadBundled(api(), kSquark, nullptr, kTrainSignal)));
    ASSERT_TRUE(IsOk(UploadBundled(api(), kZprime, nullptr, kTrainSignal)));
    v1::DetectorTrainingRequest detector;
    detector.set_detector("ae");
    detector.set_reference(kBackground);
    detector.set_epochs(60);
    detector.set_seed(3);
    v1::Job detector_job;
    ASSERT_TRUE(IsOk(api().SubmitDetector(detector, &detector_job)));
    v1::TrainingRequest encoder = TrainingRequest("enc", {kSquark, kZprime}, 40);
    encoder.set_initialisations(1);
    v1::Job encoder_job;
    ASSERT_TRUE(IsOk(api().Submit(encoder, &encoder_job)));
    for (const v1::Job& job : {detector_job, encoder_job}) {
      const v1::Job done = api().AwaitJob(job.id(), seconds(240));
      ASSERT_EQ(done.state(), v1::JOB_STATE_SUCCEEDED) << done.error();
    }
  }

  // Held-out background with the held-out squarks after it.
  static std::vector<v1::Event> Data() {
    std::vector<v1::Event> data =
        testing::Slice(BundledEvents(kBackground), kTrainBackground, SIZE_MAX);
    const std::vector<v1::Event> squarks =
        testing::Slice(BundledEvents(kSquark), kTrainSignal, kTrainSignal + 100);
    data.insert(data.end(), squarks.begin(), squarks.end());
    return data;
  }

  static v1::InterpretSelectionRequest Request(double keep) {
    v1::InterpretSelectionRequest request;
    request.mutable_detector()->set_name("ae");
    request.mutable_encoder()->set_name("enc");
    *request.mutable_events() = EventBatchOf(Data());
    request.set_keep(keep);
    request.set_pseudo_experiments(50);
    return request;
  }
};

TEST_F(ServerInterpretation, NamesTheInjectedSignalStreamsItsProgressAndRefusesBadRequests) {
  v1::InterpretSelectionResponse answer;
  ASSERT_TRUE(IsOk(api().InterpretSelection(Request(0.2), &answer)));
  EXPECT_EQ(answer.detector(), "ae");
  EXPECT_EQ(answer.encoder_version(), 1);
  ASSERT_EQ(answer.ranking_size(), 2);
  EXPECT_EQ(answer.ranking(0).model(), kSquark) << answer.DebugString();
  EXPECT_GT(answer.ranking(0).signal_fraction(), 0);
  EXPECT_LE(answer.ranking(0).signal_fraction_lower(), answer.ranking(0).signal_fraction());
  EXPECT_GE(answer.ranking(0).signal_fraction_upper(), answer.ranking(0).signal_fraction());
  EXPECT_GT(answer.ranking(0).tail_events(), 0);
  EXPECT_EQ(answer.ranking(0).profile_size(), answer.fractions_size());
  EXPECT_TRUE(answer.ranking(0).calibrated()) << "the first model's fraction, from pseudo-data";
  EXPECT_FALSE(answer.ranking(1).calibrated());
  for (const v1::SelectionHypothesis& fit : answer.ranking()) {
    EXPECT_GT(fit.p_value(), 0);
    EXPECT_LE(fit.p_value(), 1);
    EXPECT_NEAR(fit.signal_events(), fit.signal_fraction() * answer.kept_events(), 1e-6);
  }
  // 20 selected background events (10 for the pseudo-data) against 143 kept: the p-values are
  // limited by the calibration, and the note says so whatever the verdict.
  EXPECT_THAT(answer.verdict(), ::testing::AnyOf("signal", "unexplained", "background"));
  EXPECT_THAT(answer.note(), ::testing::HasSubstr("calibration-limited: pseudo-data draw on 10 "
                                                  "selected background events for 143 kept"));
  EXPECT_EQ(answer.pseudo_experiments(), 50);
  EXPECT_THAT(answer.warnings(), ::testing::IsEmpty()) << "detector level throughout";
  // The picture's parts: one split's sets, the 68% and 95% contours of the background-only
  // template and of the first model's at its fraction.
  EXPECT_EQ(answer.kept_sets_size(), answer.sets_per_split());
  ASSERT_EQ(answer.template_contours().contours_size(), 4)
      << answer.template_contours().DebugString();
  EXPECT_EQ(answer.template_contours().contours(0).model(), "background only");
  EXPECT_EQ(answer.template_contours().contours(1).mass(), 0.95);
  EXPECT_THAT(answer.template_contours().contours(2).model(), ::testing::StartsWith(kSquark));
  for (const v1::ModelContours& contour : answer.template_contours().contours()) {
    EXPECT_GT(contour.polylines_size(), 0) << contour.model();
  }
  EXPECT_LT(answer.template_contours().x_min(), answer.template_contours().x_max());

  // The same work streamed with its progress: the first report starts the scoring, the steps come
  // in order (a client reading slower than the server may miss a step's reports, never see them
  // out of order), no step's count goes back, and the last message is the same answer. Its
  // events are said to be truth level: the answer also warns that the hypotheses are not.
  grpc::ClientContext stream_context;
  stream_context.set_deadline(std::chrono::system_clock::now() + seconds(240));
  v1::InterpretSelectionRequest as_truth = Request(0.2);
  as_truth.mutable_events()->set_level(v1::EVENT_LEVEL_TRUTH);
  std::unique_ptr<grpc::ClientReader<v1::InterpretSelectionUpdate>> reader =
      api().detectors->InterpretSelectionWithProgress(&stream_context, as_truth);
  const std::vector<std::string> order = {"scoring events",
                                          "templates",
                                          "fit of the kept events",
                                          "background-only pseudo-experiments",
                                          "calibration of the best fraction",
                                          "fit test of the best model"};
  std::vector<std::string> steps;
  std::vector<v1::InterpretSelectionResponse> answers;
  int64_t last_done = -1;
  v1::InterpretSelectionUpdate update;
  while (reader->Read(&update)) {
    ASSERT_TRUE(answers.empty()) << "a message after the answer: " << update.DebugString();
    if (update.has_answer()) {
      answers.push_back(update.answer());
      continue;
    }
    const v1::InterpretSelectionProgress& progress = update.progress();
    if (steps.empty() || steps.back() != progress.step()) {
      steps.push_back(progress.step());
      last_done = -1;
    }
    EXPECT_GE(progress.done(), last_done) << progress.step();
    EXPECT_LE(progress.done(), progress.total()) << progress.step();
    EXPECT_GE(progress.elapsed_seconds(), 0);
    last_done = progress.done();
  }
  const grpc::Status streamed = reader->Finish();
  ASSERT_TRUE(streamed.ok()) << streamed.error_message();
  ASSERT_EQ(answers.size(), 1u);
  ASSERT_EQ(answers[0].warnings_size(), 1);
  EXPECT_THAT(answers[0].warnings(0),
              ::testing::HasSubstr("truth level (generator objects: no detector smearing or "
                                   "efficiencies, MET from the invisible particles) but 3 of the 3 "
                                   "known models are not"));
  answers[0].clear_warnings();
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(answers[0], answer))
      << "streamed:\n"
      << answers[0].ShortDebugString() << "\nunary:\n"
      << answer.ShortDebugString();
  ASSERT_FALSE(steps.empty());
  EXPECT_EQ(steps.front(), "scoring events");
  size_t next = 0;
  for (const std::string& step : steps) {
    while (next < order.size() && order[next] != step) ++next;
    EXPECT_LT(next, order.size()) << "step '" << step << "' out of order in "
                                  << absl::StrJoin(steps, ", ");
  }
  // Its errors end the stream with the unary call's status.
  grpc::ClientContext refused_context;
  v1::InterpretSelectionRequest unknown = Request(0.2);
  unknown.mutable_detector()->set_name("no_such_detector");
  reader = api().detectors->InterpretSelectionWithProgress(&refused_context, unknown);
  while (reader->Read(&update)) {
    EXPECT_FALSE(update.has_answer());
  }
  EXPECT_TRUE(HasStatus(reader->Finish(), grpc::StatusCode::NOT_FOUND, {"no_such_detector"}));
  // A call cancelled after its first report ends CANCELLED.
  grpc::ClientContext cancelled_context;
  reader = api().detectors->InterpretSelectionWithProgress(&cancelled_context, Request(0.2));
  ASSERT_TRUE(reader->Read(&update));
  EXPECT_TRUE(update.has_progress());
  cancelled_context.TryCancel();
  while (reader->Read(&update)) {
  }
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);

  // The same cut as ScoreEvents: the same events kept.
  v1::ScoreEventsRequest score;
  score.mutable_detector()->set_name("ae");
  *score.mutable_events() = EventBatchOf(Data());
  score.set_keep(0.2);
  v1::ScoreEventsResponse scored;
  ASSERT_TRUE(IsOk(api().ScoreEvents(score, &scored)));
  EXPECT_EQ(answer.kept_events(), scored.kept_events());
  EXPECT_EQ(answer.data_events(), scored.accepted_events());
  EXPECT_DOUBLE_EQ(answer.cut(), scored.cut());
  EXPECT_DOUBLE_EQ(answer.expected_background_events(), 0.2 * scored.accepted_events());
  // The selected background is the held-out reference above the cut: 20% of it.
  EXPECT_EQ(answer.reference_events(), 100);
  EXPECT_EQ(answer.background_events(), 20);

  // Bad requests (on the same trained models: the training is the slow part) name what was wrong.
  v1::InterpretSelectionRequest request = Request(0.2);
  request.mutable_detector()->set_name("no_such_detector");
  EXPECT_TRUE(HasStatus(api().InterpretSelection(request, &answer), grpc::StatusCode::NOT_FOUND,
                        {"no_such_detector"}));
  request = Request(0.2);
  request.mutable_encoder()->set_name("no_such_encoder");
  EXPECT_TRUE(HasStatus(api().InterpretSelection(request, &answer), grpc::StatusCode::NOT_FOUND,
                        {"no_such_encoder"}));
  request = Request(0.2);
  request.add_models("no_such_sample");
  EXPECT_TRUE(HasStatus(api().InterpretSelection(request, &answer), grpc::StatusCode::NOT_FOUND,
                        {"no_such_sample"}));
  // 100 held-out reference events resolve keeps down to 1%.
  EXPECT_TRUE(HasStatus(api().InterpretSelection(Request(0.001), &answer),
                        grpc::StatusCode::INVALID_ARGUMENT, {"keep"}));
  EXPECT_TRUE(HasStatus(api().InterpretSelection(Request(0), &answer),
                        grpc::StatusCode::INVALID_ARGUMENT, {"keep = 0 must be in (0, 1]"}));
  request = Request(0.01);
  *request.mutable_events() = EventBatchOf(testing::Slice(Data(), 0, 30));
  EXPECT_TRUE(HasStatus(api().InterpretSelection(request, &answer),
                        grpc::StatusCode::INVALID_ARGUMENT, {"kept events: a set needs 10"}));
  request = Request(0.2);
  request.clear_events();
  EXPECT_TRUE(HasStatus(api().InterpretSelection(request, &answer),
                        grpc::StatusCode::INVALID_ARGUMENT, {"no data"}));
  request = Request(0.2);
  request.set_level(0.9);
  EXPECT_TRUE(HasStatus(api().InterpretSelection(request, &answer),
                        grpc::StatusCode::INVALID_ARGUMENT, {"level = 0.9"}));
}

}  // namespace
}  // namespace latentspace::e2e
