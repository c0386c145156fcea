// Tests of `latentctl contours` against a fake latentd: the request carries --mass and --grid,
// the JSON has the documented shape, the text summary lists every contour, --sample files are
// embedded as `embed` does (pinned to the resolved version) and overlaid in the picture, and bad
// arguments exit 2 before any call, server errors 1, an unreachable server 3.
#include <cmath>
#include <filesystem>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "client/plot/palette.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/client/fake_latentd.h"
#include "tests/client/latentctl_runner.h"
#include "tests/testing/png_inspection.h"

namespace latentspace {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::LatentctlResult;
using testing::RunLatentctl;
using testing::ServerFlag;

constexpr int kK = 10;

// `json` is an object with exactly `keys`.
void ExpectKeys(const nlohmann::json& json, const std::vector<std::string>& keys) {
  EXPECT_EQ(json.size(), keys.size()) << json;
  for (const std::string& key : keys) EXPECT_TRUE(json.contains(key)) << key << " in " << json;
}

// A closed polygon of 40 points around (cx, cy).
void AddCircle(double cx, double cy, double r, v1::Polyline* polyline) {
  polyline->set_closed(true);
  for (int i = 0; i < 40; ++i) {
    v1::LatentPoint* p = polyline->add_points();
    p->set_x(cx + r * std::cos(i * M_PI / 20));
    p->set_y(cy + r * std::sin(i * M_PI / 20));
  }
}

// Two models, "zp" around (-1, 0) and "sq" around (1, 0.5), a contour per requested mass whose
// radius and level shrink with the mass.
class ContoursCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.get_encoder = [this](grpc::ServerContext*, const v1::GetEncoderRequest& request,
                                 v1::Encoder* encoder) {
      ++get_encoder_calls_;
      if (request.encoder().name() != "enc") {
        return grpc::Status(grpc::StatusCode::NOT_FOUND, "encoder 'x' not found");
      }
      encoder->set_name("enc");
      encoder->set_version(3);
      encoder->set_events_per_set(kK);
      return grpc::Status::OK;
    };
    server_.get_contours = [this](grpc::ServerContext*, const v1::GetContoursRequest& request,
                                  v1::GetContoursResponse* response) {
      std::lock_guard<std::mutex> lock(mutex_);
      ++contour_calls_;
      last_ = request;
      if (request.encoder().name() != "enc") {
        return grpc::Status(grpc::StatusCode::NOT_FOUND, "encoder 'missing' not found");
      }
      response->set_encoder("enc");
      response->set_encoder_version(3);
      response->set_x_min(-3);
      response->set_x_max(3);
      response->set_y_min(-2);
      response->set_y_max(2.5);
      const double centres[][2] = {{-1, 0}, {1, 0.5}};
      const char* names[] = {"zp", "sq"};
      for (int m = 0; m < 2; ++m) {
        for (const double mass : request.masses()) {
          v1::ModelContours* contour = response->add_contours();
          contour->set_model(names[m]);
          contour->set_mass(mass);
          contour->set_level(0.3 * (1 - mass) + 0.01);
          contour->mutable_centroid()->set_x(centres[m][0]);
          contour->mutable_centroid()->set_y(centres[m][1]);
          AddCircle(centres[m][0], centres[m][1], 0.4 + mass, contour->add_polylines());
        }
      }
      return grpc::Status::OK;
    };
    // One point per k accepted events, at (0.2, -1 + set / 100).
    server_.embed = [this](grpc::ServerContext*, const v1::EmbedRequest& request,
                           v1::EmbedResponse* response) {
      std::lock_guard<std::mutex> lock(mutex_);
      embed_versions_.push_back(request.encoder().version());
      const int events = request.batch().events().events_size();
      for (int s = 0; s < events / kK; ++s) {
        v1::LatentPoint* point = response->add_points();
        point->set_x(0.2);
        point->set_y(-1 + (embedded_sets_++) / 100.0);
      }
      response->set_accepted_events(events);
      response->set_leftover_events(events % kK);
      return grpc::Status::OK;
    };
    ASSERT_TRUE(server_.Start());
    flag_ = ServerFlag(server_.address());
  }

  int Calls() {
    std::lock_guard<std::mutex> lock(mutex_);
    return contour_calls_ + get_encoder_calls_ + static_cast<int>(embed_versions_.size());
  }

  testing::FakeLatentd server_;
  std::string flag_;
  std::mutex mutex_;
  int contour_calls_ = 0;
  int get_encoder_calls_ = 0;
  int embedded_sets_ = 0;
  std::vector<int64_t> embed_versions_;
  v1::GetContoursRequest last_;
};

TEST_F(ContoursCommandTest, JsonHasTheDocumentedShape) {
  const LatentctlResult result =
      RunLatentctl(flag_ + "contours --json --encoder enc:3 --mass 0.5,0.9 --grid 64");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(last_.encoder().name(), "enc");
  EXPECT_EQ(last_.encoder().version(), 3);
  EXPECT_THAT(last_.masses(), ElementsAre(0.5, 0.9));
  EXPECT_EQ(last_.grid_size(), 64);
  EXPECT_EQ(get_encoder_calls_, 0) << "no sample: nothing to pin";
  const nlohmann::json json = result.json();
  ExpectKeys(json, {"encoder", "encoder_version", "x_min", "x_max", "y_min", "y_max", "contours",
                    "samples"});
  EXPECT_EQ(json["encoder"], "enc");
  EXPECT_EQ(json["encoder_version"], 3);
  EXPECT_EQ(json["x_min"], -3);
  EXPECT_EQ(json["y_max"], 2.5);
  ASSERT_EQ(json["contours"].size(), 4u);
  const nlohmann::json& first = json["contours"][0];
  ExpectKeys(first, {"model", "mass", "level", "centroid", "polylines"});
  EXPECT_EQ(first["model"], "zp");
  EXPECT_EQ(first["mass"], 0.5);
  EXPECT_DOUBLE_EQ(first["level"].get<double>(), 0.16);
  EXPECT_EQ(first["centroid"], nlohmann::json({{"x", -1.0}, {"y", 0.0}}));
  ASSERT_EQ(first["polylines"].size(), 1u);
  EXPECT_EQ(first["polylines"][0]["closed"], true);
  ASSERT_EQ(first["polylines"][0]["points"].size(), 40u);
  EXPECT_EQ(first["polylines"][0]["points"][0], nlohmann::json({-1.0 + 0.9, 0.0}));
  EXPECT_EQ(json["contours"][1]["mass"], 0.9);
  EXPECT_EQ(json["contours"][3]["model"], "sq");
  EXPECT_EQ(json["samples"], nlohmann::json::array());
}

TEST_F(ContoursCommandTest, DefaultsAndTextSummary) {
  const LatentctlResult result = RunLatentctl(flag_ + "contours --encoder enc");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(last_.masses(), ElementsAre(0.5));
  EXPECT_EQ(last_.grid_size(), 256);
  EXPECT_EQ(last_.encoder().version(), 0);
  EXPECT_THAT(result.out,
              HasSubstr("encoder enc v3, 2 models, grid over z1 [-3, 3], z2 [-2, 2.5]"));
  EXPECT_THAT(result.out, HasSubstr("MODEL  MASS  LEVEL  CENTROID  POLYLINES  POINTS"));
  EXPECT_THAT(result.out, HasSubstr("zp     0.5   0.16   (-1, 0)   1          40"));
  EXPECT_THAT(result.out, HasSubstr("sq     0.5   0.16   (1, 0.5)"));
  EXPECT_THAT(result.out, ::testing::Not(HasSubstr("wrote")));
}

TEST_F(ContoursCommandTest, PictureWithASampleOverlaid) {
  const std::string dir = testing::ScratchDir();
  const std::string out = dir + "/contours.png";
  const std::string sample = testing::BundledDataDir() + "/monojet_Zp2000.0_DM_50.0_chan1.csv.gz";
  const LatentctlResult result =
      RunLatentctl(flag_ + "contours --encoder enc --mass 0.5 --mass 0.9 --sample " + sample +
                   " --out " + out + " --json");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(get_encoder_calls_, 1);
  EXPECT_EQ(last_.encoder().version(), 3) << "contours pinned to the samples' version";
  EXPECT_THAT(embed_versions_, ::testing::Each(3));
  const nlohmann::json json = result.json();
  EXPECT_EQ(json["out"], out);
  ASSERT_EQ(json["samples"].size(), 1u);
  EXPECT_EQ(json["samples"][0]["file"], sample);
  EXPECT_EQ(json["samples"][0]["points"].size(), 79u);  // 791 events in sets of 10
  EXPECT_EQ(json["samples"][0]["points"][1], nlohmann::json({0.2, -0.99}));

  const std::optional<testing::PngImage> image = testing::ReadPng(out);
  ASSERT_TRUE(image.has_value());
  EXPECT_GT(image->NonBackground(), 10000);
  for (int colour = 0; colour < 3; ++colour) {  // zp, sq, then the sample
    EXPECT_GT(image->CountNear(testing::ToPixel(plot::CategoricalColour(colour))), 300) << colour;
  }
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), {}), 1);
}

TEST_F(ContoursCommandTest, SvgAndPdfAndTextWithOut) {
  const std::string dir = testing::ScratchDir();
  for (const char* name : {"/c.svg", "/c.pdf"}) {
    const LatentctlResult result =
        RunLatentctl(flag_ + "contours --encoder enc --out " + dir + name);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_THAT(result.out, HasSubstr(absl::StrCat("wrote ", dir, name)));
  }
  EXPECT_THAT(testing::ReadFile(dir + "/c.svg"), HasSubstr("<svg"));
  EXPECT_THAT(testing::ReadFile(dir + "/c.pdf"), ::testing::StartsWith("%PDF"));
}

TEST_F(ContoursCommandTest, UsageErrorsBeforeAnyCall) {
  const std::string sample = testing::BundledDataDir() + "/monojet_Zp2000.0_DM_50.0_chan1.csv.gz";
  for (const std::string& arguments :
       {std::string("contours --encoder enc --mass 0"),
        std::string("contours --encoder enc "
                    "--mass 0.5,1.5"),
        std::string("contours --encoder enc --mass abc"),
        std::string("contours --encoder enc --out plot.gif"),
        std::string("contours --encoder enc --out plot"),
        std::string("contours --encoder enc --grid 8"), std::string("contours --encoder enc:0"),
        std::string("contours --mass 0.5"),
        "contours --encoder enc --format root --sample " + sample}) {
    const LatentctlResult result = RunLatentctl(flag_ + arguments);
    EXPECT_EQ(result.exit_code, 2) << arguments << "\n" << result.err;
  }
  const LatentctlResult mass = RunLatentctl(flag_ + "contours --encoder enc --mass 0.5,1.5");
  EXPECT_THAT(mass.err, HasSubstr("--mass 1.5"));
  const LatentctlResult out = RunLatentctl(flag_ + "contours --encoder enc --out plot.gif");
  EXPECT_THAT(out.err, HasSubstr("--out"));
  EXPECT_THAT(out.err, HasSubstr(".gif"));
  EXPECT_EQ(Calls(), 0);
}

TEST_F(ContoursCommandTest, LocalServerAndConnectionErrors) {
  const std::string dir = testing::ScratchDir();
  // A missing sample file and an unwritable picture are local errors; neither leaves a file.
  const LatentctlResult missing_file =
      RunLatentctl(flag_ + "contours --encoder enc --sample " + dir + "/none.csv");
  EXPECT_EQ(missing_file.exit_code, 1);
  EXPECT_THAT(missing_file.err, HasSubstr(dir + "/none.csv"));
  EXPECT_EQ(Calls(), 0);
  const std::string unwritable = dir + "/no/such/dir/plot.png";
  const LatentctlResult write = RunLatentctl(flag_ + "contours --encoder enc --out " + unwritable);
  EXPECT_EQ(write.exit_code, 1);
  EXPECT_THAT(write.err, HasSubstr(unwritable));
  EXPECT_TRUE(std::filesystem::is_empty(dir));

  const LatentctlResult not_found = RunLatentctl(flag_ + "contours --encoder missing");
  EXPECT_EQ(not_found.exit_code, 1);
  EXPECT_THAT(not_found.err, HasSubstr("encoder 'missing' not found (NOT_FOUND)"));
  const LatentctlResult unreachable =
      RunLatentctl("--server 127.0.0.1:1 contours --encoder enc --timeout 5");
  EXPECT_EQ(unreachable.exit_code, 3);
  EXPECT_THAT(unreachable.err, HasSubstr("cannot reach latentd at 127.0.0.1:1"));
}

}  // namespace
}  // namespace latentspace
