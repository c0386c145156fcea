// End to end: latentctl's pictures against a real latentd with an encoder trained on three
// bundled samples: `contours` as PNG (valid, not blank, one palette colour per model and one for
// the overlaid sample), SVG and PDF, its JSON at two masses; `featuremap` as a picture and the
// server's message for an unknown feature; `distances` as a table, symmetric JSON matrices and a
// picture; and the exit codes of an unknown encoder (1), a bad --out (2) and no server (3). One
// latentd and its trained encoder serve the whole suite.
#include <cmath>
#include <filesystem>
#include <map>

#include "absl/strings/str_cat.h"
#include "client/plot/palette.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/client/cli_e2e_fixture.h"
#include "tests/testing/png_inspection.h"

namespace latentspace {
namespace {

using testing::BackgroundSample;
using ::testing::HasSubstr;
using testing::SquarkSample;
using ::testing::StartsWith;
using testing::ZprimeSample;

constexpr char kEncoder[] = "pictures";

// The models in training order: the contours' palette order.
const std::vector<const testing::CliSample*>& Models() {
  static const std::vector<const testing::CliSample*> models = {&ZprimeSample(), &SquarkSample(),
                                                                &BackgroundSample()};
  return models;
}

testing::PixelColour PaletteColour(int index) {
  return testing::ToPixel(plot::CategoricalColour(index));
}

class CliPicturesE2eTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new testing::CliServer();
    if (!server_->Start(testing::CliServer::SuiteDataDir("CliPicturesE2eTest"))) return;
    std::string names;
    for (const testing::CliSample* sample : Models()) {
      server_->Upload(*sample);
      absl::StrAppend(&names, names.empty() ? "" : ",", sample->name);
    }
    const nlohmann::json job =
        server_->Json(absl::StrCat("train --encoder ", kEncoder, " --samples ", names,
                                   " --epochs 100 --initialisations 1 --seed 1 --wait"));
    trained_ = job["state"] == "SUCCEEDED";
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(trained_) << "latentd did not start or training failed"; }
  void TearDown() override {
    if (HasFailure()) std::cerr << "---- latentd log:\n" << server_->log() << "----\n";
  }

  // `latentctl <command> --encoder pictures <arguments>`.
  static testing::LatentctlResult Run(const std::string& command, const std::string& arguments) {
    return server_->Run(absl::StrCat(command, " --encoder ", kEncoder, " ", arguments));
  }

  static testing::CliServer* server_;
  static bool trained_;
};

testing::CliServer* CliPicturesE2eTest::server_ = nullptr;
bool CliPicturesE2eTest::trained_ = false;

TEST_F(CliPicturesE2eTest, ContoursPngHasOneColourPerModelAndTheSample) {
  const std::string out = testing::ScratchDir() + "/contours.png";
  const std::string sample = testing::BundledPath(SquarkSample());
  const testing::LatentctlResult result =
      Run("contours", absl::StrCat("--sample ", sample, " --out ", out));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("wrote " + out));
  const std::optional<testing::PngImage> image = testing::ReadPng(out);
  ASSERT_TRUE(image.has_value()) << out << " is not a PNG";
  EXPECT_EQ(image->width, 960);
  EXPECT_EQ(image->height, 720);
  EXPECT_GT(image->NonBackground(), 20000);
  // Inside the frame (the legend is beside it), every model's colour draws its contours and
  // the next palette colour the sample's points; centroids are dark grey.
  const std::optional<testing::PixelRegion> frame = image->FindFrame();
  ASSERT_TRUE(frame.has_value());
  const int models = static_cast<int>(Models().size());
  for (int m = 0; m < models; ++m) {
    EXPECT_GT(image->CountNear(PaletteColour(m), 12, frame), 30) << Models()[m]->name;
  }
  EXPECT_GT(image->CountNear(PaletteColour(models), 12, frame), 100) << "the --sample overlay";
  EXPECT_EQ(image->CountNear(PaletteColour(models + 1)), 0) << "no colour beyond them";
}

TEST_F(CliPicturesE2eTest, ContoursSvgAndPdf) {
  const std::string dir = testing::ScratchDir();
  ASSERT_EQ(Run("contours", "--out " + dir + "/contours.svg").exit_code, 0);
  ASSERT_EQ(Run("contours", "--out " + dir + "/contours.pdf --mass 0.5,0.9").exit_code, 0);
  const std::string svg = testing::ReadFile(dir + "/contours.svg");
  EXPECT_THAT(svg, StartsWith("<?xml"));
  EXPECT_THAT(svg, HasSubstr("<svg"));
  EXPECT_THAT(testing::ReadFile(dir + "/contours.pdf"), StartsWith("%PDF-"));
}

TEST_F(CliPicturesE2eTest, ContoursJsonAtTwoMasses) {
  const nlohmann::json json =
      server_->Json(absl::StrCat("contours --encoder ", kEncoder, " --mass 0.5,0.9 --grid 128"));
  EXPECT_EQ(json["encoder"], kEncoder);
  EXPECT_EQ(json["encoder_version"], 1);
  EXPECT_LT(json["x_min"].get<double>(), json["x_max"].get<double>());
  ASSERT_EQ(json["contours"].size(), 2 * Models().size()) << json;
  std::map<std::string, std::map<double, double>> levels;  // model -> mass -> level
  for (const nlohmann::json& contour : json["contours"]) {
    levels[contour["model"]][contour["mass"]] = contour["level"];
    EXPECT_FALSE(contour["polylines"].empty()) << contour["model"] << " " << contour["mass"];
    for (const nlohmann::json& polyline : contour["polylines"]) {
      EXPECT_GE(polyline["points"].size(), 3u);
      EXPECT_EQ(polyline["points"][0].size(), 2u);
    }
    EXPECT_TRUE(contour["centroid"]["x"].is_number());
  }
  for (const testing::CliSample* model : Models()) {
    ASSERT_EQ(levels[model->name].size(), 2u) << model->name;
    // A larger mass encloses more: its density level is lower.
    EXPECT_LT(levels[model->name][0.9], levels[model->name][0.5]) << model->name;
  }
  EXPECT_EQ(json["contours"][0]["model"], ZprimeSample().name) << "training order";
  EXPECT_EQ(json["samples"], nlohmann::json::array());
}

TEST_F(CliPicturesE2eTest, FeatureMapPictureAndUnknownFeature) {
  const std::string out = testing::ScratchDir() + "/met.png";
  const testing::LatentctlResult result = Run("featuremap", "--feature met --out " + out);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::optional<testing::PngImage> image = testing::ReadPng(out);
  ASSERT_TRUE(image.has_value());
  EXPECT_GT(image->NonBackground(), 20000);
  EXPECT_GT(image->DistinctColours(), 20);

  const nlohmann::json json =
      server_->Json(absl::StrCat("featuremap --encoder ", kEncoder, " --feature met --bins 16"));
  EXPECT_EQ(json["nx"], 16);
  ASSERT_EQ(json["mean"].size(), 16u);
  int64_t sets = 0;
  for (const nlohmann::json& row : json["count"]) {
    for (const nlohmann::json& count : row) sets += count.get<int64_t>();
  }
  EXPECT_GT(sets, 0);

  const testing::LatentctlResult unknown = Run("featuremap", "--feature no_such_feature");
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_THAT(unknown.err, HasSubstr("no_such_feature"));
  EXPECT_THAT(unknown.err, HasSubstr("met"));  // the preset's features are listed
  EXPECT_THAT(unknown.err, HasSubstr("(INVALID_ARGUMENT)"));
}

TEST_F(CliPicturesE2eTest, DistancesTableJsonAndPicture) {
  const testing::LatentctlResult table = Run("distances", "");
  ASSERT_EQ(table.exit_code, 0) << table.err;
  for (const testing::CliSample* model : Models()) {
    EXPECT_THAT(table.out, HasSubstr(model->name));
  }
  EXPECT_THAT(table.out, HasSubstr("sliced Wasserstein distance"));

  const nlohmann::json json = server_->Json(absl::StrCat("distances --encoder ", kEncoder));
  const size_t n = Models().size();
  ASSERT_EQ(json["models"].size(), n);
  for (const char* metric : {"centroid", "sliced_wasserstein"}) {
    const nlohmann::json& matrix = json[metric];
    ASSERT_EQ(matrix.size(), n) << metric;
    for (size_t a = 0; a < n; ++a) {
      EXPECT_NEAR(matrix[a][a].get<double>(), 0, 1e-9) << metric;
      for (size_t b = 0; b < a; ++b) {
        EXPECT_NEAR(matrix[a][b].get<double>(), matrix[b][a].get<double>(), 1e-9) << metric;
        EXPECT_GT(matrix[a][b].get<double>(), 0) << metric;
      }
    }
  }

  const std::string out = testing::ScratchDir() + "/distances.png";
  ASSERT_EQ(Run("distances", "--metric sliced-wasserstein --out " + out).exit_code, 0);
  const std::optional<testing::PngImage> image = testing::ReadPng(out);
  ASSERT_TRUE(image.has_value());
  EXPECT_GT(image->NonBackground(), 20000);
}

TEST_F(CliPicturesE2eTest, FailureExits) {
  const std::string dir = testing::ScratchDir();
  for (const std::string& command :
       {std::string("contours"), std::string("featuremap --feature met"),
        std::string("distances")}) {
    const testing::LatentctlResult missing =
        server_->Run(command + " --encoder no_such_encoder --out " + dir + "/x.png");
    EXPECT_EQ(missing.exit_code, 1) << command;
    EXPECT_THAT(missing.err, HasSubstr("(NOT_FOUND)")) << command;
    const testing::LatentctlResult extension = Run(command, "--out " + dir + "/x.bmp");
    EXPECT_EQ(extension.exit_code, 2) << command;
    EXPECT_THAT(extension.err, HasSubstr(".bmp")) << command;
    const testing::LatentctlResult unreachable = testing::RunLatentctl(
        absl::StrCat("--server 127.0.0.1:1 --timeout 5 ", command, " --encoder ", kEncoder));
    EXPECT_EQ(unreachable.exit_code, 3) << command;
  }
  const testing::LatentctlResult unwritable =
      Run("contours", "--out " + dir + "/no/such/dir/x.png");
  EXPECT_EQ(unwritable.exit_code, 1);
  EXPECT_THAT(unwritable.err, HasSubstr(dir + "/no/such/dir/x.png"));
  EXPECT_TRUE(std::filesystem::is_empty(dir)) << "no picture and no temporary file";
}

}  // namespace
}  // namespace latentspace
