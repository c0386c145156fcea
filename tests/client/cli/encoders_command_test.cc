// Tests of `latentctl encoders` against a fake latentd: list (latest or all versions), show by
// NAME or NAME:VERSION, delete, and bad references.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/client/fake_latentd.h"
#include "tests/client/latentctl_runner.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;
using testing::LatentctlResult;
using testing::RunLatentctl;
using testing::ServerFlag;

v1::Encoder MakeEncoder(int64_t version) {
  v1::Encoder encoder;
  encoder.set_name("enc");
  encoder.set_version(version);
  encoder.set_preset("darkmachines");
  encoder.set_variant("contrastive");
  encoder.set_events_per_set(10);
  encoder.set_validation_accuracy(0.9);
  v1::KnownModel* model = encoder.add_models();
  model->set_name("zp2000");
  (*model->mutable_parameters())["mzp"] = 2000;
  model->set_num_points(40);
  return encoder;
}

class EncodersCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.list_encoders = [this](grpc::ServerContext*, const v1::ListEncodersRequest& request,
                                   v1::ListEncodersResponse* response) {
      all_versions_ = request.all_versions();
      *response->add_encoders() = MakeEncoder(2);
      if (request.all_versions()) *response->add_encoders() = MakeEncoder(1);
      return grpc::Status::OK;
    };
    server_.get_encoder = [this](grpc::ServerContext*, const v1::GetEncoderRequest& request,
                                 v1::Encoder* encoder) {
      asked_ = request.encoder();
      if (request.encoder().name() != "enc") {
        return grpc::Status(grpc::StatusCode::NOT_FOUND,
                            "encoder '" + request.encoder().name() + "' not found");
      }
      *encoder = MakeEncoder(request.encoder().version() == 0 ? 2 : request.encoder().version());
      return grpc::Status::OK;
    };
    server_.delete_encoder = [this](grpc::ServerContext*, const v1::DeleteEncoderRequest& request,
                                    auto*) {
      asked_ = request.encoder();
      return grpc::Status::OK;
    };
    ASSERT_TRUE(server_.Start());
    flag_ = ServerFlag(server_.address());
  }

  testing::FakeLatentd server_;
  std::string flag_;
  bool all_versions_ = false;
  v1::EncoderRef asked_;
};

TEST_F(EncodersCommandTest, List) {
  LatentctlResult result = RunLatentctl(flag_ + "encoders list");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_FALSE(all_versions_);
  EXPECT_THAT(result.out, HasSubstr("VERSION"));
  EXPECT_THAT(result.out, HasSubstr("enc"));
  result = RunLatentctl(flag_ + "encoders list --all-versions --json");
  EXPECT_TRUE(all_versions_);
  EXPECT_EQ(result.json()["encoders"].size(), 2u);
}

TEST_F(EncodersCommandTest, ShowByNameAndVersion) {
  LatentctlResult result = RunLatentctl(flag_ + "encoders show enc:1 --json");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(asked_.version(), 1);
  EXPECT_EQ(result.json()["version"], 1);
  EXPECT_EQ(result.json()["models"][0]["name"], "zp2000");
  result = RunLatentctl(flag_ + "encoders show enc");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(asked_.version(), 0);
  EXPECT_THAT(result.out, HasSubstr("zp2000"));
  EXPECT_THAT(result.out, HasSubstr("mzp=2000"));
  result = RunLatentctl(flag_ + "encoders show other");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err, "error: encoder 'other' not found (NOT_FOUND)\n");
  EXPECT_EQ(RunLatentctl(flag_ + "encoders show enc:x").exit_code, 2);
}

TEST_F(EncodersCommandTest, Delete) {
  LatentctlResult result = RunLatentctl(flag_ + "encoders delete enc:2");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(asked_.version(), 2);
  EXPECT_EQ(result.out, "deleted encoder enc:2\n");
  result = RunLatentctl(flag_ + "encoders delete enc");
  EXPECT_EQ(result.out, "deleted every version of encoder enc\n");
}

}  // namespace
}  // namespace latentspace
