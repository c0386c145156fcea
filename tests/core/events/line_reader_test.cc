// Tests of the streaming line reader: buffer boundaries, long lines, gzip, progress counters.
#include "core/events/line_reader.h"

#include <zlib.h>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/paths.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;

std::vector<std::string> ReadLines(const std::string& path) {
  absl::StatusOr<std::unique_ptr<LineReader>> reader = LineReader::Open(path);
  EXPECT_TRUE(reader.ok()) << reader.status();
  std::vector<std::string> lines;
  absl::string_view line;
  while (true) {
    absl::StatusOr<bool> more = (*reader)->Next(&line);
    EXPECT_TRUE(more.ok()) << more.status();
    if (!more.ok() || !*more) break;
    lines.emplace_back(line);
  }
  return lines;
}

TEST(LineReaderTest, LinesAcrossBufferBoundariesComeBackWhole) {
  const std::string dir = testing::ScratchDir();
  std::string content;
  std::vector<std::string> expected;
  // Lines of varying length up to 700 kB cross the 256 kB chunk boundary many times.
  for (int i = 0; i < 400; ++i) {
    expected.push_back(std::string((i * 7919) % 5000 + (i % 50 == 0 ? 700000 : 0), 'a' + i % 26));
    content += expected.back() + (i % 3 == 0 ? "\r\n" : "\n");
  }
  EXPECT_EQ(ReadLines(testing::WriteFile(dir + "/lines.txt", content)), expected);
}

TEST(LineReaderTest, OverlongLineIsAnErrorWithItsNumber) {
  const std::string dir = testing::ScratchDir();
  const std::string path = testing::WriteFile(
      dir + "/long.txt", "short\n" + std::string(LineReader::kMaxLineBytes + 10, 'x') + "\n");
  absl::StatusOr<std::unique_ptr<LineReader>> reader = LineReader::Open(path);
  ASSERT_TRUE(reader.ok());
  absl::string_view line;
  ASSERT_TRUE(*(*reader)->Next(&line));
  absl::StatusOr<bool> more = (*reader)->Next(&line);
  ASSERT_FALSE(more.ok());
  EXPECT_THAT(more.status().message(), HasSubstr(path + ":2: line longer than"));
}

// The limit holds for the last line too, also without a final newline: one byte more than the
// limit is refused with or without it, the limit itself is read.
TEST(LineReaderTest, LimitHoldsForTheLastLine) {
  const std::string dir = testing::ScratchDir();
  const std::string longest(LineReader::kMaxLineBytes, 'x');
  for (const char* ending : {"", "\n"}) {
    EXPECT_EQ(ReadLines(testing::WriteFile(dir + "/longest.txt", "short\n" + longest + ending)),
              (std::vector<std::string>{"short", longest}));
    const std::string path =
        testing::WriteFile(dir + "/long.txt", "short\n" + longest + "x" + ending);
    absl::StatusOr<std::unique_ptr<LineReader>> reader = LineReader::Open(path);
    ASSERT_TRUE(reader.ok());
    absl::string_view line;
    ASSERT_TRUE(*(*reader)->Next(&line));
    absl::StatusOr<bool> more = (*reader)->Next(&line);
    ASSERT_FALSE(more.ok()) << "ending '" << ending << "'";
    EXPECT_THAT(more.status().message(), HasSubstr(path + ":2: line longer than"));
  }
}

TEST(LineReaderTest, GzipIsDetectedByContentAndProgressReachesTheEnd) {
  const std::string dir = testing::ScratchDir();
  const std::string path = dir + "/no-suffix";
  gzFile file = gzopen(path.c_str(), "wb");
  for (int i = 0; i < 10000; ++i) gzprintf(file, "line %d\n", i);
  gzclose(file);
  absl::StatusOr<std::unique_ptr<LineReader>> reader = LineReader::Open(path);
  ASSERT_TRUE(reader.ok());
  absl::string_view line;
  int count = 0;
  while (*(*reader)->Next(&line)) ++count;
  EXPECT_EQ(count, 10000);
  EXPECT_EQ(line, "line 9999");
  EXPECT_EQ((*reader)->line_number(), 10000);
  EXPECT_EQ((*reader)->bytes_consumed(), (*reader)->file_bytes());
}

TEST(LineReaderTest, DirectoryIsRefused) {
  absl::StatusOr<std::unique_ptr<LineReader>> reader = LineReader::Open(testing::ScratchDir());
  ASSERT_FALSE(reader.ok());
  EXPECT_THAT(reader.status().message(), HasSubstr("is a directory"));
}

}  // namespace
}  // namespace latentspace
