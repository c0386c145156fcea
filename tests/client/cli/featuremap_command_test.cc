// Tests of `latentctl featuremap` against a fake latentd: the request carries --feature and
// --bins, the JSON grid has rows of nx bins with null for empty ones, the text summary gives the
// filled bins and the mean's range, --out draws a heat map, and an unknown feature is the server's
// INVALID_ARGUMENT (exit 1); bad arguments exit 2 before any call, an unreachable server 3.
#include <cmath>
#include <filesystem>

#include "client/plot/colour_map.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/client/fake_latentd.h"
#include "tests/client/latentctl_runner.h"
#include "tests/testing/png_inspection.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;
using testing::LatentctlResult;
using testing::RunLatentctl;
using testing::ServerFlag;

// A 3 x 2 map of "met" with one empty bin; other features are unknown.
class FeatureMapCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.get_feature_map = [this](grpc::ServerContext*, const v1::GetFeatureMapRequest& request,
                                     v1::GetFeatureMapResponse* response) {
      ++calls_;
      last_ = request;
      if (request.feature() != "met") {
        return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                            "unknown feature 'x' of preset 'paper': one of met, ht, n_jets");
      }
      response->set_encoder("enc");
      response->set_encoder_version(2);
      response->set_feature("met");
      response->set_nx(3);
      response->set_ny(2);
      response->set_x_min(-1);
      response->set_x_max(2);
      response->set_y_min(0);
      response->set_y_max(1);
      for (const double mean : {100.0, 150.0, 200.0, 250.0, 400.0, std::nan("")}) {
        response->add_mean(mean);
      }
      for (const int64_t count : {3, 1, 4, 1, 5, 0}) response->add_count(count);
      return grpc::Status::OK;
    };
    ASSERT_TRUE(server_.Start());
    flag_ = ServerFlag(server_.address());
  }

  testing::FakeLatentd server_;
  std::string flag_;
  int calls_ = 0;
  v1::GetFeatureMapRequest last_;
};

TEST_F(FeatureMapCommandTest, JsonGridRowByRow) {
  const LatentctlResult result =
      RunLatentctl(flag_ + "featuremap --json --encoder enc:2 --feature met --bins 3");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(last_.encoder().version(), 2);
  EXPECT_EQ(last_.feature(), "met");
  EXPECT_EQ(last_.bins(), 3);
  const nlohmann::json json = result.json();
  EXPECT_EQ(json, nlohmann::json::parse(R"({
    "encoder": "enc", "encoder_version": 2, "feature": "met", "nx": 3, "ny": 2,
    "x_min": -1.0, "x_max": 2.0, "y_min": 0.0, "y_max": 1.0,
    "mean": [[100.0, 150.0, 200.0], [250.0, 400.0, null]],
    "count": [[3, 1, 4], [1, 5, 0]]})"));
}

TEST_F(FeatureMapCommandTest, TextSummaryAndDefaultBins) {
  const LatentctlResult result = RunLatentctl(flag_ + "featuremap --encoder enc --feature met");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(last_.bins(), 32);
  EXPECT_EQ(result.out,
            "encoder enc v2, feature met: 3 x 2 bins over z1 [-1, 2], z2 [0, 1]\n"
            "5 of 6 bins hold 14 sets; mean met from 100 to 400\n");
}

TEST_F(FeatureMapCommandTest, HeatMapPicture) {
  const std::string out = testing::ScratchDir() + "/met.png";
  const LatentctlResult result =
      RunLatentctl(flag_ + "featuremap --encoder enc --feature met --out " + out);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("wrote " + out));
  const std::optional<testing::PngImage> image = testing::ReadPng(out);
  ASSERT_TRUE(image.has_value());
  // The lowest and highest bins in viridis's end colours, the empty one light grey.
  EXPECT_GT(image->CountNear(testing::ToPixel(plot::Viridis(0)), 2), 5000);
  EXPECT_GT(image->CountNear(testing::ToPixel(plot::Viridis(1)), 2), 5000);
  EXPECT_GT(image->CountNear(testing::ToPixel(plot::kMissingValueColour), 2), 5000);
}

TEST_F(FeatureMapCommandTest, UnknownFeatureIsTheServersMessage) {
  const LatentctlResult result = RunLatentctl(flag_ + "featuremap --encoder enc --feature pt");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("one of met, ht, n_jets (INVALID_ARGUMENT)"));
}

TEST_F(FeatureMapCommandTest, UsageAndConnectionErrors) {
  for (const char* arguments : {"featuremap --encoder enc", "featuremap --feature met",
                                "featuremap --encoder enc --feature met --bins 0",
                                "featuremap --encoder enc --feature met --bins 513",
                                "featuremap --encoder enc --feature met --out map.jpeg"}) {
    EXPECT_EQ(RunLatentctl(flag_ + arguments).exit_code, 2) << arguments;
  }
  EXPECT_EQ(calls_, 0);
  const std::string dir = testing::ScratchDir();
  const testing::LatentctlResult unwritable = RunLatentctl(
      flag_ + "featuremap --encoder enc --feature met --out " + dir + "/missing/map.png");
  EXPECT_EQ(unwritable.exit_code, 1);
  EXPECT_TRUE(std::filesystem::is_empty(dir));
  const LatentctlResult unreachable =
      RunLatentctl("--server 127.0.0.1:1 featuremap --encoder enc --feature met --timeout 5");
  EXPECT_EQ(unreachable.exit_code, 3);
}

}  // namespace
}  // namespace latentspace
