// Tests of `latentctl embed` against a fake latentd: requests hold multiples of the encoder's k
// (so sets never straddle requests), pin the resolved version, re-send the events of an incomplete
// set, and the points come out as CSV set,x,y.
#include <mutex>
#include <set>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "client/cli/embed_command.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/client/fake_handlers.h"
#include "tests/client/fake_latentd.h"
#include "tests/client/latentctl_runner.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;
using testing::LatentctlResult;
using testing::RunLatentctl;
using testing::ServerFlag;

constexpr int kK = 7;

// A file of `events` events with ids 1..events, in `dir`.
std::string WriteEvents(int events, const std::string& dir = testing::ScratchDir()) {
  std::string text;
  for (int i = 1; i <= events; ++i) {
    absl::StrAppend(&text, i, ";p;1;300000;0.5;j,250000,250000,0.1,1;j,120000,120000,0,-1;\n");
  }
  return testing::WriteFile(dir + "/events.csv", text);
}

// A fake EmbeddingService that skips events whose id is a multiple of `skip_every` (0: none)
// and embeds the others in sets of k, recording every request and the ids it embedded.
class EmbedCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.get_encoder = testing::KnownEncoder(2, kK);
    server_.embed = [this](grpc::ServerContext*, const v1::EmbedRequest& request,
                           v1::EmbedResponse* response) {
      std::lock_guard<std::mutex> lock(mutex_);
      versions_.insert(request.encoder().version());
      const auto& events = request.batch().events().events();
      request_sizes_.push_back(events.size());
      std::vector<int64_t> accepted;
      for (const v1::Event& event : events) {
        int64_t id = 0;
        EXPECT_TRUE(absl::SimpleAtoi(event.event_id(), &id));
        if (skip_every_ > 0 && id % skip_every_ == 0) {
          response->set_skipped_events(response->skipped_events() + 1);
        } else {
          accepted.push_back(id);
        }
      }
      const size_t sets = accepted.size() / kK;
      for (size_t s = 0; s < sets; ++s) {
        v1::LatentPoint* point = response->add_points();
        point->set_x(static_cast<double>(accepted[s * kK]));
        point->set_y(0.5);
        for (size_t i = s * kK; i < (s + 1) * kK; ++i) {
          EXPECT_TRUE(embedded_.insert(accepted[i]).second) << "embedded twice: " << accepted[i];
        }
      }
      response->set_accepted_events(accepted.size());
      response->set_leftover_events(accepted.size() % kK);
      return grpc::Status::OK;
    };
    ASSERT_TRUE(server_.Start());
    flag_ = ServerFlag(server_.address());
  }

  testing::FakeLatentd server_;
  std::string flag_;
  std::mutex mutex_;
  int skip_every_ = 0;
  std::vector<int> request_sizes_;
  std::set<int64_t> versions_;
  std::set<int64_t> embedded_;
};

TEST(EmbedRequestEventsTest, MultiplesOfK) {
  EXPECT_EQ(cli::EmbedRequestEvents(10), 1000);
  EXPECT_EQ(cli::EmbedRequestEvents(7), 994);
  EXPECT_EQ(cli::EmbedRequestEvents(300), 900);
  EXPECT_EQ(cli::EmbedRequestEvents(1000), 1000);
  EXPECT_EQ(cli::EmbedRequestEvents(1500), 1500);
  EXPECT_EQ(cli::EmbedRequestEvents(1), 1000);
}

TEST_F(EmbedCommandTest, WritesCsvFromRequestsOfWholeSets) {
  const std::string dir = testing::ScratchDir();
  const std::string file = WriteEvents(2500, dir);
  const std::string out = dir + "/latent.csv";
  const LatentctlResult result =
      RunLatentctl(flag_ + "embed --encoder enc " + file + " --out " + out);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("357 sets"));
  EXPECT_THAT(request_sizes_, ::testing::ElementsAre(994, 994, 512));
  EXPECT_EQ(versions_, std::set<int64_t>({2}));  // pinned to what GetEncoder resolved
  const std::vector<std::string> lines =
      absl::StrSplit(testing::ReadFile(out), '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 358u);
  EXPECT_EQ(lines[0], "set,x,y");
  EXPECT_EQ(lines[1], "0,1,0.5");
  EXPECT_EQ(lines[143], "142,995,0.5");  // the second request's first set
  EXPECT_EQ(lines[357], "356,2493,0.5");
}

TEST_F(EmbedCommandTest, ResendsTheEventsOfAnIncompleteSet) {
  skip_every_ = 100;
  const std::string file = WriteEvents(2500);
  const LatentctlResult result = RunLatentctl(flag_ + "embed --encoder enc:2 " + file + " --json");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json json = result.json();
  const int64_t sets = json["sets"];
  // 2475 accepted events make at most 353 sets; only accepted events stranded by a skipped one
  // at a request's tail may be lost.
  EXPECT_GE(sets, 352);
  EXPECT_LE(sets, 353);
  EXPECT_EQ(json["events"], 2500);
  EXPECT_EQ(json["events_in_no_set"], 2500 - sets * kK);
  EXPECT_EQ(json["points"].size(), static_cast<size_t>(sets));
  EXPECT_EQ(json["points"][0]["set"], 0);
  EXPECT_EQ(embedded_.size(), static_cast<size_t>(sets * kK));
  EXPECT_GT(request_sizes_[1], 994);  // carried events at its head
}

TEST_F(EmbedCommandTest, CsvToStdoutAndErrors) {
  const std::string file = WriteEvents(20);
  LatentctlResult result = RunLatentctl(flag_ + "embed --encoder enc " + file);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "set,x,y\n0,1,0.5\n1,8,0.5\n");
  EXPECT_THAT(result.err, HasSubstr("2 sets of 7"));
  result = RunLatentctl(flag_ + "embed --encoder other " + file);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("(NOT_FOUND)"));
  EXPECT_EQ(RunLatentctl(flag_ + "embed " + file).exit_code, 2);
  EXPECT_EQ(RunLatentctl(flag_ + "embed --encoder enc:0 " + file).exit_code, 2);
  EXPECT_EQ(RunLatentctl(flag_ + "embed --encoder enc /nonexistent.csv").exit_code, 1);
}

}  // namespace
}  // namespace latentspace
