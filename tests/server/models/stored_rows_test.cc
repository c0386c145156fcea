// Tests of server/models/stored_rows: a sample stored in the binary form of today's uploads and the
// same events stored as Dark Machines CSV (as latentd stored every sample before schema 6) give the
// same feature rows, with the events' ids.
#include "server/models/stored_rows.h"

#include <memory>
#include <string>
#include <vector>

#include "core/events/darkmachines_writer.h"
#include "core/events/event_blob.h"
#include "core/events/event_reader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/store/store.h"
#include "tests/testing/paths.h"

namespace latentspace::server {
namespace {

// Stores `bytes` as sample `name` of `events` events.
void StoreSample(store::Store& store, const std::string& name, const std::string& bytes,
                 int64_t events) {
  absl::StatusOr<std::unique_ptr<store::BlobWriter>> blob = store.BeginSampleUpload();
  ASSERT_TRUE(blob.ok()) << blob.status();
  ASSERT_TRUE((*blob)->Append(bytes).ok());
  store::SampleRecord record;
  record.name = name;
  record.source_format = "darkmachines";
  record.num_events = events;
  ASSERT_TRUE(store.CommitSample(*std::move(blob), std::move(record), false).ok());
}

struct Rows {
  std::vector<std::string> ids;
  std::vector<std::vector<double>> rows;
};

Rows ReadRows(store::Store& store, const std::string& sample, const FeaturePreset& preset) {
  Rows read;
  const absl::Status status = ForEachStoredRow(
      store, sample, preset, FeatureOptions{}, [] { return false; },
      [&](int64_t, absl::string_view id, absl::Span<const double> row) {
        read.ids.emplace_back(id);
        read.rows.emplace_back(row.begin(), row.end());
      });
  EXPECT_TRUE(status.ok()) << status;
  return read;
}

TEST(StoredRowsTest, BinaryAndCsvBlobsOfTheSameEventsGiveTheSameRows) {
  absl::StatusOr<std::vector<Event>> events =
      ReadEventFile(testing::BundledDataDir() + "/monojet_Zp2000.0_DM_50.0_chan1.csv.gz",
                    EventFormat::kDarkMachines);
  ASSERT_TRUE(events.ok()) << events.status();
  std::string binary;
  std::string csv;
  AppendEventBlobHeader("zprime", &binary);
  for (Event& event : *events) {
    AppendEventRecord(event, &binary);
    event.process_id = "zprime";
    csv += FormatDarkMachinesLine(event) + "\n";
  }
  absl::StatusOr<std::unique_ptr<store::Store>> store =
      store::Store::Open(testing::ScratchDir() + "/data");
  ASSERT_TRUE(store.ok()) << store.status();
  const auto count = static_cast<int64_t>(events->size());
  StoreSample(**store, "binary", binary, count);
  StoreSample(**store, "csv", csv, count);
  absl::StatusOr<FeaturePreset> preset = FeaturePreset::Get("darkmachines");
  ASSERT_TRUE(preset.ok());
  const Rows from_binary = ReadRows(**store, "binary", *preset);
  const Rows from_csv = ReadRows(**store, "csv", *preset);
  EXPECT_GT(from_binary.rows.size(), 100u);
  EXPECT_EQ(from_binary.rows, from_csv.rows);
  EXPECT_EQ(from_binary.ids, from_csv.ids);
  EXPECT_EQ(from_binary.ids.front(), (*events)[0].event_id);
}

}  // namespace
}  // namespace latentspace::server
