// Tests of `latentctl nearest` against a fake latentd: the whole file goes inline in one request,
// the JSON has exactly the documented shape (best first), the table lists the ranking and the
// inferred parameters, and --sample names a stored sample instead.
#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/client/fake_latentd.h"
#include "tests/client/latentctl_runner.h"

namespace latentspace {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::LatentctlResult;
using testing::RunLatentctl;
using testing::ServerFlag;

std::vector<std::string> Keys(const nlohmann::json& json) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : json.items()) keys.push_back(key);
  std::sort(keys.begin(), keys.end());
  return keys;
}

class NearestCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.query_nearest = [this](grpc::ServerContext*, const v1::QueryNearestRequest& request,
                                   v1::QueryNearestResponse* response) {
      ++requests_;
      last_ = request;
      response->set_encoder("enc");
      response->set_encoder_version(3);
      response->set_sets(79);
      const char* names[] = {"zp2000", "sq1800"};
      for (int i = 0; i < 2; ++i) {
        v1::ModelMatch* match = response->add_ranking();
        match->set_model(names[i]);
        match->set_score(-100.0 * (i + 1));
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
      return grpc::Status::OK;
    };
    ASSERT_TRUE(server_.Start());
    flag_ = ServerFlag(server_.address());
  }

  testing::FakeLatentd server_;
  std::string flag_;
  int requests_ = 0;
  v1::QueryNearestRequest last_;
};

TEST_F(NearestCommandTest, WholeFileInOneRequestAndExactJson) {
  const std::string file = testing::BundledDataDir() + "/monojet_Zp2000.0_DM_50.0_chan1.csv.gz";
  const LatentctlResult result = RunLatentctl(flag_ + "nearest --json --encoder enc:3 " + file);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(requests_, 1);
  EXPECT_EQ(last_.encoder().name(), "enc");
  EXPECT_EQ(last_.encoder().version(), 3);
  EXPECT_EQ(last_.events().events().events_size(), 791);
  const nlohmann::json json = result.json();
  EXPECT_THAT(Keys(json), ElementsAre("inferred", "ranking", "sets"));
  ASSERT_EQ(json["ranking"].size(), 2u);
  EXPECT_THAT(Keys(json["ranking"][0]),
              ElementsAre("distance", "fraction", "model", "parameters", "score"));
  EXPECT_EQ(json["ranking"][0]["model"], "zp2000");
  EXPECT_EQ(json["ranking"][0]["score"], -100.0);
  EXPECT_EQ(json["ranking"][0]["parameters"]["m"], 2000);
  EXPECT_THAT(Keys(json["inferred"][0]), ElementsAre("name", "uncertainty", "value"));
  EXPECT_EQ(json["inferred"][0]["value"], 1980);
  EXPECT_TRUE(json["inferred"][1]["value"].is_null());
  EXPECT_EQ(json["sets"], 79);
}

TEST_F(NearestCommandTest, TableAndStoredSample) {
  const LatentctlResult result = RunLatentctl(flag_ + "nearest --encoder enc --sample zp");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(last_.sample_name(), "zp");
  EXPECT_EQ(last_.encoder().version(), 0);
  EXPECT_THAT(result.out, HasSubstr("encoder enc:3, 79 sets"));
  EXPECT_THAT(result.out, HasSubstr("RANK"));
  EXPECT_THAT(result.out, HasSubstr("1     zp2000"));
  EXPECT_THAT(result.out, HasSubstr("inferred parameters"));
  EXPECT_THAT(result.out, HasSubstr("too few models"));
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
}

}  // namespace
}  // namespace latentspace
