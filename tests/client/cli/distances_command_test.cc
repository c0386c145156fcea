// Tests of `latentctl distances` against a fake latentd: the matrices as tables and JSON rows
// (the classifier and confusion matrices only for an encoder that recorded them), --metric
// choosing one, --out drawing an annotated heat map (a confusion matrix as each row's shares), and
// exit codes 2 (bad --metric or --out, before any call), 1 (server error, or a matrix the encoder
// lacks) and 3 (unreachable).
#include <cmath>

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

class DistancesCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.get_distance_matrix = [this](grpc::ServerContext*,
                                         const v1::GetDistanceMatrixRequest& request,
                                         v1::GetDistanceMatrixResponse* response) {
      ++calls_;
      const std::string& name = request.encoder().name();
      if (name != "enc" && name != "separated") {
        return grpc::Status(grpc::StatusCode::NOT_FOUND, "encoder 'missing' not found");
      }
      if (name == "separated") {
        for (const double a : {0.5, 0.75, 0.875, 0.75, 0.5, 0.625, 0.875, 0.625, 0.5}) {
          response->add_classifier_accuracy(a);
        }
        for (const int64_t n : {16, 4, 0, 1, 9, 0, 0, 0, 10}) response->add_validation_confusion(n);
        response->set_classifier_k(15);
        response->set_classifier_centroid_spearman(1.0);
      }
      response->set_encoder("enc");
      response->set_encoder_version(4);
      for (const char* model : {"zprime", "squark", "background"}) response->add_models(model);
      for (const double d : {0.0, 1.5, 2.25, 1.5, 0.0, 0.75, 2.25, 0.75, 0.0}) {
        response->add_centroid(d);
        response->add_sliced_wasserstein(d / 10);
      }
      return grpc::Status::OK;
    };
    ASSERT_TRUE(server_.Start());
    flag_ = ServerFlag(server_.address());
  }

  testing::FakeLatentd server_;
  std::string flag_;
  int calls_ = 0;
};

TEST_F(DistancesCommandTest, JsonMatricesAsRows) {
  const nlohmann::json json = RunLatentctl(flag_ + "distances --json --encoder enc").json();
  EXPECT_EQ(json, nlohmann::json::parse(R"({
    "encoder": "enc", "encoder_version": 4, "models": ["zprime", "squark", "background"],
    "centroid": [[0.0, 1.5, 2.25], [1.5, 0.0, 0.75], [2.25, 0.75, 0.0]],
    "sliced_wasserstein": [[0.0, 0.15, 0.225], [0.15, 0.0, 0.075], [0.225, 0.075, 0.0]]})"));
  const nlohmann::json one =
      RunLatentctl(flag_ + "distances --json --encoder enc --metric sliced-wasserstein").json();
  EXPECT_FALSE(one.contains("centroid"));
  EXPECT_EQ(one["sliced_wasserstein"][0][2], 0.225);
}

TEST_F(DistancesCommandTest, ClassifierAndConfusionWhenTheEncoderRecordedThem) {
  const nlohmann::json json = RunLatentctl(flag_ + "distances --json --encoder separated").json();
  EXPECT_EQ(json["classifier_accuracy"],
            nlohmann::json::parse("[[0.5, 0.75, 0.875], [0.75, 0.5, 0.625], [0.875, 0.625, 0.5]]"));
  EXPECT_EQ(json["classifier_k"], 15);
  EXPECT_EQ(json["classifier_centroid_spearman"], 1.0);
  EXPECT_EQ(json["validation_confusion"],
            nlohmann::json::parse("[[16, 4, 0], [1, 9, 0], [0, 0, 10]]"));

  const LatentctlResult text = RunLatentctl(flag_ + "distances --encoder separated");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("encoder enc v4: k-NN classifier accuracy\n"
                                  "MODEL       zprime  squark  background\n"
                                  "zprime      0.5     0.75    0.875\n"));
  EXPECT_THAT(text.out, HasSubstr("k = 15 neighbours; rank correlation (Spearman) with the "
                                  "centroid distance: 1\n"));
  EXPECT_THAT(text.out, HasSubstr("validation sets (row: true, column: assigned)\n"
                                  "MODEL       zprime  squark  background\n"
                                  "zprime      16      4       0\n"));

  // An encoder without them: not in the default output, an error when asked for.
  EXPECT_FALSE(RunLatentctl(flag_ + "distances --json --encoder enc")
                   .json()
                   .contains("classifier_accuracy"));
  const LatentctlResult missing =
      RunLatentctl(flag_ + "distances --encoder enc --metric classifier");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.err, HasSubstr("encoder enc v4 has no k-NN classifier accuracy matrix"));
  EXPECT_THAT(missing.err, HasSubstr("(FAILED_PRECONDITION)"));
}

TEST_F(DistancesCommandTest, TablesForPeople) {
  const LatentctlResult both = RunLatentctl(flag_ + "distances --encoder enc");
  ASSERT_EQ(both.exit_code, 0) << both.err;
  EXPECT_EQ(both.out,
            "encoder enc v4: centroid distance\n"
            "MODEL       zprime  squark  background\n"
            "zprime      0       1.5     2.25\n"
            "squark      1.5     0       0.75\n"
            "background  2.25    0.75    0\n"
            "\n"
            "encoder enc v4: sliced Wasserstein distance\n"
            "MODEL       zprime  squark  background\n"
            "zprime      0       0.15    0.225\n"
            "squark      0.15    0       0.075\n"
            "background  0.225   0.075   0\n");
  const LatentctlResult centroid =
      RunLatentctl(flag_ + "distances --encoder enc --metric centroid");
  EXPECT_THAT(centroid.out, HasSubstr("centroid distance"));
  EXPECT_THAT(centroid.out, ::testing::Not(HasSubstr("Wasserstein")));
}

TEST_F(DistancesCommandTest, HeatMapPicture) {
  const std::string out = testing::ScratchDir() + "/distances.png";
  const LatentctlResult result =
      RunLatentctl(flag_ + "distances --encoder enc --out " + out + " --json");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.json()["out"], out);
  const std::optional<testing::PngImage> image = testing::ReadPng(out);
  ASSERT_TRUE(image.has_value());
  EXPECT_EQ(image->width, 960);
  EXPECT_EQ(image->height, 720);
  EXPECT_GT(image->NonBackground(), 50000);
  EXPECT_GT(image->DistinctColours(), 10);
}

TEST_F(DistancesCommandTest, ConfusionPictureIsRowNormalised) {
  // Rows of 20, 10 and 10 sets: shares 0.8/0.2/0, 0.1/0.9/0, 0/0/1. Counts would colour the 16
  // brightest; shares colour the 10 (1.0) brightest and give the 9 (0.9) its own colour.
  const std::string out = testing::ScratchDir() + "/confusion.png";
  const LatentctlResult result =
      RunLatentctl(flag_ + "distances --encoder separated --metric confusion --out " + out);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::optional<testing::PngImage> image = testing::ReadPng(out);
  ASSERT_TRUE(image.has_value());
  for (const double share : {1.0, 0.9, 0.8, 0.2, 0.1}) {
    EXPECT_GT(image->CountNear(testing::ToPixel(plot::Viridis(share)), 4), 5000) << share;
  }
  EXPECT_LT(image->CountNear(testing::ToPixel(plot::Viridis(9.0 / 16)), 4), 500) << "counts";
}

TEST_F(DistancesCommandTest, ErrorsAndExitCodes) {
  EXPECT_EQ(RunLatentctl(flag_ + "distances --encoder enc --metric euclid").exit_code, 2);
  const LatentctlResult out = RunLatentctl(flag_ + "distances --encoder enc --out d.txt");
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_THAT(out.err, HasSubstr("\".txt\""));
  EXPECT_EQ(RunLatentctl(flag_ + "distances").exit_code, 2);
  EXPECT_EQ(calls_, 0);
  const LatentctlResult missing = RunLatentctl(flag_ + "distances --encoder missing");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.err, HasSubstr("(NOT_FOUND)"));
  EXPECT_EQ(RunLatentctl("--server 127.0.0.1:1 distances --encoder enc --timeout 5").exit_code, 3);
}

}  // namespace
}  // namespace latentspace
