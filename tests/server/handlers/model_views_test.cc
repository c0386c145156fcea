// Tests of the registries' handlers without gRPC (server/handlers/model_views.h,
// event_scoring.h, encoder_queries.h) over a real store: the listings show the latest version of
// each name or every version, with the summary's figures and whether each is in memory (one
// listing for every kind); requests for missing or malformed references are refused with the
// right code before anything is loaded, and a corrupted checkpoint is reported and never held.
#include "server/handlers/model_views.h"

#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/handlers/encoder_queries.h"
#include "server/handlers/event_scoring.h"
#include "server/jobs/encoder_summary.h"
#include "tests/server/store/store_testing.h"

namespace latentspace::server::handlers {
namespace {

using ::testing::HasSubstr;

class ModelViewsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = store::testing::OpenScratchStore();
    ASSERT_NE(store_, nullptr);
    encoders_ = std::make_unique<EncoderRegistry>(store_.get(), DeviceChoice::kCpu, 2);
    detectors_ = std::make_unique<DetectorRegistry>(store_.get(), DeviceChoice::kCpu, 2);
  }

  // Commits a version of `kind` model `name` whose "checkpoint" is not one.
  void Commit(store::ModelKind kind, const std::string& name) {
    ASSERT_TRUE(store::testing::UploadModel(*store_, kind, name, "not a checkpoint").ok()) << name;
  }

  std::unique_ptr<store::Store> store_;
  std::unique_ptr<EncoderRegistry> encoders_;
  std::unique_ptr<DetectorRegistry> detectors_;
};

TEST_F(ModelViewsTest, ListingsShowTheLatestOfEachNameOrEveryVersion) {
  Commit(store::ModelKind::kEncoder, "b");
  Commit(store::ModelKind::kEncoder, "a");
  Commit(store::ModelKind::kEncoder, "a");
  Commit(store::ModelKind::kDetector, "ae");
  v1::ListEncodersRequest request;
  absl::StatusOr<v1::ListEncodersResponse> latest = ListEncoders(*encoders_, request);
  ASSERT_TRUE(latest.ok()) << latest.status();
  ASSERT_EQ(latest->encoders_size(), 2);
  EXPECT_EQ(latest->encoders(0).name(), "a");
  EXPECT_EQ(latest->encoders(0).version(), 2);
  EXPECT_EQ(latest->encoders(1).name(), "b");
  EXPECT_EQ(latest->encoders(1).preset(), "darkmachines-4top");
  EXPECT_FALSE(latest->encoders(1).loaded());
  request.set_all_versions(true);
  absl::StatusOr<v1::ListEncodersResponse> all = ListEncoders(*encoders_, request);
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->encoders_size(), 3);
  EXPECT_EQ(all->encoders(0).version(), 1);
  EXPECT_EQ(all->encoders(1).version(), 2);
  absl::StatusOr<v1::ListDetectorsResponse> detectors = ListDetectors(*detectors_, {});
  ASSERT_TRUE(detectors.ok()) << detectors.status();
  ASSERT_EQ(detectors->detectors_size(), 1);
  EXPECT_EQ(detectors->detectors(0).name(), "ae");
}

TEST_F(ModelViewsTest, AListingSaysWhichVersionsAreInMemory) {
  Commit(store::ModelKind::kEncoder, "a");
  Commit(store::ModelKind::kEncoder, "a");
  // Any kind's cache lists the same way; this one's loader loads anything.
  struct Loaded {};
  ModelCache<Loaded> cache(
      store_.get(), store::ModelKind::kEncoder, 2,
      [](const store::ModelRecord&) -> absl::StatusOr<std::shared_ptr<const Loaded>> {
        return std::make_shared<const Loaded>();
      },
      nullptr);
  ASSERT_TRUE(cache.Get("a", 1).ok());
  google::protobuf::RepeatedPtrField<v1::Encoder> views;
  ASSERT_TRUE(AppendModelViews(cache, true, &EncoderRecordToProto, &views).ok());
  ASSERT_EQ(views.size(), 2);
  EXPECT_TRUE(views[0].loaded());
  EXPECT_FALSE(views[1].loaded());
}

TEST_F(ModelViewsTest, BadAndMissingReferencesAreRefusedBeforeAnythingIsLoaded) {
  v1::GetEncoderRequest get;
  EXPECT_EQ(GetEncoder(*encoders_, get).status().code(), absl::StatusCode::kInvalidArgument);
  get.mutable_encoder()->set_name("absent");
  EXPECT_EQ(GetEncoder(*encoders_, get).status().code(), absl::StatusCode::kNotFound);
  get.mutable_encoder()->set_version(-1);
  EXPECT_THAT(GetEncoder(*encoders_, get).status().message(), HasSubstr("encoder.version = -1"));
  v1::GetDetectorRequest get_detector;
  get_detector.mutable_detector()->set_name("absent");
  EXPECT_EQ(GetDetector(*detectors_, get_detector).status().code(), absl::StatusCode::kNotFound);

  v1::ScoreEventsRequest score;
  score.mutable_detector()->set_name("ae");
  score.set_keep(1.5);
  const auto never = [] { return false; };
  absl::StatusOr<v1::ScoreEventsResponse> scored =
      ScoreEvents(*detectors_, *store_, score, 10, never);
  EXPECT_EQ(scored.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(scored.status().message(), HasSubstr("keep = 1.5 must be in [0, 1]"));
  score.set_keep(0.1);
  EXPECT_EQ(ScoreEvents(*detectors_, *store_, score, 10, never).status().code(),
            absl::StatusCode::kNotFound);

  v1::QueryNearestRequest nearest;
  EXPECT_THAT(QueryNearest(*encoders_, *store_, nearest, 10, never).status().message(),
              HasSubstr("encoder.name"));
  nearest.mutable_encoder()->set_name("absent");
  EXPECT_EQ(QueryNearest(*encoders_, *store_, nearest, 10, never).status().code(),
            absl::StatusCode::kNotFound);
  v1::EmbedRequest embed;
  embed.mutable_encoder()->set_name("absent");
  EXPECT_EQ(Embed(*encoders_, embed, 10).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(encoders_->loaded(), 0);
  EXPECT_EQ(detectors_->loaded(), 0);
}

TEST_F(ModelViewsTest, ACorruptedCheckpointIsReportedAndNeverHeld) {
  Commit(store::ModelKind::kEncoder, "broken");
  v1::GetEncoderRequest get;
  get.mutable_encoder()->set_name("broken");
  const absl::Status status = GetEncoder(*encoders_, get).status();
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.code(), absl::StatusCode::kNotFound) << status;
  EXPECT_EQ(encoders_->loaded(), 0);
  absl::StatusOr<v1::ListEncodersResponse> listed = ListEncoders(*encoders_, {});
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->encoders_size(), 1);
  EXPECT_FALSE(listed->encoders(0).loaded());
}

}  // namespace
}  // namespace latentspace::server::handlers
