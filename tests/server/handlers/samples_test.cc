// Tests of an upload's protocol without gRPC (server/handlers/samples.h) over a real store: a
// complete upload is committed with its events and then listed and found, a table with its columns
// and read back by column name (server/models/stored_rows.h); every misplaced chunk,
// a bad event, an upload past the bound and one that ends early are refused naming what was wrong,
// and leave nothing stored.
#include "server/handlers/samples.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/models/stored_rows.h"
#include "tests/server/store/store_testing.h"
#include "tests/testing/proto_events.h"

namespace latentspace::server::handlers {
namespace {

using ::testing::HasSubstr;

v1::UploadSampleRequest Chunk(int events, bool complete, const std::string& header_name = "") {
  v1::UploadSampleRequest chunk;
  if (!header_name.empty()) {
    chunk.mutable_header()->set_name(header_name);
    (*chunk.mutable_header()->mutable_parameters())["mgluino"] = 1400;
  }
  for (int i = 0; i < events; ++i) {
    v1::Event* event = chunk.add_events();
    event->set_met(100 + i);
    v1::PhysicsObject* jet = event->add_objects();
    jet->set_type(v1::OBJECT_TYPE_JET);
    jet->set_pt(250 + i);
    jet->set_e(400 + i);
  }
  chunk.set_complete(complete);
  return chunk;
}

class SamplesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = store::testing::OpenScratchStore();
    ASSERT_NE(store_, nullptr);
  }

  // Feeds `chunks` to a new upload, then commits it unless a chunk was refused; the first error
  // (after which the upload is aborted, as the service does), or the stored sample.
  absl::StatusOr<v1::Sample> Upload(const std::vector<v1::UploadSampleRequest>& chunks,
                                    int64_t max_events = 1000) {
    SampleUpload upload(store_.get(), max_events);
    for (const v1::UploadSampleRequest& chunk : chunks) {
      if (absl::Status status = upload.TakeChunk(chunk); !status.ok()) {
        upload.Abort();
        return status;
      }
    }
    absl::StatusOr<v1::Sample> stored = upload.Commit();
    if (!stored.ok()) upload.Abort();
    return stored;
  }

  // Refused with `code` and a message holding `message`, and nothing stored.
  void ExpectRefused(const std::vector<v1::UploadSampleRequest>& chunks, absl::StatusCode code,
                     const std::string& message, int64_t max_events = 1000) {
    absl::StatusOr<v1::Sample> stored = Upload(chunks, max_events);
    EXPECT_EQ(stored.status().code(), code) << stored.status();
    EXPECT_THAT(stored.status().message(), HasSubstr(message));
    absl::StatusOr<v1::ListSamplesResponse> listed = ListSamples(*store_);
    ASSERT_TRUE(listed.ok()) << listed.status();
    EXPECT_EQ(listed->samples_size(), 0) << message;
  }

  std::unique_ptr<store::Store> store_;
};

TEST_F(SamplesTest, ACompleteUploadIsCommittedWithItsEventsThenListedAndFound) {
  absl::StatusOr<v1::Sample> stored = Upload({Chunk(2, false, "gluino"), Chunk(3, true)});
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->name(), "gluino");
  EXPECT_EQ(stored->num_events(), 5);
  EXPECT_EQ(stored->source_format(), "api");
  EXPECT_EQ(stored->parameters().at("mgluino"), 1400);
  EXPECT_GT(stored->stored_bytes(), 0);
  absl::StatusOr<v1::ListSamplesResponse> listed = ListSamples(*store_);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->samples_size(), 1);
  EXPECT_EQ(listed->samples(0).checksum(), stored->checksum());
  v1::GetSampleRequest get;
  get.set_name("gluino");
  absl::StatusOr<v1::Sample> found = GetSample(*store_, get);
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->num_events(), 5);
  EXPECT_EQ(found->level(), v1::EVENT_LEVEL_DETECTOR);  // none given: detector
  get.set_name("squark");
  EXPECT_EQ(GetSample(*store_, get).status().code(), absl::StatusCode::kNotFound);
}

// A chunk of `rows` table rows of columns a, b, c: row r holds first_row + r, then 0.1 and 0.2
// more.
v1::UploadSampleRequest TableChunk(int rows, int first_row, bool complete,
                                   const std::string& header_name = "") {
  v1::UploadSampleRequest chunk;
  if (!header_name.empty()) chunk.mutable_header()->set_name(header_name);
  v1::FeatureTable* table = chunk.mutable_table();
  for (const char* column : {"a", "b", "c"}) table->add_columns(column);
  for (int r = 0; r < rows; ++r) {
    for (double offset : {0.0, 0.1, 0.2}) {
      const double value = first_row + r + offset;
      table->mutable_values()->append(reinterpret_cast<const char*>(&value), sizeof(value));
    }
  }
  chunk.set_complete(complete);
  return chunk;
}

TEST_F(SamplesTest, ATableIsStoredWithItsColumnsAndReadBackByColumnName) {
  absl::StatusOr<v1::Sample> stored =
      Upload({TableChunk(2, 0, false, "tab"), TableChunk(3, 2, true)});
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->num_events(), 5);
  EXPECT_THAT(stored->columns(), ::testing::ElementsAre("a", "b", "c"));
  // Columns c and a, in that order, of every row, with each row's position and id.
  const FeaturePreset preset = *FeaturePreset::Get("columns:c,a");
  std::vector<std::vector<double>> rows;
  std::vector<std::string> ids;
  ExtractionCounts counts;
  ASSERT_TRUE(ForEachStoredRow(
                  *store_, "tab", preset, {}, [] { return false; },
                  [&](int64_t index, absl::string_view id, absl::Span<const double> row) {
                    EXPECT_EQ(index, static_cast<int64_t>(rows.size()));
                    rows.emplace_back(row.begin(), row.end());
                    ids.emplace_back(id);
                  },
                  &counts)
                  .ok());
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_THAT(rows[3], ::testing::ElementsAre(3.2, 3.0));
  EXPECT_THAT(ids, ::testing::ElementsAre("1", "2", "3", "4", "5"));
  EXPECT_EQ(counts.accepted, 5);
  // A preset the table cannot serve, and a table preset over a sample of events.
  const absl::Status missing = ForEachStoredRow(
      *store_, "tab", *FeaturePreset::Get("columns:a,d"), {}, [] { return false; },
      [](int64_t, absl::string_view, absl::Span<const double>) {});
  EXPECT_EQ(missing.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(missing.message(), HasSubstr("sample 'tab' (a table) has no column 'd'"));
  ASSERT_TRUE(Upload({Chunk(2, true, "events")}).ok());
  const absl::Status events = ForEachStoredRow(
      *store_, "events", preset, {}, [] { return false; },
      [](int64_t, absl::string_view, absl::Span<const double>) {});
  EXPECT_EQ(events.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(events.message(), HasSubstr("sample 'events' holds events, not a feature table"));
}

TEST_F(SamplesTest, ALevelIsStoredAsGivenAndOneOutsideTheEnumIsRefused) {
  v1::UploadSampleRequest chunk = Chunk(2, true, "showered");
  chunk.mutable_header()->set_level(v1::EVENT_LEVEL_TRUTH);
  absl::StatusOr<v1::Sample> stored = Upload({chunk});
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->level(), v1::EVENT_LEVEL_TRUTH);
  ASSERT_TRUE(store_->DeleteSample("showered").ok());
  chunk.mutable_header()->set_level(static_cast<v1::EventLevel>(9));
  ExpectRefused({chunk}, absl::StatusCode::kInvalidArgument,
                "field 'header.level': 9 is not an EventLevel");
}

TEST_F(SamplesTest, EachMisplacedChunkIsNamedAndNothingIsStored) {
  ExpectRefused({Chunk(2, true)}, absl::StatusCode::kInvalidArgument,
                "the first chunk of an upload must carry the header");
  ExpectRefused({Chunk(2, false, "a"), Chunk(1, true, "a")}, absl::StatusCode::kInvalidArgument,
                "chunk 2 carries a header; only the first may");
  ExpectRefused({Chunk(2, true, "a"), Chunk(1, false)}, absl::StatusCode::kInvalidArgument,
                "chunk 2 follows the chunk marked complete");
  ExpectRefused({Chunk(2, false, "a")}, absl::StatusCode::kInvalidArgument,
                "ended after 2 events without a chunk marked complete");
  ExpectRefused({}, absl::StatusCode::kInvalidArgument, "empty upload");
  ExpectRefused({Chunk(0, true, "a")}, absl::StatusCode::kInvalidArgument,
                "sample 'a' has no events");
  ExpectRefused({Chunk(3, false, "a"), Chunk(3, true)}, absl::StatusCode::kResourceExhausted,
                "sample 'a' exceeds 5 events", 5);
  ExpectRefused({Chunk(1, true, "../a")}, absl::StatusCode::kInvalidArgument, "../a");
}

TEST_F(SamplesTest, ABadEventIsNamedByItsChunkAndIndex) {
  std::vector<v1::UploadSampleRequest> chunks = {Chunk(2, false, "a"), Chunk(3, true)};
  chunks[1].mutable_events(2)->mutable_objects(0)->set_pt(-1);
  ExpectRefused(chunks, absl::StatusCode::kInvalidArgument, "chunk 2 event 2: object 1");
}

using testing::AsColumns;

TEST_F(SamplesTest, ColumnsStoreTheSameSampleAsMessagesAndPositionsRunOnAcrossChunks) {
  absl::StatusOr<v1::Sample> rows = Upload({Chunk(2, false, "a"), Chunk(3, false), Chunk(4, true)});
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_TRUE(store_->DeleteSample("a").ok());
  absl::StatusOr<v1::Sample> columns = Upload(
      {AsColumns(Chunk(2, false, "a")), AsColumns(Chunk(3, false)), AsColumns(Chunk(4, true))});
  ASSERT_TRUE(columns.ok()) << columns.status();
  EXPECT_EQ(columns->num_events(), 9);
  EXPECT_EQ(columns->checksum(), rows->checksum());
  ASSERT_TRUE(store_->DeleteSample("a").ok());
  // A chunk of both: its messages are stored first, then its columns.
  v1::UploadSampleRequest both = AsColumns(Chunk(4, true));
  *both.add_events() = Chunk(3, false).events(0);
  *both.add_events() = Chunk(3, false).events(1);
  *both.add_events() = Chunk(3, false).events(2);
  absl::StatusOr<v1::Sample> mixed = Upload({Chunk(2, false, "a"), both});
  ASSERT_TRUE(mixed.ok()) << mixed.status();
  EXPECT_EQ(mixed->num_events(), 9);
  EXPECT_EQ(mixed->checksum(), rows->checksum());
}

TEST_F(SamplesTest, BadColumnsAreNamedByTheirChunkAndNothingIsStored) {
  v1::UploadSampleRequest short_pt = AsColumns(Chunk(3, true));
  short_pt.mutable_columns()->mutable_pt()->resize(16);
  ExpectRefused({Chunk(2, false, "a"), short_pt}, absl::StatusCode::kInvalidArgument,
                "chunk 2: column pt holds 16 bytes; 3 objects");
  v1::UploadSampleRequest bad_type = AsColumns(Chunk(3, true));
  (*bad_type.mutable_columns()->mutable_object_types())[2] = 8;
  ExpectRefused({Chunk(2, false, "a"), bad_type}, absl::StatusCode::kInvalidArgument,
                "chunk 2 event 2: object 1: column object_types: type = 8");
  ExpectRefused({Chunk(3, false, "a"), AsColumns(Chunk(3, true))},
                absl::StatusCode::kResourceExhausted, "sample 'a' exceeds 5 events", 5);
}

TEST_F(SamplesTest, ASecondUploadOfANameIsRefusedUnlessItAsksToOverwrite) {
  ASSERT_TRUE(Upload({Chunk(2, true, "a")}).ok());
  EXPECT_EQ(Upload({Chunk(3, true, "a")}).status().code(), absl::StatusCode::kAlreadyExists);
  v1::UploadSampleRequest overwrite = Chunk(3, true, "a");
  overwrite.mutable_header()->set_overwrite(true);
  absl::StatusOr<v1::Sample> stored = Upload({overwrite});
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->num_events(), 3);
}

}  // namespace
}  // namespace latentspace::server::handlers
