// Tests of an upload's checks (server/validation/sample_upload): the header's name and parameters,
// and real Dark Machines events turned into the records the sample stores, which read back as those
// events.
#include "server/validation/sample_upload.h"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "core/events/event_blob.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/paths.h"
#include "tests/testing/proto_events.h"

namespace latentspace::server {
namespace {

using ::testing::HasSubstr;

TEST(SampleUploadTest, HeaderNeedsAValidNameAndFiniteNamedParameters) {
  v1::SampleHeader header;
  header.set_name("gluino_1400_1100");
  (*header.mutable_parameters())["mgluino"] = 1400;
  (*header.mutable_parameters())["m_{Z'}"] = 2000;
  EXPECT_TRUE(ValidateSampleHeader(header).ok());
  header.set_name("../x");
  EXPECT_THAT(ValidateSampleHeader(header).message(), HasSubstr("sample name \"../x\" is invalid"));
  header.set_name("gluino_1400_1100");
  (*header.mutable_parameters())[" mgluino"] = 1;
  EXPECT_THAT(ValidateSampleHeader(header).message(), HasSubstr("parameter name \" mgluino\""));
  header.mutable_parameters()->erase(" mgluino");
  (*header.mutable_parameters())["mneutralino"] = std::numeric_limits<double>::infinity();
  const absl::Status status = ValidateSampleHeader(header);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("theory parameter 'mneutralino' = inf is not finite"));
}

TEST(SampleUploadTest, RealEventsAreStoredAsRecordsThatReadBackExactly) {
  absl::StatusOr<std::vector<v1::Event>> events =
      testing::ReadProtoEvents(testing::BundledDataDir() + "/glgl1400_neutralino1100_chan1.csv.gz");
  ASSERT_TRUE(events.ok()) << events.status();
  ASSERT_GT(events->size(), 1000u);
  for (size_t i = 0; i < events->size(); ++i) {
    const v1::Event& sent = (*events)[i];
    absl::StatusOr<std::string> record = UploadedEventRecord(sent, "chunk 1 event 0", "1");
    ASSERT_TRUE(record.ok()) << record.status();
    absl::StatusOr<Event> read = ParseEventRecord(*record);
    ASSERT_TRUE(read.ok()) << read.status();
    const Event& stored = *read;
    EXPECT_EQ(stored.event_id, sent.event_id());
    EXPECT_EQ(stored.met, sent.met());
    ASSERT_EQ(stored.objects.size(), static_cast<size_t>(sent.objects_size()));
    for (int o = 0; o < sent.objects_size(); ++o) {
      EXPECT_EQ(stored.objects[o].e, sent.objects(o).e());
      EXPECT_EQ(stored.objects[o].pt, sent.objects(o).pt());
      EXPECT_EQ(stored.objects[o].eta, sent.objects(o).eta());
      EXPECT_EQ(stored.objects[o].phi, sent.objects(o).phi());
    }
  }
}

// Found by tests/fuzz/sample_upload_fuzzer: a GeV value a client computed (not one a reader
// produced) came back one ulp off from the stored sample.
TEST(SampleUploadTest, AnyValueInRangeIsStoredExactly) {
  v1::Event event;
  event.set_met(504.22005776077884);
  v1::PhysicsObject* jet = event.add_objects();
  jet->set_type(v1::OBJECT_TYPE_JET);
  jet->set_e(9.770595850657146e-61);
  jet->set_pt(382.20000000000005);
  absl::StatusOr<std::string> record = UploadedEventRecord(event, "chunk 1 event 0", "7");
  ASSERT_TRUE(record.ok()) << record.status();
  absl::StatusOr<Event> stored = ParseEventRecord(*record);
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->event_id, "7");
  EXPECT_EQ(stored->weight, 1);  // 0 reads as 1
  EXPECT_EQ(stored->met, event.met());
  EXPECT_EQ(stored->objects[0].e, jet->e());
  EXPECT_EQ(stored->objects[0].pt, jet->pt());
}

TEST(SampleUploadTest, BadEventsAreRefusedNamingWhere) {
  v1::Event event;
  event.set_event_id("4;2");
  absl::StatusOr<std::string> record = UploadedEventRecord(event, "chunk 3 event 9", "1");
  EXPECT_EQ(record.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(record.status().message(),
              HasSubstr("chunk 3 event 9: event_id may not contain ';', ',' or a line break"));
  event.set_event_id("42");
  event.add_objects()->set_type(v1::OBJECT_TYPE_UNSPECIFIED);
  EXPECT_THAT(UploadedEventRecord(event, "chunk 3 event 9", "1").status().message(),
              HasSubstr("chunk 3 event 9: object 1: type = 0 is not an object type"));
  event.mutable_objects(0)->set_type(v1::OBJECT_TYPE_MUON);
  event.mutable_objects(0)->set_pt(-5);
  EXPECT_THAT(UploadedEventRecord(event, "chunk 3 event 9", "1").status().message(),
              HasSubstr("chunk 3 event 9: object 1 (m-): pt = -5: is negative"));
}

}  // namespace
}  // namespace latentspace::server
