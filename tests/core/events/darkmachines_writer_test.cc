// Tests of the Dark Machines writer: exact round trips on real data, atomicity, refusals.
#include "core/events/darkmachines_writer.h"

#include <cmath>
#include <filesystem>
#include <random>

#include "core/events/darkmachines_reader.h"
#include "core/events/event_checks.h"
#include "core/io/durable_file.h"
#include "core/status_macros.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/paths.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;

std::vector<Event> ReadAll(const std::string& path) {
  absl::StatusOr<std::vector<Event>> events = ReadEventFile(path, EventFormat::kDarkMachines);
  EXPECT_TRUE(events.ok()) << events.status();
  return events.ok() ? *events : std::vector<Event>{};
}

absl::Status WriteAll(const std::string& path, const std::vector<Event>& events) {
  LATENT_ASSIGN_OR_RETURN(std::unique_ptr<DarkMachinesWriter> writer,
                          DarkMachinesWriter::Create(path));
  for (const Event& event : events) {
    LATENT_RETURN_IF_ERROR(writer->Write(event));
  }
  return writer->Close();
}

TEST(DarkMachinesWriterTest, RealFilesRoundTripExactlyInPlainAndGzip) {
  const std::string dir = testing::ScratchDir();
  for (const char* name :
       {"background_chan1_7.79_reduced.csv.gz", "monojet_Zp2000.0_DM_50.0_chan1.csv.gz",
        "stop2b1000_neutralino300_chan1.csv.gz"}) {
    const std::vector<Event> original = ReadAll(testing::BundledDataDir() + "/" + name);
    ASSERT_FALSE(original.empty());
    for (const std::string& out : {dir + "/copy.csv", dir + "/copy.csv.gz"}) {
      ASSERT_TRUE(WriteAll(out, original).ok());
      EXPECT_TRUE(ReadAll(out) == original) << name << " via " << out;
    }
    // Writing what was read back gives the same bytes: the text form is stable.
    const std::string first = testing::ReadFile(dir + "/copy.csv");
    ASSERT_TRUE(WriteAll(dir + "/again.csv", ReadAll(dir + "/copy.csv")).ok());
    EXPECT_EQ(testing::ReadFile(dir + "/again.csv"), first);
  }
}

TEST(DarkMachinesWriterTest, FormatsMevWithTrailingSemicolon) {
  Event event;
  event.event_id = "42";
  event.process_id = "sig";
  event.weight = 0.5;
  event.met = 351.709;
  event.met_phi = -2.56781;
  event.objects.push_back({ObjectType::kBJet, 672.376, 506.951, 0.784228, 0.908651});
  event.objects.push_back({ObjectType::kAntiMuon, 12.5, 12, -1, 3});
  EXPECT_EQ(FormatDarkMachinesLine(event),
            "42;sig;0.5;351709;-2.56781;b,672376,506951,0.784228,0.908651;m+,12500,12000,-1,3;");
}

// Not only values that came from a file: any GeV value (an upload's, the HepMC reader's jets)
// reads back exactly. 504.22005776077884 GeV has no double MeV value that divides back to it.
TEST(DarkMachinesWriterTest, EveryValueInRangeReadsBackExactly) {
  std::mt19937_64 random(1);
  std::uniform_real_distribution<double> uniform(0, kMaxEnergyGeV);
  std::uniform_real_distribution<double> exponent(-320, 5);
  Event event;
  event.event_id = "1";
  event.process_id = "p";
  for (int i = 0; i < 20000; ++i) {
    event.met = i == 0 ? 504.22005776077884 : uniform(random);
    event.objects = {
        {ObjectType::kJet, std::pow(10, exponent(random)), std::nextafter(0.0, 1.0), 0, 0},
        {ObjectType::kPhoton, kMaxEnergyGeV, std::pow(2, exponent(random)), 0, 0}};
    const std::string line = FormatDarkMachinesLine(event);
    Event back;
    ASSERT_TRUE(ParseDarkMachinesLine(line, &back).ok()) << line;
    ASSERT_TRUE(back == event) << line;
  }
}

TEST(DarkMachinesWriterTest, RefusesInvalidEventAndLeavesNoFile) {
  const std::string dir = testing::ScratchDir();
  const std::string path = dir + "/out.csv";
  Event event;
  event.event_id = "1";
  event.process_id = "p";
  event.met = 300;
  event.objects.push_back({ObjectType::kJet, 100, std::nan(""), 0, 0});
  {
    absl::StatusOr<std::unique_ptr<DarkMachinesWriter>> writer = DarkMachinesWriter::Create(path);
    ASSERT_TRUE(writer.ok());
    absl::Status status = (*writer)->Write(event);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(status.message(), HasSubstr("object 1 (j): pt = nan: is not finite"));
    event.objects.clear();
    event.process_id = "a;b";
    EXPECT_THAT((*writer)->Write(event).message(), HasSubstr("must not contain ';'"));
    event.process_id = "p";
    event.event_id =
        "\x1f\x8b"
        "1";  // would make the file look gzip-compressed
    EXPECT_THAT((*writer)->Write(event).message(),
                HasSubstr("event id \"\\x1f\\x8b\\x31\" holds a control character"));
    // Destroyed without Close: the partial file goes away and nothing takes the name.
  }
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(path + ".partial"));
}

TEST(DarkMachinesWriterTest, FileAppearsOnlyOnClose) {
  const std::string dir = testing::ScratchDir();
  const std::string path = dir + "/out.csv";
  absl::StatusOr<std::unique_ptr<DarkMachinesWriter>> writer = DarkMachinesWriter::Create(path);
  ASSERT_TRUE(writer.ok());
  Event event;
  event.event_id = "1";
  event.process_id = "p";
  event.met = 300;
  ASSERT_TRUE((*writer)->Write(event).ok());
  EXPECT_FALSE(std::filesystem::exists(path));
  ASSERT_TRUE((*writer)->Close().ok());
  EXPECT_EQ(ReadAll(path).size(), 1u);
  EXPECT_EQ((*writer)->Write(event).code(), absl::StatusCode::kFailedPrecondition);
}

TEST(DarkMachinesWriterTest, AFullDiskIsResourceExhaustedAndLeavesNoFile) {
  // The partial file is a link to /dev/full, whose every write fails with ENOSPC.
  if (!std::filesystem::exists("/dev/full")) GTEST_SKIP() << "no /dev/full here";
  for (const char* name : {"/full.csv", "/full.csv.gz"}) {
    const std::string path = testing::ScratchDir() + name;
    std::filesystem::create_symlink("/dev/full", PartialPath(path));
    absl::StatusOr<std::unique_ptr<DarkMachinesWriter>> writer = DarkMachinesWriter::Create(path);
    ASSERT_TRUE(writer.ok()) << writer.status();
    Event event;
    event.event_id = "1";
    event.process_id = "p";
    event.met = 300;
    absl::Status status;
    for (int i = 0; i < 100000 && status.ok(); ++i) status = (*writer)->Write(event);
    if (status.ok()) status = (*writer)->Close();
    EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted) << name << ": " << status;
    EXPECT_THAT(status.message(), HasSubstr("No space left on device")) << name;
    writer->reset();
    EXPECT_FALSE(std::filesystem::exists(path)) << name;
    EXPECT_FALSE(std::filesystem::exists(std::filesystem::symlink_status(PartialPath(path))))
        << name;
  }
}

TEST(DarkMachinesWriterTest, UnwritableDirectoryIsAnError) {
  absl::StatusOr<std::unique_ptr<DarkMachinesWriter>> writer =
      DarkMachinesWriter::Create("/nonexistent/dir/out.csv");
  ASSERT_FALSE(writer.ok());
  EXPECT_EQ(writer.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(writer.status().message(),
              HasSubstr("/nonexistent/dir/out.csv: cannot create: No such file or directory"));
}

}  // namespace
}  // namespace latentspace
