// Tests of `latentctl score` against a fake latentd (fake_detector.h): a file larger than one
// request goes in requests of at most kScoreRequestEvents events, later ones pinned to the version
// the first resolved, and the CSV's indices are positions in the whole file; the summary adds the
// requests' counts; --events-out writes exactly the kept events, readable again; bad --keep values
// and arguments exit 2 before any call, server and file errors 1.
#include <filesystem>

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "client/cli/event_scoring.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/client/fake_detector.h"
#include "tests/client/fake_latentd.h"
#include "tests/client/latentctl_runner.h"

namespace latentspace {
namespace {

using testing::ExpectedScore;
using ::testing::HasSubstr;
using testing::LatentctlResult;
using testing::RunLatentctl;
using testing::ServerFlag;

// 1975 events: two requests.
std::string LargeFile() { return testing::BundledDataDir() + "/sqsq_sq1800_neut800_chan1.csv.gz"; }

// The CSV's rows under its header, checked against the expected scores.
void ExpectCsv(const std::string& csv, const std::vector<ExpectedScore>& expected) {
  std::vector<std::string> lines = absl::StrSplit(csv, '\n', absl::SkipEmpty());
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0], "index,event_id,score,reference_tail,kept");
  ASSERT_EQ(lines.size(), expected.size() + 1);
  for (size_t i = 0; i < expected.size(); ++i) {
    const std::vector<std::string> cells = absl::StrSplit(lines[i + 1], ',');
    ASSERT_EQ(cells.size(), 5u) << lines[i + 1];
    EXPECT_EQ(cells[0], std::to_string(expected[i].index)) << lines[i + 1];
    EXPECT_EQ(cells[1], expected[i].event_id) << lines[i + 1];
    double score = 0;
    double tail = 0;
    ASSERT_TRUE(absl::SimpleAtod(cells[2], &score) && absl::SimpleAtod(cells[3], &tail));
    EXPECT_NEAR(score, expected[i].score, 1e-6 * expected[i].score);
    EXPECT_NEAR(tail, testing::FakeReferenceTail(expected[i].score), 1e-8);
    EXPECT_EQ(cells[4], expected[i].kept ? "1" : "0") << lines[i + 1];
  }
}

int64_t Kept(const std::vector<ExpectedScore>& scores) {
  return std::count_if(scores.begin(), scores.end(), [](const ExpectedScore& s) { return s.kept; });
}

class ScoreCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    detector_.Install(&server_);
    ASSERT_TRUE(server_.Start());
    flag_ = ServerFlag(server_.address());
  }

  testing::FakeLatentd server_;
  testing::FakeDetector detector_;
  std::string flag_;
};

TEST_F(ScoreCommandTest, ChunksTheFileAndIndexesTheWholeFile) {
  const std::string out = testing::ScratchDir() + "/scores.csv";
  const LatentctlResult result =
      RunLatentctl(flag_ + "score --detector det --keep 0.1 " + LargeFile() + " --out " + out);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::vector<v1::ScoreEventsRequest> requests = detector_.score_requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].events().events().events_size(), cli::kScoreRequestEvents);
  EXPECT_EQ(requests[1].events().events().events_size(), 1975 - cli::kScoreRequestEvents);
  EXPECT_EQ(requests[0].detector().version(), 0);
  EXPECT_EQ(requests[1].detector().version(), 2) << "pinned to the version that scored the first";
  EXPECT_EQ(requests[1].keep(), 0.1);

  const std::vector<ExpectedScore> expected = testing::ExpectedScores(LargeFile(), 0.1);
  ASSERT_GT(expected.back().index, cli::kScoreRequestEvents) << "the second request's events";
  ExpectCsv(testing::ReadFile(out), expected);
  EXPECT_EQ(result.out,
            absl::StrFormat("detector det:2: 1975 events, %d accepted, %d skipped; keep 0.1: cut "
                            "690.776, %d kept; wrote %s\n",
                            expected.size(), 1975 - expected.size(), Kept(expected), out));
}

TEST_F(ScoreCommandTest, CsvOnStdoutSummaryOnStderr) {
  const std::string file = testing::BundledDataDir() + "/monojet_Zp2000.0_DM_50.0_chan1.csv.gz";
  const LatentctlResult result = RunLatentctl(flag_ + "score --detector det:1 " + file);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::vector<ExpectedScore> expected = testing::ExpectedScores(file, 0);
  EXPECT_EQ(Kept(expected), static_cast<int64_t>(expected.size())) << "no cut keeps every event";
  ExpectCsv(result.out, expected);
  EXPECT_THAT(result.err, HasSubstr(absl::StrFormat(
                              "detector det:1: 791 events, %d accepted, %d skipped; no cut, %d "
                              "kept",
                              expected.size(), 791 - expected.size(), expected.size())));
}

TEST_F(ScoreCommandTest, JsonSummaryWithTheScores) {
  const LatentctlResult result =
      RunLatentctl(flag_ + "--json score --detector det --keep 0.01 " + LargeFile());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json json = result.json();
  ASSERT_FALSE(json.is_discarded()) << result.out;
  const std::vector<ExpectedScore> expected = testing::ExpectedScores(LargeFile(), 0.01);
  EXPECT_EQ(json["detector"], "det");
  EXPECT_EQ(json["detector_version"], 2);
  EXPECT_EQ(json["events"], 1975);
  EXPECT_EQ(json["accepted_events"], expected.size());
  EXPECT_EQ(json["skipped_events"], 1975 - expected.size());
  EXPECT_EQ(json["keep"], 0.01);
  EXPECT_DOUBLE_EQ(json["cut"].get<double>(), testing::FakeCut(0.01));
  EXPECT_EQ(json["kept_events"], Kept(expected));
  ASSERT_EQ(json["scores"].size(), expected.size());
  const nlohmann::json& last = json["scores"].back();
  EXPECT_EQ(last["index"], expected.back().index);
  EXPECT_EQ(last["event_id"], expected.back().event_id);
  EXPECT_EQ(last["kept"], expected.back().kept);
  EXPECT_TRUE(last.contains("reference_tail"));

  const LatentctlResult no_cut = RunLatentctl(flag_ + "--json score --detector det " + LargeFile());
  ASSERT_EQ(no_cut.exit_code, 0) << no_cut.err;
  EXPECT_TRUE(no_cut.json()["cut"].is_null()) << "-inf without a cut";
  EXPECT_EQ(no_cut.json()["kept_events"], expected.size());
}

TEST_F(ScoreCommandTest, EventsOutHoldsTheKeptEvents) {
  const std::string dir = testing::ScratchDir();
  const std::string kept_path = dir + "/kept.csv.gz";
  const std::string out = dir + "/scores.csv";
  const LatentctlResult result =
      RunLatentctl(flag_ + "score --detector det --keep 0.01 " + LargeFile() + " --out " + out +
                   " --events-out " + kept_path + " --json");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.json()["events_out"], kept_path);
  EXPECT_EQ(result.json()["out"], out);
  EXPECT_FALSE(result.json().contains("scores"));
  std::vector<Event> expected;
  testing::ExpectedScores(LargeFile(), 0.01, &expected);
  ASSERT_GT(expected.size(), 10u);
  const absl::StatusOr<std::vector<Event>> written =
      ReadEventFile(kept_path, EventFormat::kDarkMachines);
  ASSERT_TRUE(written.ok()) << written.status();
  ASSERT_EQ(written->size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ((*written)[i].event_id, expected[i].event_id);
    EXPECT_EQ((*written)[i].process_id, expected[i].process_id);
    EXPECT_EQ((*written)[i].objects.size(), expected[i].objects.size());
    EXPECT_NEAR((*written)[i].met, expected[i].met, 1e-9 * expected[i].met);
  }
}

TEST_F(ScoreCommandTest, BadKeepIsRejectedBeforeAnyCall) {
  for (const std::string& keep :
       std::vector<std::string>{"-0.1", "1.5", "abc", "nan", "0.5x", "inf"}) {
    const LatentctlResult result =
        RunLatentctl(flag_ + "score --detector det --keep " + keep + " " + LargeFile());
    EXPECT_EQ(result.exit_code, 2) << keep;
    EXPECT_THAT(result.err, HasSubstr("latentctl score: --keep '" + keep +
                                      "': expected the share of the reference kept, a number in "
                                      "[0, 1] (0: no cut)"));
  }
  for (const std::string& arguments : {"score " + LargeFile(), std::string("score --detector det"),
                                       "score --detector :2 " + LargeFile(),
                                       "score --detector det --format root " + LargeFile()}) {
    EXPECT_EQ(RunLatentctl(flag_ + arguments).exit_code, 2) << arguments;
  }
  EXPECT_TRUE(detector_.score_requests().empty());
}

TEST_F(ScoreCommandTest, FileAndServerErrors) {
  const std::string bad =
      testing::SourcePath("tests/core/events/testdata/malformed/26_error_on_later_line.csv");
  LatentctlResult result = RunLatentctl(flag_ + "score --detector det " + bad);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr(bad + ":4:"));
  const std::string dir = testing::ScratchDir();
  result = RunLatentctl(flag_ + "score --detector det " + dir + "/none.csv");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr(dir + "/none.csv"));

  result = RunLatentctl(flag_ + "score --detector other " + LargeFile() + " --events-out " + dir +
                        "/kept.csv");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err, "error: detector 'other:0' not found (NOT_FOUND)\n");
  EXPECT_TRUE(std::filesystem::is_empty(dir)) << "no partial --events-out file";
  result = RunLatentctl("--server 127.0.0.1:1 --timeout 5 score --detector det " + LargeFile());
  EXPECT_EQ(result.exit_code, 3);
}

}  // namespace
}  // namespace latentspace
