// Tests of core/events/event_blob: real events stored as records read back exactly, with the blob's
// process id; a blob cut anywhere or holding an impossible object type is DATA_LOSS naming the
// file and the event; a blob without the magic line is read as the Dark Machines CSV stored before.
#include "core/events/event_blob.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/paths.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;

// Every event the stored blob at `path` holds, or the first error.
absl::StatusOr<std::vector<Event>> ReadStored(const std::string& path) {
  absl::StatusOr<std::unique_ptr<EventReader>> reader = OpenStoredEvents(path);
  if (!reader.ok()) return reader.status();
  std::vector<Event> events;
  Event event;
  for (;;) {
    absl::StatusOr<bool> more = (*reader)->Next(&event);
    if (!more.ok()) return more.status();
    if (!*more) return events;
    events.push_back(event);
  }
}

std::vector<Event> RealEvents() {
  absl::StatusOr<std::vector<Event>> events =
      ReadEventFile(testing::BundledDataDir() + "/glgl1400_neutralino1100_chan1.csv.gz",
                    EventFormat::kDarkMachines);
  EXPECT_TRUE(events.ok()) << events.status();
  return events.value_or(std::vector<Event>{});
}

TEST(EventBlobTest, RealEventsReadBackExactlyWithTheBlobsProcessId) {
  std::vector<Event> events = RealEvents();
  ASSERT_GT(events.size(), 1000u);
  std::string blob;
  AppendEventBlobHeader("gluino_1400_1100", &blob);
  for (Event& event : events) {
    AppendEventRecord(event, &blob);
    event.process_id = "gluino_1400_1100";
  }
  const std::string path = testing::WriteFile(testing::ScratchDir() + "/blob", blob);
  absl::StatusOr<std::vector<Event>> stored = ReadStored(path);
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_TRUE(*stored == events);
  // One record on its own.
  std::string record;
  AppendEventRecord(events[7], &record);
  absl::StatusOr<Event> parsed = ParseEventRecord(record);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->objects, events[7].objects);
  EXPECT_EQ(parsed->event_id, events[7].event_id);
  EXPECT_THAT(ParseEventRecord(record + "x").status().message(), HasSubstr("bytes after its end"));
}

TEST(EventBlobTest, ABlobCutAnywhereOrCorruptIsDataLoss) {
  const std::string dir = testing::ScratchDir();
  std::vector<Event> events = RealEvents();
  events.resize(3);
  std::string blob;
  AppendEventBlobHeader("s", &blob);
  for (const Event& event : events) AppendEventRecord(event, &blob);
  int refused = 0;
  for (size_t cut = sizeof(kEventBlobMagic) - 1; cut < blob.size(); ++cut) {
    const std::string path = testing::WriteFile(dir + "/cut", blob.substr(0, cut));
    absl::StatusOr<std::vector<Event>> read = ReadStored(path);
    // A cut at a record's boundary leaves fewer whole events; any other cut is refused.
    if (read.ok()) {
      EXPECT_LT(read->size(), events.size()) << cut;
      continue;
    }
    ++refused;
    EXPECT_EQ(read.status().code(), absl::StatusCode::kDataLoss) << read.status();
    EXPECT_THAT(read.status().message(), HasSubstr(path + ": stored events, "));
  }
  EXPECT_EQ(refused, static_cast<int>(blob.size() - (sizeof(kEventBlobMagic) - 1)) - 3);
  // The first object's type byte of the first event made impossible.
  std::string bad_type = blob;
  const size_t header = sizeof(kEventBlobMagic) - 1 + 4 + 1;
  const size_t type_at = header + 4 + events[0].event_id.size() + 3 * 8 + 4;
  bad_type[type_at] = 9;
  absl::StatusOr<std::vector<Event>> read =
      ReadStored(testing::WriteFile(dir + "/bad_type", bad_type));
  EXPECT_THAT(read.status().message(), HasSubstr("event 1: an object type no writer gives"));
}

TEST(EventBlobTest, ABlobStoredBeforeIsReadAsDarkMachinesCsv) {
  const std::string path = testing::WriteFile(testing::ScratchDir() + "/old",
                                              "7;s;1;250000;0.5;j,120000,100000,0.3,0.1;\n");
  absl::StatusOr<std::vector<Event>> read = ReadStored(path);
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_EQ(read->size(), 1u);
  EXPECT_EQ((*read)[0].met, 250);  // MeV made GeV
  EXPECT_EQ((*read)[0].process_id, "s");
  EXPECT_EQ(OpenStoredEvents(testing::ScratchDir() + "/missing").status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace latentspace
