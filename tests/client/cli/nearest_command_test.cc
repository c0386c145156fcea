// Tests of `latentctl nearest` against a fake latentd: the file is embedded in bounded requests
// and its sets' points go in one query with the file's level (--smear: detector), the JSON has
// exactly the documented shape (most probable first) and carries everything the table shows, the
// table lists the ranking with posteriors, the fit's verdict at the threshold and the inferred
// parameters, --prior reaches the request, --sample names a stored sample instead, and
// --out draws the likelihood over the inferred parameters (asking the server for its map) with the
// --truth marked.
#include <cmath>
#include <filesystem>

#include "client/plot/palette.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/client/fake_handlers.h"
#include "tests/client/fake_latentd.h"
#include "tests/client/latentctl_runner.h"
#include "tests/testing/paths.h"
#include "tests/testing/png_inspection.h"

namespace latentspace {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::LatentctlResult;
using ::testing::Not;
using testing::RunLatentctl;
using testing::ServerFlag;

std::vector<std::string> Keys(const nlohmann::json& json) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : json.items()) keys.push_back(key);
  std::sort(keys.begin(), keys.end());
  return keys;
}

// A fake latentd: encoder "enc" version 3 with sets of one event; Embed skips the first event of
// each request and gives every other event the point (met, number of objects); QueryNearest
// answers a fixed ranking (a warning when the query is parton level).
class NearestCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.get_encoder = testing::KnownEncoder(3, 1);
    server_.embed = [this](grpc::ServerContext*, const v1::EmbedRequest& request,
                           v1::EmbedResponse* response) {
      ++embeds_;
      EXPECT_EQ(request.encoder().version(), 3) << "pinned to the version resolved";
      const auto& events = request.batch().events().events();
      response->set_skipped_events(events.empty() ? 0 : 1);
      for (int i = 1; i < events.size(); ++i) {
        v1::LatentPoint* point = response->add_points();
        point->set_x(events[i].met());
        point->set_y(events[i].objects_size());
      }
      response->set_accepted_events(std::max(0, events.size() - 1));
      return grpc::Status::OK;
    };
    server_.query_nearest = [this](grpc::ServerContext*, const v1::QueryNearestRequest& request,
                                   v1::QueryNearestResponse* response) {
      ++requests_;
      last_ = request;
      response->set_encoder("enc");
      response->set_encoder_version(3);
      response->set_sets(79);
      response->set_skipped_events(12);
      const char* names[] = {"zp2000", "sq1800"};
      for (int i = 0; i < 2; ++i) {
        v1::ModelMatch* match = response->add_ranking();
        match->set_model(names[i]);
        match->set_log_likelihood(-100.0 * (i + 1));
        match->set_mean_log_likelihood(-100.0 * (i + 1) / 79);
        match->set_posterior(i == 0 ? 0.75 : 0.25);
        match->set_family("zp");
        match->set_distance(0.1 * (i + 1));
        match->set_fraction(i == 0 ? 0.9 : 0.1);
        (*match->mutable_parameters())["m"] = 2000 - 200 * i;
      }
      v1::InferredParameter* parameter = response->add_inferred();
      parameter->set_name("m");
      parameter->set_value(1980);
      parameter->set_uncertainty(45);
      parameter->set_models(2);
      parameter = response->add_inferred();
      parameter->set_name("mdm");
      parameter->set_value(std::nan(""));
      parameter->set_note("too few models");
      response->set_inference_note("inferred among the 2 models of family 'zp'");
      response->add_family_models("zp2000");
      response->add_family_models("sq1800");
      if (request.points().level() == v1::EVENT_LEVEL_PARTON) {
        response->add_warnings("the query's events are parton level");
      }
      v1::GoodnessOfFit* fit = response->mutable_fit();
      fit->set_model("zp2000");
      fit->set_statistic(-1.5);
      fit->set_reference_statistic(-1.2);
      fit->set_p_value(p_value_);
      fit->set_reference_sets(60);
      fit->set_permutations(4999);
      if (request.parameter_likelihood_nodes() > 0 && with_map_) {
        // Delta chi2 of the estimate 1980 +- 45 over [1500, 2300].
        v1::ParameterLikelihood* map = response->mutable_parameter_likelihood();
        map->add_parameters("m");
        map->add_low(1500);
        map->add_high(2300);
        const int nodes = request.parameter_likelihood_nodes();
        map->set_nodes(nodes);
        for (int i = 0; i < nodes; ++i) {
          map->add_delta_chi2(std::pow((1500 + 800.0 * i / (nodes - 1) - 1980) / 45, 2));
        }
      }
      return grpc::Status::OK;
    };
    ASSERT_TRUE(server_.Start());
    flag_ = ServerFlag(server_.address());
  }

  testing::FakeLatentd server_;
  std::string flag_;
  int requests_ = 0;
  int embeds_ = 0;
  double p_value_ = 0.3;
  bool with_map_ = true;
  v1::QueryNearestRequest last_;
};

// The file is embedded first; its sets' points go in one query, with the skipped events the
// embedding counted.
TEST_F(NearestCommandTest, TheFilesPointsInOneRequestAndExactJson) {
  const std::string file = testing::BundledDataDir() + "/glgl1400_neutralino1100_chan1.csv.gz";
  const LatentctlResult result = RunLatentctl(flag_ + "nearest --json --encoder enc:3 " + file);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(requests_, 1);
  EXPECT_EQ(last_.encoder().name(), "enc");
  EXPECT_EQ(last_.encoder().version(), 3);
  EXPECT_EQ(embeds_, 3) << "2,867 events in requests of 1,000";
  EXPECT_EQ(last_.points().points_size(), 2867 - 3);  // each request's first one skipped
  EXPECT_FALSE(last_.has_events());
  EXPECT_EQ(last_.points().level(), v1::EVENT_LEVEL_DETECTOR);
  const nlohmann::json json = result.json();
  EXPECT_THAT(Keys(json),
              ElementsAre("encoder", "encoder_version", "family_models", "fit", "fit_note",
                          "inference_note", "inferred", "parameter_likelihood", "ranking", "sets",
                          "skipped_events", "warnings"));
  EXPECT_EQ(json["warnings"], nlohmann::json::array());
  EXPECT_THAT(result.err, Not(HasSubstr("warning")));
  EXPECT_EQ(last_.parameter_likelihood_nodes(), 0) << "no picture, no map";
  EXPECT_TRUE(json["parameter_likelihood"].is_null());
  EXPECT_EQ(json["encoder"], "enc");
  EXPECT_EQ(json["encoder_version"], 3);
  EXPECT_EQ(json["skipped_events"], embeds_) << "the embedding's count, not the server's 12";
  ASSERT_EQ(json["ranking"].size(), 2u);
  EXPECT_THAT(Keys(json["ranking"][0]),
              ElementsAre("distance", "family", "fraction", "log_likelihood", "mean_log_likelihood",
                          "model", "parameters", "posterior"));
  EXPECT_EQ(json["ranking"][0]["model"], "zp2000");
  EXPECT_EQ(json["ranking"][0]["posterior"], 0.75);
  EXPECT_EQ(json["ranking"][1]["posterior"], 0.25);
  EXPECT_EQ(json["ranking"][0]["log_likelihood"], -100.0);
  EXPECT_EQ(json["ranking"][0]["parameters"]["m"], 2000);
  EXPECT_THAT(Keys(json["fit"]), ElementsAre("model", "p_value", "permutations", "reference_sets",
                                             "reference_statistic", "statistic"));
  EXPECT_EQ(json["fit"]["p_value"], 0.3);
  EXPECT_EQ(json["fit"]["model"], "zp2000");
  EXPECT_THAT(Keys(json["inferred"][0]),
              ElementsAre("extrapolated", "interpolation", "models", "name", "note", "statistical",
                          "uncertainty", "value"));
  EXPECT_EQ(json["inferred"][0]["value"], 1980);
  EXPECT_EQ(json["inferred"][0]["models"], 2);
  EXPECT_TRUE(json["inferred"][1]["value"].is_null());
  EXPECT_EQ(json["inferred"][1]["note"], "too few models");
  EXPECT_EQ(json["family_models"], nlohmann::json({"zp2000", "sq1800"}));
  EXPECT_EQ(json["sets"], 79);
}

// An LHE file goes as parton level, the server's warnings reaching stderr and the JSON; smeared
// (--smear) it goes as detector level, its objects changed.
TEST_F(NearestCommandTest, TheFilesLevelGoesWithItsEventsAndWarningsAreShown) {
  const std::string lhe = testing::SourcePath("tests/core/events/testdata/lhe/gluino_3events.lhe");
  const LatentctlResult result = RunLatentctl(flag_ + "nearest --json --encoder enc " + lhe);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(last_.points().level(), v1::EVENT_LEVEL_PARTON);
  EXPECT_EQ(result.json()["warnings"], nlohmann::json({"the query's events are parton level"}));
  EXPECT_THAT(result.err, HasSubstr("warning: the query's events are parton level\n"));
  const std::string plain = last_.points().SerializeAsString();

  const LatentctlResult smeared =
      RunLatentctl(flag_ + "nearest --json --encoder enc --smear --smear-seed 3 " + lhe);
  ASSERT_EQ(smeared.exit_code, 0) << smeared.err;
  EXPECT_EQ(last_.points().level(), v1::EVENT_LEVEL_DETECTOR);
  ASSERT_EQ(last_.points().points_size(), 2);
  EXPECT_NE(last_.points().SerializeAsString(), plain) << "smeared MET";
  EXPECT_EQ(smeared.json()["warnings"], nlohmann::json::array());
  EXPECT_THAT(smeared.err, HasSubstr("smeared with the built-in simulator's detector response"));
  const std::string csv = testing::BundledDataDir() + "/monojet_Zp2000.0_DM_50.0_chan1.csv.gz";
  const LatentctlResult refused = RunLatentctl(flag_ + "nearest --encoder enc --smear " + csv);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_THAT(refused.err, HasSubstr("--smear is for truth- or parton-level input"));
}

TEST_F(NearestCommandTest, TableAndStoredSample) {
  const LatentctlResult result = RunLatentctl(flag_ + "nearest --encoder enc --sample zp");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(last_.sample_name(), "zp");
  EXPECT_EQ(last_.encoder().version(), 0);
  EXPECT_THAT(result.out, HasSubstr("encoder enc:3, 79 sets"));
  EXPECT_THAT(result.out, HasSubstr("RANK"));
  EXPECT_THAT(result.out, HasSubstr("POSTERIOR"));
  EXPECT_THAT(result.out, Not(HasSubstr("SCORE")));
  EXPECT_THAT(result.out, HasSubstr("1     zp2000  0.7500"));
  EXPECT_THAT(result.out, HasSubstr("fits zp2000 as well as its held-out sets do (p = 0.3"));
  EXPECT_THAT(result.out, Not(HasSubstr("no known model fits")));
  EXPECT_THAT(result.out, HasSubstr("inferred among the 2 models of family 'zp'"));
  EXPECT_THAT(result.out, HasSubstr("inferred parameters"));
  EXPECT_THAT(result.out, HasSubstr("too few models"));
}

TEST_F(NearestCommandTest, SaysWhenNoKnownModelFitsAtTheThreshold) {
  p_value_ = 0.0003;
  LatentctlResult result = RunLatentctl(flag_ + "nearest --encoder enc --sample zp");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out,
              HasSubstr("no known model fits this sample (p = 0.0003 against zp2000, below 0.01)"));
  // A threshold below the p-value: it fits.
  result = RunLatentctl(flag_ + "nearest --encoder enc --sample zp --fit-threshold 0.0001");
  EXPECT_THAT(result.out, HasSubstr("fits zp2000 as well"));
  EXPECT_EQ(RunLatentctl(flag_ + "nearest --encoder enc --sample zp --fit-threshold 1").exit_code,
            2);
}

TEST_F(NearestCommandTest, PriorWeightsGoToTheRequest) {
  const LatentctlResult result =
      RunLatentctl(flag_ + "nearest --encoder enc --sample zp --prior zp2000=3 --prior sq1800=0.5");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(last_.prior().at("zp2000"), 3);
  EXPECT_EQ(last_.prior().at("sq1800"), 0.5);
  EXPECT_EQ(RunLatentctl(flag_ + "nearest --encoder enc --sample zp --prior zp2000").exit_code, 2);
}

TEST_F(NearestCommandTest, PictureOfTheLikelihoodWithTheTruth) {
  const std::string out = testing::ScratchDir() + "/likelihood.png";
  LatentctlResult result = RunLatentctl(flag_ + "nearest --json --encoder enc --sample zp --out " +
                                        out + " --truth m=2010");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_GE(last_.parameter_likelihood_nodes(), 50);
  const nlohmann::json json = result.json();
  EXPECT_EQ(json["out"], out);
  EXPECT_EQ(json["parameter_likelihood"]["parameters"], nlohmann::json({"m"}));
  EXPECT_EQ(json["parameter_likelihood"]["nodes"], last_.parameter_likelihood_nodes());
  EXPECT_EQ(json["parameter_likelihood"]["delta_chi2"].size(),
            static_cast<size_t>(last_.parameter_likelihood_nodes()));
  const std::optional<testing::PngImage> image = testing::ReadPng(out);
  ASSERT_TRUE(image.has_value());
  EXPECT_GT(image->CountNear(testing::ToPixel(plot::CategoricalColour(6))), 50) << "the truth";

  // The table, then where the picture went.
  result = RunLatentctl(flag_ + "nearest --encoder enc --sample zp --out " + out);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("inferred parameters"));
  EXPECT_THAT(result.out, HasSubstr("wrote " + out));

  // Refusals: --truth without --out, a parameter not inferred, a picture format, no map.
  EXPECT_EQ(RunLatentctl(flag_ + "nearest --encoder enc --sample zp --truth m=1").exit_code, 2);
  result = RunLatentctl(flag_ + "nearest --encoder enc --sample zp --out " + out + " --truth q=1");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("--truth q: not an inferred parameter (m)"));
  const int requests = requests_;
  EXPECT_EQ(RunLatentctl(flag_ + "nearest --encoder enc --sample zp --out x.bmp").exit_code, 2);
  EXPECT_EQ(requests_, requests) << "a bad --out is refused before the request";
  with_map_ = false;
  const std::string none = testing::ScratchDir() + "/none.png";
  result = RunLatentctl(flag_ + "nearest --encoder enc --sample zp --out " + none);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("no parameter was inferred (inferred among the 2 models"));
  EXPECT_FALSE(std::filesystem::exists(none));
}

TEST_F(NearestCommandTest, UsageAndFileErrors) {
  EXPECT_EQ(RunLatentctl(flag_ + "nearest --encoder enc").exit_code, 2);
  EXPECT_EQ(RunLatentctl(flag_ + "nearest --encoder enc --sample a some.csv").exit_code, 2);
  EXPECT_EQ(RunLatentctl(flag_ + "nearest some.csv").exit_code, 2);
  const std::string bad =
      testing::SourcePath("tests/core/events/testdata/malformed/26_error_on_later_line.csv");
  const LatentctlResult result = RunLatentctl(flag_ + "nearest --encoder enc " + bad);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr(bad + ":4:"));
  EXPECT_EQ(requests_, 0);

  // A file whose every event is skipped gives no set: said before any query.
  const std::string one = testing::WriteFile(testing::ScratchDir() + "/one.csv",
                                             "1;p;1;300000;0.5;j,250000,250000,0.1,1;\n");
  const LatentctlResult no_set = RunLatentctl(flag_ + "nearest --encoder enc " + one);
  EXPECT_EQ(no_set.exit_code, 1);
  EXPECT_THAT(no_set.err, HasSubstr(one + ": no set: 1 events read, 1 skipped by preset"));
  EXPECT_EQ(requests_, 0);
}

}  // namespace
}  // namespace latentspace
