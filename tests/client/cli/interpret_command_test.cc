// Tests of `latentctl interpret` against a fake latentd (fake_detector.h for the detector): by
// default every accepted event goes to InterpretSelection with the versions that scored and will
// embed, and its verdict and fits are printed; with --method nearest the events above the
// detector's cut, and only those, go inline to QueryNearest on the encoder's resolved version;
// the JSON is exactly `nearest --json`'s plus "selection"; --out embeds the kept
// events and draws them over every model's contours; too few kept events for one set is a local
// error naming both counts; bad arguments exit 2 before any call.
#include <functional>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "client/plot/palette.h"
#include "client/sdk/event_columns.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/client/fake_detector.h"
#include "tests/client/fake_handlers.h"
#include "tests/client/fake_latentd.h"
#include "tests/client/latentctl_runner.h"
#include "tests/testing/png_inspection.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;
using testing::LatentctlResult;
using ::testing::Not;
using testing::RunLatentctl;
using testing::ServerFlag;

constexpr int kK = 10;

std::string File() { return testing::BundledDataDir() + "/sqsq_sq1800_neut800_chan1.csv.gz"; }

// A square of side 2 * r around (x, y).
void AddSquare(double x, double y, double r, v1::Polyline* polyline) {
  polyline->set_closed(true);
  for (const auto& [dx, dy] : {std::pair{-r, -r}, {r, -r}, {r, r}, {-r, r}}) {
    v1::LatentPoint* point = polyline->add_points();
    point->set_x(x + dx);
    point->set_y(y + dy);
  }
}

// Encoder "enc" (latest version 3, k = 10) with two known models; its nearest model for any
// events is "sq" when they hold more than 100 events, else "zp".
class InterpretCommandTest : public ::testing::Test {
 protected:
  using Answer = std::function<grpc::Status(const v1::InterpretSelectionRequest& request,
                                            v1::InterpretSelectionResponse* response)>;

  // The fake's InterpretSelectionWithProgress (what latentctl calls): one progress report, then
  // the answer `answer` gives, or its error.
  void AnswerInterpretation(Answer answer) {
    server_.interpret_selection_with_progress =
        [answer = std::move(answer)](grpc::ServerContext*,
                                     const v1::InterpretSelectionRequest& request,
                                     grpc::ServerWriter<v1::InterpretSelectionUpdate>* writer) {
          v1::InterpretSelectionUpdate update;
          update.mutable_progress()->set_step("templates");
          update.mutable_progress()->set_total(4);
          writer->Write(update);
          grpc::Status status = answer(request, update.mutable_answer());
          if (status.ok()) writer->Write(update);
          return status;
        };
  }

  void SetUp() override {
    detector_.Install(&server_);
    server_.get_encoder = testing::KnownEncoder(3, kK);
    server_.query_nearest = [this](grpc::ServerContext*, const v1::QueryNearestRequest& request,
                                   v1::QueryNearestResponse* response) {
      std::lock_guard<std::mutex> lock(mutex_);
      nearest_.push_back(request);
      // Events inline, or sets embedded beforehand (`nearest FILE`).
      const int events = request.events().events().events_size() +
                         static_cast<int>(EventColumnsSize(request.events().columns())) +
                         request.points().points_size() * kK;
      response->set_encoder("enc");
      response->set_encoder_version(3);
      response->set_sets(events / kK);
      for (const char* model : events > 100 ? std::vector{"sq", "zp"} : std::vector{"zp", "sq"}) {
        v1::ModelMatch* match = response->add_ranking();
        match->set_model(model);
        match->set_log_likelihood(-(events / kK));
        (*match->mutable_parameters())["m"] = 1800;
      }
      v1::InferredParameter* parameter = response->add_inferred();
      parameter->set_name("m");
      parameter->set_value(1790);
      parameter->set_uncertainty(20);
      return grpc::Status::OK;
    };
    server_.get_contours = [this](grpc::ServerContext*, const v1::GetContoursRequest& request,
                                  v1::GetContoursResponse* response) {
      std::lock_guard<std::mutex> lock(mutex_);
      contours_.push_back(request);
      response->set_encoder("enc");
      response->set_encoder_version(3);
      for (const auto& [model, x] : {std::pair{"zp", -1.0}, {"sq", 1.0}}) {
        v1::ModelContours* contour = response->add_contours();
        contour->set_model(model);
        contour->set_mass(request.masses(0));
        contour->mutable_centroid()->set_x(x);
        AddSquare(x, 0, 0.8, contour->add_polylines());
      }
      return grpc::Status::OK;
    };
    // A point per set, along the diagonal.
    server_.embed = [this](grpc::ServerContext*, const v1::EmbedRequest& request,
                           v1::EmbedResponse* response) {
      std::lock_guard<std::mutex> lock(mutex_);
      embeds_.push_back(request);
      const int events = request.batch().events().events_size();
      for (int s = 0; s < events / kK; ++s) {
        v1::LatentPoint* point = response->add_points();
        point->set_x(-1.5 + 0.02 * s);
        point->set_y(-1.5 + 0.02 * s);
      }
      response->set_accepted_events(events);
      response->set_leftover_events(events % kK);
      return grpc::Status::OK;
    };
    ASSERT_TRUE(server_.Start());
    flag_ = ServerFlag(server_.address());
  }

  // Every call but GetEncoder's.
  size_t Calls() {
    std::lock_guard<std::mutex> lock(mutex_);
    return nearest_.size() + contours_.size() + embeds_.size() + detector_.score_requests().size();
  }

  testing::FakeLatentd server_;
  testing::FakeDetector detector_;
  std::string flag_;
  std::mutex mutex_;
  std::vector<v1::QueryNearestRequest> nearest_;
  std::vector<v1::GetContoursRequest> contours_;
  std::vector<v1::EmbedRequest> embeds_;
};

TEST_F(InterpretCommandTest, JsonIsNearestsPlusTheSelection) {
  std::vector<Event> kept;
  const std::vector<testing::ExpectedScore> scores = testing::ExpectedScores(File(), 0.1, &kept);
  ASSERT_GT(kept.size(), 100u);
  const LatentctlResult result = RunLatentctl(
      flag_ + "interpret --method nearest --json --detector det --encoder enc --keep 0.1 " +
      File());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  ASSERT_EQ(nearest_.size(), 1u);
  const v1::QueryNearestRequest& request = nearest_[0];
  EXPECT_EQ(request.encoder().name(), "enc");
  EXPECT_EQ(request.encoder().version(), 3) << "pinned to the version GetEncoder resolved";
  const auto& sent = request.events().events().events();
  ASSERT_EQ(sent.size(), static_cast<int>(kept.size()));
  for (int i = 0; i < sent.size(); ++i) EXPECT_EQ(sent[i].event_id(), kept[i].event_id) << i;
  EXPECT_DOUBLE_EQ(sent[0].met(), kept[0].met);

  nlohmann::json json = result.json();
  ASSERT_FALSE(json.is_discarded()) << result.out;
  EXPECT_EQ(json["selection"], nlohmann::json({{"detector", "det"},
                                               {"detector_version", 2},
                                               {"events", 1975},
                                               {"accepted_events", scores.size()},
                                               {"skipped_events", 1975 - scores.size()},
                                               {"keep", 0.1},
                                               {"cut", testing::FakeCut(0.1)},
                                               {"kept_events", kept.size()}}));
  json.erase("selection");
  // `nearest` on a file of the same events prints the same object.
  const std::string kept_file = testing::ScratchDir() + "/kept.csv";
  ASSERT_EQ(RunLatentctl(flag_ + "score --detector det --keep 0.1 " + File() +
                         " --out /dev/null --events-out " + kept_file)
                .exit_code,
            0);
  const LatentctlResult nearest =
      RunLatentctl(flag_ + "nearest --json --encoder enc:3 " + kept_file);
  ASSERT_EQ(nearest.exit_code, 0) << nearest.err;
  EXPECT_EQ(json, nearest.json());
  EXPECT_EQ(json["ranking"][0]["model"], "sq");
  EXPECT_EQ(json["sets"], kept.size() / kK);
}

TEST_F(InterpretCommandTest, TextShowsTheSelectionThenTheRanking) {
  const LatentctlResult result = RunLatentctl(
      flag_ + "interpret --method nearest --detector det:1 --encoder enc --keep 0.01 " + File());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(detector_.score_requests()[0].detector().version(), 1);
  EXPECT_THAT(result.out, HasSubstr("detector det:1: 1975 events"));
  EXPECT_THAT(result.out, HasSubstr("keep 0.01: cut 1381.55"));
  EXPECT_THAT(result.out, HasSubstr("encoder enc:3"));
  EXPECT_THAT(result.out, HasSubstr("RANK"));
  EXPECT_THAT(result.out, HasSubstr("inferred parameters"));
  EXPECT_TRUE(contours_.empty()) << "no picture, no contours";
}

TEST_F(InterpretCommandTest, PictureOfTheKeptEventsOverEveryModel) {
  std::vector<Event> kept;
  testing::ExpectedScores(File(), 0.1, &kept);
  const std::string dir = testing::ScratchDir();
  const std::string png = dir + "/kept.png";
  const LatentctlResult result =
      RunLatentctl(flag_ + "interpret --method nearest --json --detector det " +
                   "--encoder enc --keep 0.1 --out " + png + " " + File());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.json()["out"], png);
  ASSERT_EQ(contours_.size(), 1u);
  EXPECT_EQ(contours_[0].encoder().version(), 3);
  size_t embedded = 0;
  for (const v1::EmbedRequest& embed : embeds_) {
    EXPECT_EQ(embed.encoder().version(), 3);
    EXPECT_LE(embed.batch().events().events_size(), 1000);
    embedded += embed.batch().events().events_size();
  }
  EXPECT_GE(embedded, kept.size()) << "every kept event embedded (incomplete sets again)";
  EXPECT_EQ(testing::ReadFile(png).substr(0, 8), "\x89PNG\r\n\x1a\n");
  const std::optional<testing::PngImage> image = testing::ReadPng(png);
  ASSERT_TRUE(image.has_value());
  for (int colour = 0; colour < 3; ++colour) {  // zp, sq, then the kept events
    EXPECT_GT(image->CountNear(testing::ToPixel(plot::CategoricalColour(colour))), 50) << colour;
  }

  const std::string svg = dir + "/kept.svg";
  const LatentctlResult text = RunLatentctl(flag_ + "interpret --method nearest --detector det " +
                                            "--encoder enc --keep 0.1 --out " + svg + " " + File());
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("wrote " + svg));
  const std::string content = testing::ReadFile(svg);
  EXPECT_THAT(content, ::testing::StartsWith("<?xml"));
  EXPECT_THAT(content, HasSubstr("<svg"));
  EXPECT_THAT(content, ::testing::EndsWith("</svg>\n"));
}

// A verdict "signal" with "sq" at 0.4 [0.3, 0.5] (calibrated), then "gl" at 0.1 [0.05, 0.2].
void AnswerSignal(v1::InterpretSelectionResponse* response) {
  response->set_verdict("signal");
  response->set_note("sq improves on background only");
  v1::SelectionHypothesis* fit = response->add_ranking();
  fit->set_model("sq");
  fit->set_signal_fraction(0.4);
  fit->set_signal_fraction_lower(0.3);
  fit->set_signal_fraction_upper(0.5);
  fit->set_calibrated(true);
  fit = response->add_ranking();
  fit->set_model("gl");
  fit->set_signal_fraction(0.1);
  fit->set_signal_fraction_lower(0.05);
  fit->set_signal_fraction_upper(0.2);
}

TEST_F(InterpretCommandTest, ForwardSendsEveryAcceptedEventAndPrintsTheVerdict) {
  std::vector<v1::InterpretSelectionRequest> requests;
  AnswerInterpretation(
      [&](const v1::InterpretSelectionRequest& request, v1::InterpretSelectionResponse* response) {
        std::lock_guard<std::mutex> lock(mutex_);
        requests.push_back(request);
        AnswerSignal(response);
        response->add_warnings("the query's events are truth level");
        response->set_kept_events(120);
        response->set_pseudo_experiments(request.pseudo_experiments());
        return grpc::Status::OK;
      });
  const std::vector<testing::ExpectedScore> scores = testing::ExpectedScores(File(), 0.1, nullptr);
  const LatentctlResult result =
      RunLatentctl(flag_ + "interpret --json --detector det --encoder enc --keep 0.1 --model sq " +
                   "--pseudo-experiments 300 --seed 5 " + File());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::lock_guard<std::mutex> lock(mutex_);
  ASSERT_EQ(requests.size(), 1u);
  const v1::InterpretSelectionRequest request = requests[0];
  EXPECT_EQ(request.detector().name(), "det");
  EXPECT_EQ(request.detector().version(), 2) << "the version that scored the file";
  EXPECT_EQ(request.encoder().version(), 3);
  EXPECT_EQ(request.events().events().events_size(), static_cast<int>(scores.size()));
  EXPECT_DOUBLE_EQ(request.keep(), 0.1);
  EXPECT_EQ(request.models_size(), 1);
  EXPECT_EQ(request.pseudo_experiments(), 300);
  EXPECT_EQ(request.seed(), 5u);
  EXPECT_EQ(request.events().level(), v1::EVENT_LEVEL_DETECTOR);  // a Dark Machines file
  EXPECT_TRUE(nearest_.empty());
  EXPECT_THAT(result.err, HasSubstr("warning: the query's events are truth level\n"));
  const nlohmann::json json = result.json();
  EXPECT_EQ(json["verdict"], "signal");
  EXPECT_EQ(json["ranking"][0]["model"], "sq");
  EXPECT_EQ(json["ranking"][0]["signal_fraction_interval"], nlohmann::json({0.3, 0.5}));
  EXPECT_EQ(json["ranking"][0]["calibrated"], true);
  EXPECT_EQ(json["ranking"][1]["calibrated"], false);
  EXPECT_EQ(json["selection"]["detector"], "det");
  EXPECT_EQ(json["warnings"], nlohmann::json({"the query's events are truth level"}));
}

TEST_F(InterpretCommandTest, ForwardTextShowsTheVerdictAndTheFits) {
  AnswerInterpretation(
      [](const v1::InterpretSelectionRequest&, v1::InterpretSelectionResponse* response) {
        AnswerSignal(response);
        return grpc::Status::OK;
      });
  const LatentctlResult text =
      RunLatentctl(flag_ + "interpret --detector det --encoder enc --keep 0.1 " + File());
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("verdict: signal (sq improves on background only)"));
  EXPECT_THAT(text.out, HasSubstr("0.4 [0.3, 0.5] *"));
  EXPECT_THAT(text.out, HasSubstr("0.1 [0.05, 0.2] "));
  EXPECT_THAT(text.out, Not(HasSubstr("0.1 [0.05, 0.2] *")));
  EXPECT_THAT(text.out, HasSubstr("* median-unbiased fraction and 68% Neyman interval from "
                                  "pseudo-data; the others: maximum likelihood"));
}

TEST_F(InterpretCommandTest, ForwardPictureShowsTheKeptSetsOverTheTemplates) {
  AnswerInterpretation(
      [](const v1::InterpretSelectionRequest&, v1::InterpretSelectionResponse* response) {
        AnswerSignal(response);
        response->set_encoder("enc");
        response->set_encoder_version(3);
        for (int s = 0; s < 40; ++s) {
          v1::LatentPoint* point = response->add_kept_sets();
          point->set_x(-1.5 + 0.05 * s);
          point->set_y(1.5);
        }
        v1::GetContoursResponse* templates = response->mutable_template_contours();
        for (const auto& [label, x] : {std::pair{"background only", -1.0}, {"sq, f = 0.5", 1.0}}) {
          v1::ModelContours* contour = templates->add_contours();
          contour->set_model(label);
          contour->set_mass(0.68);
          contour->mutable_centroid()->set_x(x);
          AddSquare(x, 0, 0.8, contour->add_polylines());
        }
        return grpc::Status::OK;
      });
  const std::string png = testing::ScratchDir() + "/forward.png";
  const LatentctlResult result =
      RunLatentctl(flag_ + "interpret --json --detector det --encoder enc --keep 0.1 --out " + png +
                   " " + File());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json json = result.json();
  EXPECT_EQ(json["kept_sets"].size(), 40u);
  EXPECT_EQ(json["template_contours"][0]["model"], "background only");
  EXPECT_EQ(json["template_contours"][1]["polylines"][0]["points"].size(), 4u);
  std::lock_guard<std::mutex> lock(mutex_);
  EXPECT_TRUE(contours_.empty() && embeds_.empty()) << "the picture is the answer's own";
  const std::optional<testing::PngImage> image = testing::ReadPng(png);
  ASSERT_TRUE(image.has_value());
  for (int colour = 0; colour < 3; ++colour) {  // background only, sq's template, the kept sets
    EXPECT_GT(image->CountNear(testing::ToPixel(plot::CategoricalColour(colour))), 50) << colour;
  }
}

TEST_F(InterpretCommandTest, TooFewKeptEventsForOneSet) {
  const LatentctlResult result = RunLatentctl(
      flag_ + "interpret --detector det --encoder enc --keep 0.001 --out x.png " + File());
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err, "latentctl interpret: " + File() +
                            ": 0 events kept by detector det v2 at keep 0.001, fewer than one "
                            "set of k = 10 events of encoder enc v3\n");
  EXPECT_TRUE(nearest_.empty());
  EXPECT_TRUE(contours_.empty());
}

TEST_F(InterpretCommandTest, UsageErrorsBeforeAnyCall) {
  for (const std::string& arguments :
       {"interpret --detector det --encoder enc " + File(),
        "interpret --detector det --encoder enc --keep -1 " + File(),
        "interpret --detector det --encoder enc --keep 2 " + File(),
        "interpret --detector det --encoder enc --keep x " + File(),
        "interpret --detector det --keep 0.1 " + File(),
        "interpret --encoder enc --keep 0.1 " + File(),
        "interpret --detector det --encoder enc:0 --keep 0.1 " + File(),
        "interpret --detector det --encoder enc --keep 0.1 --out plot.gif " + File(),
        std::string("interpret --detector det --encoder enc --keep 0.1")}) {
    const LatentctlResult result = RunLatentctl(flag_ + arguments);
    EXPECT_EQ(result.exit_code, 2) << arguments << "\n" << result.err;
  }
  const LatentctlResult keep =
      RunLatentctl(flag_ + "interpret --detector det --encoder enc --keep 2 " + File());
  EXPECT_THAT(keep.err, HasSubstr("--keep '2': expected the share of the reference kept"));
  EXPECT_EQ(Calls(), 0u);
  const LatentctlResult encoder =
      RunLatentctl(flag_ + "interpret --detector det --encoder nope --keep 0.1 " + File());
  EXPECT_EQ(encoder.exit_code, 1);
  EXPECT_THAT(encoder.err, HasSubstr("(NOT_FOUND)"));
}

}  // namespace
}  // namespace latentspace
