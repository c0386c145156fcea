// A real crash test: a child process commits samples in a loop and reports each one through a pipe
// after CommitSample returned; the parent kills it with SIGKILL at a random moment, several times,
// then reopens the store and checks that every reported sample is there and verifies, and that no
// orphan or staging file is left.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/store/store.h"
#include "tests/server/store/store_testing.h"
#include "tests/testing/paths.h"

namespace latentspace::store {
namespace {

using store::testing::FilesIn;
using ::testing::IsEmpty;

constexpr uint32_t kSeed = 20240731;  // the random kill moments and blob sizes
constexpr int kRounds = 10;

void WriteLine(int fd, const std::string& line) {
  const std::string text = line + "\n";  // short lines: one atomic pipe write
  if (write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size())) _exit(3);
}

// The child: commit samples "r<round>-<i>" of random sizes, each followed by an overwrite of "hot"
// every third time, reporting "name checksum" after each commit returned. Never returns.
[[noreturn]] void CommitForever(const std::string& dir, int round, int fd) {
  absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(dir);
  if (!store.ok()) {
    WriteLine(fd, absl::StrCat("ERROR open: ", store.status().ToString()));
    _exit(1);
  }
  std::mt19937 random(kSeed + static_cast<uint32_t>(round));
  for (int i = 0;; ++i) {
    const std::string name = absl::StrCat("r", round, "-", i);
    const bool hot = i % 3 == 2;
    std::string content(std::uniform_int_distribution<size_t>(0, 300000)(random), '\0');
    for (char& c : content) c = static_cast<char>(random());
    absl::StatusOr<SampleRecord> committed = store::testing::UploadSample(
        **store, hot ? "hot" : name, content, /*overwrite=*/hot, {{"i", i}}, 65536);
    if (!committed.ok()) {
      WriteLine(fd, absl::StrCat("ERROR commit: ", committed.status().ToString()));
      _exit(2);
    }
    WriteLine(fd, absl::StrCat(committed->name, " ", committed->checksum));
  }
}

TEST(StoreKillTest, AcknowledgedSamplesSurviveSigkill) {
  const std::string dir = latentspace::testing::ScratchDir() + "/data";
  std::mt19937 random(kSeed);
  std::map<std::string, std::string> acknowledged;  // name -> checksum (the last one for "hot")
  int hot_commits = 0;
  for (int round = 0; round < kRounds; ++round) {
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      close(fds[0]);
      CommitForever(dir, round, fds[1]);
    }
    close(fds[1]);
    FILE* reports = fdopen(fds[0], "r");
    ASSERT_NE(reports, nullptr);
    // Wait for the first acknowledgement so the kill lands inside the commit loop, then let it run
    // a random while.
    char line[512];
    std::string first;
    if (fgets(line, sizeof(line), reports) != nullptr) first = line;
    std::this_thread::sleep_for(
        std::chrono::microseconds(std::uniform_int_distribution<int>(0, 300000)(random)));
    ASSERT_EQ(kill(child, SIGKILL), 0);
    int wait_status = 0;
    ASSERT_EQ(waitpid(child, &wait_status, 0), child);
    std::vector<std::string> lines;
    if (!first.empty()) lines.push_back(first);
    while (fgets(line, sizeof(line), reports) != nullptr) lines.emplace_back(line);
    fclose(reports);
    ASSERT_TRUE(WIFSIGNALED(wait_status))
        << "child exited by itself: " << (lines.empty() ? "" : lines.back());
    int this_round = 0;
    for (std::string& text : lines) {
      ASSERT_EQ(text.back(), '\n') << "torn report: " << text;
      text.pop_back();
      ASSERT_FALSE(absl::StartsWith(text, "ERROR")) << text;
      std::vector<std::string> fields = absl::StrSplit(text, ' ');
      ASSERT_EQ(fields.size(), 2u) << text;
      acknowledged[fields[0]] = fields[1];
      if (fields[0] == "hot") ++hot_commits;
      ++this_round;
    }
    EXPECT_GT(this_round, 0) << "round " << round;

    // Reopen as the restarted server would.
    absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(dir);
    ASSERT_TRUE(store.ok()) << store.status();
    EXPECT_THAT((*store)->recovery_report().missing_blobs, IsEmpty())
        << (*store)->recovery_report().ToString();
    for (const auto& [name, checksum] : acknowledged) {
      absl::StatusOr<SampleRecord> record = (*store)->GetSample(name);
      ASSERT_TRUE(record.ok()) << "acknowledged sample lost: " << record.status();
      // "hot" may have been overwritten once more after its last report, just before the kill.
      if (name != "hot") {
        EXPECT_EQ(record->checksum, checksum) << name;
      }
      EXPECT_TRUE((*store)->VerifySample(name).ok()) << (*store)->VerifySample(name);
    }
    // No orphan and no staging file: one blob per row.
    absl::StatusOr<int64_t> count = (*store)->CountSamples();
    ASSERT_TRUE(count.ok());
    EXPECT_EQ(FilesIn(dir + "/blobs/samples").size(), static_cast<size_t>(*count));
    EXPECT_THAT(FilesIn(dir + "/staging"), IsEmpty());
    EXPECT_GE(static_cast<size_t>(*count), acknowledged.size());
    std::printf("round %d: %d commits acknowledged, %lld samples stored; recovery: %s\n", round,
                this_round, static_cast<long long>(*count),
                (*store)->recovery_report().ToString().c_str());
  }
  EXPECT_GT(hot_commits, 0);
}

}  // namespace
}  // namespace latentspace::store
