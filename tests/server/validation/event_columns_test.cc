// Tests of events sent as columns (server/validation/event_columns.h, with the SDK's
// EventColumnsBuilder and latentctl's file conversion): real events built into columns read back
// as the same events as when sent one message each; every column of the wrong length, and every
// bad value, is refused naming the column (or the event, object and field); absent weights and ids
// read as 1 and as positions.
#include "server/validation/event_columns.h"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "client/cli/file_events_to_proto.h"
#include "client/sdk/event_columns.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/validation/proto_events_to_core.h"
#include "tests/testing/paths.h"

namespace latentspace::server {
namespace {

using ::testing::HasSubstr;

// Two events: a jet and a muon, then nothing; ids "a" and "b".
v1::EventColumns TwoEvents() {
  v1::EventColumns columns;
  EventColumnsBuilder builder(&columns);
  builder.AddObject(v1::OBJECT_TYPE_JET, 120, 100, 0.5, 1.0);
  builder.AddObject(v1::OBJECT_TYPE_MUON, 40, 30, -1.2, -2.0);
  builder.EndEvent(55, 0.3, 2.5, "a");
  builder.EndEvent(10, -0.1, 1, "b");
  return columns;
}

absl::Status OpenStatus(const v1::EventColumns& columns) {
  return EventColumnsView::Open(columns, "chunk 2").status();
}

// Event i of `columns` or its error.
absl::StatusOr<Event> EventAt(const v1::EventColumns& columns, int64_t i) {
  absl::StatusOr<EventColumnsView> view = EventColumnsView::Open(columns, "chunk 2");
  if (!view.ok()) return view.status();
  return view->Get(i, "chunk 2 event " + std::to_string(i), std::to_string(i + 1));
}

TEST(EventColumnsTest, RealEventsReadBackAsTheSameEventsAsMessagesGive) {
  const std::string path = testing::BundledDataDir() + "/glgl1400_neutralino1100_chan1.csv.gz";
  absl::StatusOr<std::unique_ptr<EventReader>> reader =
      OpenEventReader(path, EventFormat::kDarkMachines);
  ASSERT_TRUE(reader.ok()) << reader.status();
  v1::EventColumns columns;
  absl::StatusOr<bool> more = cli::ReadEventColumns(**reader, 1 << 30, &columns);
  ASSERT_TRUE(more.ok()) << more.status();
  absl::StatusOr<std::vector<Event>> file = ReadEventFile(path, EventFormat::kDarkMachines);
  ASSERT_TRUE(file.ok()) << file.status();
  absl::StatusOr<EventColumnsView> view = EventColumnsView::Open(columns, "columns");
  ASSERT_TRUE(view.ok()) << view.status();
  ASSERT_EQ(view->size(), static_cast<int64_t>(file->size()));
  ASSERT_GT(view->size(), 1000);
  for (int64_t i = 0; i < view->size(); ++i) {
    v1::Event message;
    cli::ToProtoEvent((*file)[i], &message);
    absl::StatusOr<Event> from_message = EventFromProto(message, "event", std::to_string(i + 1));
    absl::StatusOr<Event> from_columns = view->Get(i, "event", std::to_string(i + 1));
    ASSERT_TRUE(from_message.ok()) << from_message.status();
    ASSERT_TRUE(from_columns.ok()) << from_columns.status();
    ASSERT_EQ(*from_columns, *from_message) << "event " << i;
  }
}

TEST(EventColumnsTest, IdsAndWeightsMayBeLeftOut) {
  v1::EventColumns columns = TwoEvents();
  columns.clear_weight();
  columns.clear_event_ids();
  absl::StatusOr<Event> second = EventAt(columns, 1);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->event_id, "2");
  EXPECT_EQ(second->weight, 1);
  EXPECT_TRUE(second->objects.empty());
  absl::StatusOr<Event> first = EventAt(TwoEvents(), 0);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->event_id, "a");
  EXPECT_EQ(first->weight, 2.5);
  ASSERT_EQ(first->objects.size(), 2u);
  EXPECT_EQ(first->objects[1].type, ObjectType::kMuon);
  EXPECT_EQ(first->objects[1].phi, -2.0);
}

TEST(EventColumnsTest, TheBuilderSendsIdsOnlyOnceOneEventHasOne) {
  v1::EventColumns columns;
  EventColumnsBuilder builder(&columns);
  builder.EndEvent(1, 0, 1, "");
  EXPECT_EQ(columns.event_ids_size(), 0);
  builder.EndEvent(1, 0, 1, "x");
  builder.EndEvent(1, 0, 1, "");
  ASSERT_EQ(columns.event_ids_size(), 3);
  EXPECT_EQ(columns.event_ids(0), "");
  EXPECT_EQ(columns.event_ids(1), "x");
  EXPECT_EQ(builder.events(), 3);
  EXPECT_EQ(EventColumnsSize(columns), 3);
  absl::StatusOr<Event> first = EventAt(columns, 0);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->event_id, "1");
}

TEST(EventColumnsTest, AColumnOfTheWrongLengthIsNamed) {
  struct Case {
    const char* what;
    void (*damage)(v1::EventColumns*);
    const char* message;
  };
  const Case cases[] = {
      {"counts not whole", [](v1::EventColumns* c) { c->mutable_object_counts()->push_back('x'); },
       "chunk 2: column object_counts holds 9 bytes, not a whole number of uint32 counts"},
      {"one type short", [](v1::EventColumns* c) { c->mutable_object_types()->pop_back(); },
       "chunk 2: column object_types holds 1 bytes; 2 objects (the sum of object_counts) need 2"},
      {"pt short", [](v1::EventColumns* c) { c->mutable_pt()->resize(12); },
       "column pt holds 12 bytes; 2 objects (the sum of object_counts) need 16 (8 bytes each)"},
      {"phi long", [](v1::EventColumns* c) { c->mutable_phi()->append(8, '\0'); },
       "column phi holds 24 bytes"},
      {"met short", [](v1::EventColumns* c) { c->mutable_met()->resize(8); },
       "column met holds 8 bytes; 2 events need 16"},
      {"met_phi missing", [](v1::EventColumns* c) { c->clear_met_phi(); },
       "column met_phi holds 0 bytes; 2 events need 16"},
      {"weight short", [](v1::EventColumns* c) { c->mutable_weight()->resize(4); },
       "column weight holds 4 bytes; 2 events need 16"},
      {"an id too many", [](v1::EventColumns* c) { c->add_event_ids("c"); },
       "column event_ids holds 3 ids for 2 events (give one per event or none)"},
      {"counts claim more objects",
       [](v1::EventColumns* c) { c->mutable_object_counts()->assign("\3\0\0\0\0\0\0\0", 8); },
       "column object_types holds 2 bytes; 3 objects"},
  };
  for (const Case& c : cases) {
    v1::EventColumns columns = TwoEvents();
    c.damage(&columns);
    const absl::Status status = OpenStatus(columns);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.what;
    EXPECT_THAT(status.message(), HasSubstr(c.message)) << c.what;
  }
}

// Overwrites value `index` of a packed double column.
void SetDouble(std::string* column, size_t index, double value) {
  column->replace(index * sizeof(double), sizeof(double), reinterpret_cast<const char*>(&value),
                  sizeof(double));
}

TEST(EventColumnsTest, ABadValueIsNamedByEventObjectAndField) {
  struct Case {
    const char* what;
    void (*damage)(v1::EventColumns*);
    int64_t event;
    const char* message;
  };
  const Case cases[] = {
      {"negative pt", [](v1::EventColumns* c) { SetDouble(c->mutable_pt(), 1, -5); }, 0,
       "chunk 2 event 0: object 2 (m-): pt = -5"},
      {"nan eta",
       [](v1::EventColumns* c) {
         SetDouble(c->mutable_eta(), 0, std::numeric_limits<double>::quiet_NaN());
       },
       0, "chunk 2 event 0: object 1 (j): eta = nan"},
      {"type 9", [](v1::EventColumns* c) { (*c->mutable_object_types())[1] = 9; }, 0,
       "chunk 2 event 0: object 2: column object_types: type = 9 is not an object type (1..7)"},
      {"type 0", [](v1::EventColumns* c) { (*c->mutable_object_types())[0] = 0; }, 0,
       "object 1: column object_types: type = 0"},
      {"infinite met",
       [](v1::EventColumns* c) {
         SetDouble(c->mutable_met(), 1, std::numeric_limits<double>::infinity());
       },
       1, "chunk 2 event 1: met = inf"},
      {"phi beyond pi", [](v1::EventColumns* c) { SetDouble(c->mutable_met_phi(), 1, 4); }, 1,
       "chunk 2 event 1: met_phi = 4"},
      {"control character in id", [](v1::EventColumns* c) { c->set_event_ids(1, "b\x01"); }, 1,
       "chunk 2 event 1: event id \"b\\x01\""},
  };
  for (const Case& c : cases) {
    v1::EventColumns columns = TwoEvents();
    c.damage(&columns);
    const absl::StatusOr<Event> event = EventAt(columns, c.event);
    EXPECT_EQ(event.status().code(), absl::StatusCode::kInvalidArgument) << c.what;
    EXPECT_THAT(event.status().message(), HasSubstr(c.message)) << c.what;
  }
}

TEST(EventColumnsTest, ABatchOfColumnsGivesTheRowsItsEventsGive) {
  absl::StatusOr<FeaturePreset> gluino = FeaturePreset::Get("gluino");
  ASSERT_TRUE(gluino.ok()) << gluino.status();
  const FeaturePreset& preset = *gluino;
  v1::EventBatch rows;
  v1::EventBatch columns;
  EventColumnsBuilder builder(columns.mutable_columns());
  for (int i = 0; i < 30; ++i) {
    v1::Event* event = rows.mutable_events()->add_events();
    for (int j = 0; j <= i % 4; ++j) {
      v1::PhysicsObject* jet = event->add_objects();
      jet->set_type(v1::OBJECT_TYPE_JET);
      jet->set_pt(50 + 10 * i + j);
      jet->set_e(80 + 12 * i + j);
      jet->set_eta(0.1 * j);
      builder.AddObject(jet->type(), jet->e(), jet->pt(), jet->eta(), jet->phi());
    }
    event->set_met(20 + i);
    builder.EndEvent(event->met(), 0, 0, "");
  }
  ExtractionCounts row_counts;
  ExtractionCounts column_counts;
  std::vector<AcceptedEvent> row_events;
  std::vector<AcceptedEvent> column_events;
  absl::StatusOr<FeatureMatrix> from_rows =
      BatchToFeatureRows(rows, preset, &row_counts, &row_events);
  absl::StatusOr<FeatureMatrix> from_columns =
      BatchToFeatureRows(columns, preset, &column_counts, &column_events);
  ASSERT_TRUE(from_rows.ok()) << from_rows.status();
  ASSERT_TRUE(from_columns.ok()) << from_columns.status();
  EXPECT_EQ(from_columns->values, from_rows->values);
  EXPECT_EQ(column_counts.accepted, row_counts.accepted);
  EXPECT_EQ(column_counts.too_few_jets, row_counts.too_few_jets);
  EXPECT_GT(row_counts.too_few_jets, 0);
  ASSERT_EQ(column_events.size(), row_events.size());
  for (size_t i = 0; i < row_events.size(); ++i) {
    EXPECT_EQ(column_events[i].index, row_events[i].index);
    EXPECT_EQ(column_events[i].id, row_events[i].id);
  }
  EXPECT_TRUE(CheckBatchSize(columns, 30).ok());
  EXPECT_TRUE(absl::IsResourceExhausted(CheckBatchSize(columns, 29)));
  v1::EventBatch empty;
  empty.mutable_columns();
  EXPECT_THAT(BatchToFeatureRows(empty, preset, &column_counts).status().message(),
              HasSubstr("the batch holds no events"));
}

}  // namespace
}  // namespace latentspace::server
