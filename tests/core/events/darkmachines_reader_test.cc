// Tests of the Dark Machines CSV reader on real lines and files: values, units, gzip, line forms.
#include "core/events/darkmachines_reader.h"

#include <zlib.h>

#include <filesystem>
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/paths.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;
using testing::ScratchDir;
using testing::WriteFile;

// The first event of the Dark Machines channel-1 background file, verbatim.
constexpr char kBackgroundLine[] =
    "179903555;njets;1;351709;-2.56781;j,672376,506951,0.784228,0.908651;j,871293,190715,-2.19848,"
    "-1.30233;j,231064,182993,-0.703586,-2.56212;j,917276,149536,-2.49886,0.295192;j,113939,"
    "61043.3,1.2301,2.64077;";

std::vector<Event> ReadAll(const std::string& path) {
  absl::StatusOr<std::vector<Event>> events = ReadEventFile(path, EventFormat::kDarkMachines);
  EXPECT_TRUE(events.ok()) << events.status();
  return events.ok() ? *events : std::vector<Event>{};
}

TEST(ParseDarkMachinesLineTest, ConvertsMevToGevAndKeepsAngles) {
  Event event;
  ASSERT_TRUE(ParseDarkMachinesLine(kBackgroundLine, &event).ok());
  EXPECT_EQ(event.event_id, "179903555");
  EXPECT_EQ(event.process_id, "njets");
  EXPECT_EQ(event.weight, 1.0);
  EXPECT_DOUBLE_EQ(event.met, 351.709);
  EXPECT_DOUBLE_EQ(event.met_phi, -2.56781);
  ASSERT_EQ(event.objects.size(), 5u);
  EXPECT_EQ(event.objects[0].type, ObjectType::kJet);
  EXPECT_DOUBLE_EQ(event.objects[0].e, 672.376);
  EXPECT_DOUBLE_EQ(event.objects[0].pt, 506.951);
  EXPECT_DOUBLE_EQ(event.objects[0].eta, 0.784228);
  EXPECT_DOUBLE_EQ(event.objects[0].phi, 0.908651);
  EXPECT_DOUBLE_EQ(event.objects[4].pt, 61.0433);
}

TEST(ParseDarkMachinesLineTest, ReadsEveryObjectCodeAndScientificNotation) {
  Event event;
  ASSERT_TRUE(
      ParseDarkMachinesLine("7;sig;2.43857e-07;2e+05;0;j,1.17913e+06,38638.8,4.11114,1.31;"
                            "b,1,1,0,0;e-,1,1,0,0;e+,1,1,0,0;m-,1,1,0,0;m+,1,1,0,0;g,1,1,0,0;",
                            &event)
          .ok());
  EXPECT_DOUBLE_EQ(event.weight, 2.43857e-07);
  EXPECT_DOUBLE_EQ(event.met, 200.0);
  EXPECT_DOUBLE_EQ(event.objects[0].e, 1179.13);
  const std::vector<ObjectType> expected = {
      ObjectType::kJet,  ObjectType::kBJet,     ObjectType::kElectron, ObjectType::kPositron,
      ObjectType::kMuon, ObjectType::kAntiMuon, ObjectType::kPhoton};
  ASSERT_EQ(event.objects.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(event.objects[i].type, expected[i]);
}

// The MeV decimal becomes GeV with one rounding: "10000.2" MeV is the double nearest 10.0002, not
// the double nearest 10000.2 divided by 1000 (which is one ulp off), in the fast and the careful
// parser alike (the careful one takes the over-long "10000.20000000000000").
TEST(ParseDarkMachinesLineTest, MevBecomesTheNearestGevValue) {
  for (const char* line : {"1;p;1;10000.2;0;j,2e+05,1.4104e-05,0,0;",
                           "1;p;1;10000.20000000000000;0;j,2e+05,1.4104e-05,0,0;"}) {
    Event event;
    ASSERT_TRUE(ParseDarkMachinesLine(line, &event).ok()) << line;
    EXPECT_EQ(event.met, 10.0002) << line;
    EXPECT_EQ(event.objects[0].e, 200.0) << line;
    EXPECT_EQ(event.objects[0].pt, 1.4104e-08) << line;
  }
  EXPECT_NE(10000.2 / 1000, 10.0002);  // what dividing the parsed MeV value gives
}

// Ids are text: a control character is refused (a file the writer wrote would otherwise start
// with gzip's magic when its first event id does, found by tests/fuzz/darkmachines_file_fuzzer).
TEST(ParseDarkMachinesLineTest, IdsWithControlCharactersAreRefused) {
  Event event;
  absl::Status status = ParseDarkMachinesLine(
      "\x1f\x8b"
      "1;p;1;1;0;",
      &event);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("field 1 (eventID)"));
  EXPECT_THAT(status.message(), HasSubstr("holds a control character"));
  status = ParseDarkMachinesLine("1;p\tq;1;1;0;", &event);
  EXPECT_THAT(status.message(), HasSubstr("field 2 (processID) 'p\tq': holds a control character"));
  EXPECT_TRUE(ParseDarkMachinesLine("1;caf\xc3\xa9 p;1;1;0;", &event).ok());  // any other byte
}

TEST(ParseDarkMachinesLineTest, AcceptsEventWithoutObjectsAndMissingTrailingSemicolon) {
  Event event;
  ASSERT_TRUE(ParseDarkMachinesLine("1;p;1;250000;0.5", &event).ok());
  EXPECT_TRUE(event.objects.empty());
  EXPECT_DOUBLE_EQ(event.met, 250.0);
}

TEST(ParseDarkMachinesLineTest, ReusesEventStorage) {
  Event event;
  ASSERT_TRUE(ParseDarkMachinesLine(kBackgroundLine, &event).ok());
  ASSERT_TRUE(ParseDarkMachinesLine("1;p;1;250000;0.5;", &event).ok());
  EXPECT_TRUE(event.objects.empty());
  EXPECT_EQ(event.process_id, "p");
}

TEST(DarkMachinesReaderTest, PlainAndGzipFilesGiveTheSameEvents) {
  const std::string dir = ScratchDir();
  const std::string content =
      std::string(kBackgroundLine) + "\n" + "2;njets;1;200000;0;j,1,1,0,0;\n";
  const std::string plain = WriteFile(dir + "/events.csv", content);
  const std::string gz = dir + "/events.csv.gz";
  gzFile file = gzopen(gz.c_str(), "wb");
  gzwrite(file, content.data(), content.size());
  gzclose(file);
  const std::vector<Event> a = ReadAll(plain);
  const std::vector<Event> b = ReadAll(gz);
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a, b);
}

TEST(DarkMachinesReaderTest, AcceptsCrlfBlankLinesAndNoFinalNewline) {
  const std::string dir = ScratchDir();
  const std::string path =
      WriteFile(dir + "/crlf.csv", std::string(kBackgroundLine) + "\r\n\r\n  \n1;p;1;250000;0.5;");
  const std::vector<Event> events = ReadAll(path);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_DOUBLE_EQ(events[0].objects[4].phi, 2.64077);
  EXPECT_EQ(events[1].process_id, "p");
}

TEST(DarkMachinesReaderTest, ErrorNamesFileAndLineAfterGoodLines) {
  const std::string dir = ScratchDir();
  const std::string path =
      WriteFile(dir + "/bad.csv", std::string(kBackgroundLine) + "\n" + kBackgroundLine + "\n" +
                                      "3;p;1;200000;0;j,1,1,zero,0;\n");
  absl::StatusOr<std::vector<Event>> events = ReadEventFile(path, EventFormat::kDarkMachines);
  ASSERT_FALSE(events.ok());
  EXPECT_EQ(events.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(events.status().message(), HasSubstr(path + ":3: field 6"));
  EXPECT_THAT(events.status().message(), HasSubstr("'zero' is not a number"));
}

TEST(DarkMachinesReaderTest, MissingFileIsNotFound) {
  absl::StatusOr<std::vector<Event>> events =
      ReadEventFile("/nonexistent/events.csv", EventFormat::kDarkMachines);
  ASSERT_FALSE(events.ok());
  EXPECT_EQ(events.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(events.status().message(), HasSubstr("/nonexistent/events.csv"));
}

TEST(DarkMachinesReaderTest, BundledFilesHoldTheDocumentedEventCounts) {
  const std::vector<std::pair<std::string, int>> expected = {
      {"background_chan1_7.79_reduced.csv.gz", 700},
      {"glgl1400_neutralino1100_chan1.csv.gz", 2867},
      {"glgl1600_neutralino800_chan1.csv.gz", 7528},
      {"monojet_Zp2000.0_DM_50.0_chan1.csv.gz", 791},
      {"sqsq_sq1800_neut800_chan1.csv.gz", 1975},
      {"stop2b1000_neutralino300_chan1.csv.gz", 3697},
  };
  for (const auto& [name, count] : expected) {
    EXPECT_EQ(ReadAll(testing::BundledDataDir() + "/" + name).size(), static_cast<size_t>(count))
        << name;
  }
}

TEST(DarkMachinesReaderTest, BundledGzipFilesMatchTheSharedPlainFiles) {
  const std::string shared = testing::SharedDataDir();
  if (shared.empty()) GTEST_SKIP() << "../shared/data/darkmachines not present";
  for (const auto& entry : std::filesystem::directory_iterator(shared)) {
    if (entry.path().extension() != ".csv") continue;
    const std::string name = entry.path().filename().string();
    const std::vector<Event> plain = ReadAll(entry.path().string());
    const std::vector<Event> bundled = ReadAll(testing::BundledDataDir() + "/" + name + ".gz");
    EXPECT_FALSE(plain.empty()) << name;
    EXPECT_TRUE(plain == bundled) << name;
  }
}

}  // namespace
}  // namespace latentspace
