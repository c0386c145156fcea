// Tests of an upload's checks (server/validation/sample_upload): the header's name and parameters,
// and real Dark Machines events turned into the lines the sample stores, which read back as those
// events.
#include "server/validation/sample_upload.h"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "core/events/darkmachines_reader.h"
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

TEST(SampleUploadTest, RealEventsAreStoredAsLinesThatReadBackExactly) {
  absl::StatusOr<std::vector<v1::Event>> events =
      testing::ReadProtoEvents(testing::BundledDataDir() + "/glgl1400_neutralino1100_chan1.csv.gz");
  ASSERT_TRUE(events.ok()) << events.status();
  ASSERT_GT(events->size(), 1000u);
  for (size_t i = 0; i < events->size(); ++i) {
    const v1::Event& sent = (*events)[i];
    absl::StatusOr<std::string> line = UploadedEventLine(sent, "chunk 1 event 0", "1", "gluino");
    ASSERT_TRUE(line.ok()) << line.status();
    Event stored;
    ASSERT_TRUE(ParseDarkMachinesLine(*line, &stored).ok()) << *line;
    EXPECT_EQ(stored.process_id, "gluino");
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
  absl::StatusOr<std::string> line = UploadedEventLine(event, "chunk 1 event 0", "7", "s");
  ASSERT_TRUE(line.ok()) << line.status();
  Event stored;
  ASSERT_TRUE(ParseDarkMachinesLine(*line, &stored).ok()) << *line;
  EXPECT_EQ(stored.event_id, "7");
  EXPECT_EQ(stored.weight, 1);  // 0 reads as 1
  EXPECT_EQ(stored.met, event.met()) << *line;
  EXPECT_EQ(stored.objects[0].e, jet->e()) << *line;
  EXPECT_EQ(stored.objects[0].pt, jet->pt()) << *line;
}

TEST(SampleUploadTest, BadEventsAreRefusedNamingWhere) {
  v1::Event event;
  event.set_event_id("4;2");
  absl::StatusOr<std::string> line = UploadedEventLine(event, "chunk 3 event 9", "1", "s");
  EXPECT_EQ(line.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(line.status().message(),
              HasSubstr("chunk 3 event 9: event_id may not contain ';', ',' or a line break"));
  event.set_event_id("42");
  event.add_objects()->set_type(v1::OBJECT_TYPE_UNSPECIFIED);
  EXPECT_THAT(UploadedEventLine(event, "chunk 3 event 9", "1", "s").status().message(),
              HasSubstr("chunk 3 event 9: object 1: type = 0 is not an object type"));
  event.mutable_objects(0)->set_type(v1::OBJECT_TYPE_MUON);
  event.mutable_objects(0)->set_pt(-5);
  EXPECT_THAT(UploadedEventLine(event, "chunk 3 event 9", "1", "s").status().message(),
              HasSubstr("chunk 3 event 9: object 1 (m-): pt = -5: is negative"));
}

}  // namespace
}  // namespace latentspace::server
