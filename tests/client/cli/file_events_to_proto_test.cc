// Tests of client/cli/file_events_to_proto: object types, and a bundled Dark Machines file read
// into proto events in GeV, in chunks.
#include "client/cli/file_events_to_proto.h"

#include <cmath>

#include "gtest/gtest.h"
#include "tests/testing/paths.h"

namespace latentspace::cli {
namespace {

TEST(CliEventConversionTest, EveryObjectTypeMaps) {
  EXPECT_EQ(ToProtoObjectType(ObjectType::kJet), v1::OBJECT_TYPE_JET);
  EXPECT_EQ(ToProtoObjectType(ObjectType::kBJet), v1::OBJECT_TYPE_BJET);
  EXPECT_EQ(ToProtoObjectType(ObjectType::kElectron), v1::OBJECT_TYPE_ELECTRON);
  EXPECT_EQ(ToProtoObjectType(ObjectType::kPositron), v1::OBJECT_TYPE_POSITRON);
  EXPECT_EQ(ToProtoObjectType(ObjectType::kMuon), v1::OBJECT_TYPE_MUON);
  EXPECT_EQ(ToProtoObjectType(ObjectType::kAntiMuon), v1::OBJECT_TYPE_ANTIMUON);
  EXPECT_EQ(ToProtoObjectType(ObjectType::kPhoton), v1::OBJECT_TYPE_PHOTON);
}

TEST(CliEventConversionTest, EventFieldsCarryOver) {
  Event event;
  event.event_id = "42";
  event.process_id = "ttbar";
  event.weight = 0.5;
  event.met = 250;
  event.met_phi = -1;
  event.objects.push_back({ObjectType::kMuon, 100, 90, 0.1, 0.2});
  v1::Event proto;
  proto.set_event_id("stale");
  ToProtoEvent(event, &proto);
  EXPECT_EQ(proto.event_id(), "42");
  EXPECT_EQ(proto.weight(), 0.5);
  EXPECT_EQ(proto.met(), 250);
  EXPECT_EQ(proto.met_phi(), -1);
  ASSERT_EQ(proto.objects_size(), 1);
  EXPECT_EQ(proto.objects(0).type(), v1::OBJECT_TYPE_MUON);
  EXPECT_EQ(proto.objects(0).e(), 100);
  EXPECT_EQ(proto.objects(0).pt(), 90);
  EXPECT_EQ(proto.objects(0).eta(), 0.1);
  EXPECT_EQ(proto.objects(0).phi(), 0.2);
}

TEST(CliEventConversionTest, BundledFileInChunksInGeV) {
  const std::string path = testing::BundledDataDir() + "/background_chan1_7.79_reduced.csv.gz";
  absl::StatusOr<std::unique_ptr<EventReader>> reader =
      OpenEventReader(path, EventFormat::kDarkMachines);
  ASSERT_TRUE(reader.ok()) << reader.status();
  std::vector<Event> read;
  ASSERT_TRUE(*ReadEvents(**reader, 300, &read));
  ASSERT_EQ(read.size(), 300u);
  std::vector<v1::Event> first(read.size());
  for (size_t i = 0; i < read.size(); ++i) ToProtoEvent(read[i], &first[i]);
  std::vector<Event> rest;
  int64_t chunks = 1;
  for (bool more = true; more; ++chunks) more = *ReadEvents(**reader, 300, &rest);
  EXPECT_EQ(first.size() + rest.size(), 700u);  // the file's events (see inspect's test)
  EXPECT_EQ(chunks, 3);                         // 300 + 300 + 100, the end seen by the last read

  // The same events straight from the reader, converted by hand, in GeV.
  absl::StatusOr<std::vector<Event>> events = ReadEventFile(path, EventFormat::kDarkMachines);
  ASSERT_TRUE(events.ok());
  bool b_jets = false;
  for (size_t i = 0; i < first.size(); ++i) {
    const Event& event = (*events)[i];
    const v1::Event& proto = first[i];
    EXPECT_EQ(proto.met(), event.met);
    EXPECT_GE(proto.met(), 200.0);    // channel 1: MET >= 200 GeV (the file says 2e5 MeV)
    EXPECT_LT(proto.met(), 14000.0);  // GeV, not MeV
    ASSERT_EQ(proto.objects_size(), static_cast<int>(event.objects.size()));
    for (int j = 0; j < proto.objects_size(); ++j) {
      EXPECT_EQ(proto.objects(j).type(), ToProtoObjectType(event.objects[j].type));
      EXPECT_EQ(proto.objects(j).pt(), event.objects[j].pt);
      EXPECT_LE(std::abs(proto.objects(j).phi()), M_PI);
      b_jets |= proto.objects(j).type() == v1::OBJECT_TYPE_BJET;
    }
  }
  EXPECT_TRUE(b_jets);
}

TEST(CliEventConversionTest, ReaderErrorsNameTheLine) {
  const std::string path =
      testing::SourcePath("tests/core/events/testdata/malformed/26_error_on_later_line.csv");
  absl::StatusOr<std::unique_ptr<EventReader>> reader =
      OpenEventReader(path, EventFormat::kDarkMachines);
  ASSERT_TRUE(reader.ok());
  std::vector<Event> chunk;
  const absl::Status status = ReadEvents(**reader, 1000, &chunk).status();
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.message().find(path + ":4:"), absl::string_view::npos) << status;
}

}  // namespace
}  // namespace latentspace::cli
