// End to end: SampleService over real gRPC. Streamed uploads of bundled Dark Machines files, their
// listing, lookup, overwrite and deletion; every refused upload (bad name, bad header, bad event,
// a stream that stops early or is cancelled, an empty one) leaves the store exactly as it was; and
// acknowledged samples survive a restart.
#include <filesystem>
#include <limits>

#include "tests/e2e/server_e2e.h"

namespace latentspace::e2e {
namespace {

// Bundled samples used here (names and parameters from data/darkmachines/samples.json).
constexpr char kSquark[] = "squark_1800_800";
constexpr char kZprime[] = "zprime_monojet_2000_50";

// The files under the store's blob and staging directories (what an upload may leave behind).
std::vector<std::string> StoreFiles(const std::string& data_dir) {
  std::vector<std::string> files;
  for (const char* dir : {"blobs", "staging"}) {
    std::error_code error;
    for (std::filesystem::recursive_directory_iterator it(data_dir + "/" + dir, error), end;
         !error && it != end; it.increment(error)) {
      if (it->is_regular_file()) files.push_back(it->path().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

class ServerSamples : public LatentdTest {
 protected:
  void SetUp() override {
    ASSERT_TRUE(StartServer());
    // A small sample already stored, so that "unchanged" means more than "still empty".
    ASSERT_TRUE(IsOk(UploadBundled(api(), kZprime, &baseline_sample_, 200)));
    ASSERT_TRUE(IsOk(api().ListSamples(&baseline_)));
    baseline_files_ = StoreFiles(data_dir());
  }

  // The store as it was after SetUp: same listing, same files, nothing staged. A refused upload
  // is answered before its staging file is removed, so the files get a moment to settle.
  void ExpectStoreUnchanged() {
    v1::ListSamplesResponse now;
    ASSERT_TRUE(IsOk(api().ListSamples(&now)));
    EXPECT_TRUE(ProtoEquals(baseline_, now));
    EXPECT_TRUE(WaitFor([&] { return StoreFiles(data_dir()) == baseline_files_; }, seconds(5)))
        << "files left in the store: " << ::testing::PrintToString(StoreFiles(data_dir()))
        << "\nexpected: " << ::testing::PrintToString(baseline_files_);
  }

  grpc::Status SendChunks(const std::vector<v1::UploadSampleRequest>& chunks) {
    return api().UploadChunks(chunks);
  }

  // Chunk 1: the header of `name` and `events` events; later chunks as given.
  static v1::UploadSampleRequest HeaderChunk(const std::string& name, int events) {
    v1::UploadSampleRequest chunk;
    *chunk.mutable_header() = HeaderOf(Bundled(kSquark));
    chunk.mutable_header()->set_name(name);
    for (const v1::Event& event : testing::Slice(BundledEvents(kSquark), 0, events)) {
      *chunk.add_events() = event;
    }
    return chunk;
  }
  static v1::UploadSampleRequest EventChunk(int begin, int end, bool complete) {
    v1::UploadSampleRequest chunk;
    for (const v1::Event& event : testing::Slice(BundledEvents(kSquark), begin, end)) {
      *chunk.add_events() = event;
    }
    chunk.set_complete(complete);
    return chunk;
  }

  v1::Sample baseline_sample_;
  v1::ListSamplesResponse baseline_;
  std::vector<std::string> baseline_files_;
};

TEST_F(ServerSamples, UploadsAreListedWithTheirEventsAndParameters) {
  ASSERT_TRUE(IsOk(api().DeleteSample(kZprime)));
  const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  std::map<std::string, v1::Sample> uploaded;
  for (const std::string name : {kSquark, kZprime}) {
    SCOPED_TRACE(name);
    const BundledModel model = Bundled(name);
    v1::Sample sample;
    ASSERT_TRUE(IsOk(UploadBundled(api(), name, &sample)));
    EXPECT_EQ(sample.name(), name);
    EXPECT_EQ(sample.num_events(), static_cast<int64_t>(BundledEvents(name).size()));
    EXPECT_GT(sample.num_events(), 500);
    EXPECT_GT(sample.stored_bytes(), 0);
    EXPECT_FALSE(sample.checksum().empty());
    EXPECT_EQ(sample.source_format(), "darkmachines");
    const std::map<std::string, double> parameters(sample.parameters().begin(),
                                                   sample.parameters().end());
    EXPECT_EQ(parameters, model.parameters);
    EXPECT_GE(sample.created_unix_ms(), now_ms - 60'000);
    v1::Sample got;
    ASSERT_TRUE(IsOk(api().GetSample(name, &got)));
    EXPECT_TRUE(ProtoEquals(sample, got)) << "GetSample returns what the upload acknowledged";
    uploaded[name] = sample;
  }
  EXPECT_NE(uploaded[kSquark].checksum(), uploaded[kZprime].checksum());

  v1::ListSamplesResponse list;
  ASSERT_TRUE(IsOk(api().ListSamples(&list)));
  ASSERT_EQ(list.samples_size(), 2);
  EXPECT_TRUE(ProtoEquals(uploaded[kSquark], list.samples(0))) << "ordered by name";
  EXPECT_TRUE(ProtoEquals(uploaded[kZprime], list.samples(1)));
}

TEST_F(ServerSamples, SmallChunksAndOneBigChunkStoreTheSameSample) {
  const std::vector<v1::Event> events = testing::Slice(BundledEvents(kSquark), 0, 300);
  v1::SampleHeader header = HeaderOf(Bundled(kSquark));
  v1::Sample small, big;
  ASSERT_TRUE(IsOk(api().Upload(header, events, &small, /*events_per_chunk=*/7)));
  header.set_overwrite(true);
  ASSERT_TRUE(IsOk(api().Upload(header, events, &big, /*events_per_chunk=*/100000)));
  EXPECT_EQ(small.num_events(), 300);
  EXPECT_EQ(big.num_events(), 300);
  EXPECT_EQ(small.checksum(), big.checksum()) << "the stored blob does not depend on chunking";
  EXPECT_EQ(small.stored_bytes(), big.stored_bytes());
}

TEST_F(ServerSamples, ColumnsStoreWhatMessagesStoreAndBadColumnsStoreNothing) {
  const std::vector<v1::Event> events = testing::Slice(BundledEvents(kSquark), 0, 300);
  v1::SampleHeader header = HeaderOf(Bundled(kSquark));
  v1::Sample rows;
  ASSERT_TRUE(IsOk(api().Upload(header, events, &rows, /*events_per_chunk=*/100)));
  header.set_overwrite(true);
  std::vector<v1::UploadSampleRequest> chunks = {
      HeaderChunk(kSquark, 100), EventChunk(100, 200, false), EventChunk(200, 300, true)};
  for (v1::UploadSampleRequest& chunk : chunks) chunk = testing::AsColumns(chunk);
  chunks[0].mutable_header()->set_overwrite(true);
  v1::Sample columns;
  ASSERT_TRUE(IsOk(api().UploadChunks(chunks, &columns)));
  EXPECT_EQ(columns.num_events(), 300);
  EXPECT_EQ(columns.checksum(), rows.checksum()) << "the stored blob does not depend on the form";
  ASSERT_TRUE(IsOk(api().DeleteSample(kSquark)));
  baseline_files_ = StoreFiles(data_dir());
  chunks[1].mutable_columns()->mutable_met()->resize(16);
  EXPECT_TRUE(HasStatus(SendChunks(chunks), grpc::StatusCode::INVALID_ARGUMENT,
                        {"chunk 2: column met holds 16 bytes; 100 events need 800"}));
  ExpectStoreUnchanged();
}

TEST_F(ServerSamples, EventIdIsOptional) {
  // events.proto: event_id is an "optional identifier given by the generator".
  std::vector<v1::Event> events = testing::Slice(BundledEvents(kSquark), 0, 50);
  for (v1::Event& event : events) event.clear_event_id();
  v1::SampleHeader header = HeaderOf(Bundled(kSquark));
  v1::Sample sample;
  EXPECT_TRUE(IsOk(api().Upload(header, events, &sample)));
  EXPECT_EQ(sample.num_events(), 50);
}

TEST_F(ServerSamples, SameNameIsAlreadyExistsUnlessOverwrite) {
  v1::Sample again;
  EXPECT_TRUE(HasStatus(UploadBundled(api(), kZprime, &again, 300),
                        grpc::StatusCode::ALREADY_EXISTS, {kZprime}));
  ExpectStoreUnchanged();

  v1::SampleHeader header = HeaderOf(Bundled(kZprime), /*overwrite=*/true);
  (*header.mutable_parameters())["mdm"] = 60;
  v1::Sample replaced;
  ASSERT_TRUE(
      IsOk(api().Upload(header, testing::Slice(BundledEvents(kZprime), 0, 500), &replaced)));
  EXPECT_EQ(replaced.num_events(), 500);
  EXPECT_NE(replaced.checksum(), baseline_sample_.checksum());
  EXPECT_EQ(replaced.parameters().at("mdm"), 60);
  v1::Sample got;
  ASSERT_TRUE(IsOk(api().GetSample(kZprime, &got)));
  EXPECT_TRUE(ProtoEquals(replaced, got));
  v1::ListSamplesResponse list;
  ASSERT_TRUE(IsOk(api().ListSamples(&list)));
  ASSERT_EQ(list.samples_size(), 1) << "replaced, not added";
  EXPECT_TRUE(ProtoEquals(replaced, list.samples(0)));
  // The old blob is gone: one sample, one blob file.
  EXPECT_TRUE(WaitFor([&] { return StoreFiles(data_dir()).size() == 1; }, seconds(5)))
      << ::testing::PrintToString(StoreFiles(data_dir()));
}

TEST_F(ServerSamples, RefusedOverwriteKeepsTheOldSample) {
  std::vector<v1::UploadSampleRequest> chunks = {HeaderChunk(kZprime, 5), EventChunk(5, 10, true)};
  chunks[0].mutable_header()->set_overwrite(true);
  chunks[1].mutable_events(2)->mutable_objects(0)->set_eta(42);
  EXPECT_TRUE(HasStatus(SendChunks(chunks), grpc::StatusCode::INVALID_ARGUMENT,
                        {"chunk 2 event 2", "eta"}));
  ExpectStoreUnchanged();
}

TEST_F(ServerSamples, DeleteThenNotFound) {
  ASSERT_TRUE(IsOk(api().DeleteSample(kZprime)));
  v1::Sample got;
  EXPECT_TRUE(HasStatus(api().GetSample(kZprime, &got), grpc::StatusCode::NOT_FOUND, {kZprime}));
  EXPECT_TRUE(HasStatus(api().DeleteSample(kZprime), grpc::StatusCode::NOT_FOUND, {kZprime}));
  v1::ListSamplesResponse list;
  ASSERT_TRUE(IsOk(api().ListSamples(&list)));
  EXPECT_EQ(list.samples_size(), 0);
  EXPECT_TRUE(WaitFor([&] { return StoreFiles(data_dir()).empty(); }, seconds(5)))
      << "the blob is deleted with the sample: "
      << ::testing::PrintToString(StoreFiles(data_dir()));
  // The name is free again.
  EXPECT_TRUE(IsOk(UploadBundled(api(), kZprime, nullptr, 100)));
}

TEST_F(ServerSamples, BadNamesAreInvalidArgument) {
  const std::vector<std::string> bad = {
      "../x",         std::string("bad\x01name"), "", ".hidden", "-dash", "with space", "a/b",
      "na\xc3\xafve", std::string(129, 'a')};
  for (const std::string& name : bad) {
    SCOPED_TRACE(::testing::PrintToString(name));
    const std::vector<v1::UploadSampleRequest> chunks = {HeaderChunk(name, 20),
                                                         EventChunk(20, 40, true)};
    EXPECT_TRUE(HasStatus(SendChunks(chunks), grpc::StatusCode::INVALID_ARGUMENT, {"sample name"}));
    v1::Sample got;
    EXPECT_TRUE(HasStatus(api().GetSample(name, &got), grpc::StatusCode::INVALID_ARGUMENT,
                          {"sample name"}));
    EXPECT_TRUE(
        HasStatus(api().DeleteSample(name), grpc::StatusCode::INVALID_ARGUMENT, {"sample name"}));
  }
  // The longest name allowed is fine.
  EXPECT_TRUE(IsOk(SendChunks({HeaderChunk(std::string(128, 'a'), 20), EventChunk(20, 40, true)})));
  ASSERT_TRUE(IsOk(api().DeleteSample(std::string(128, 'a'))));
  ExpectStoreUnchanged();
}

TEST_F(ServerSamples, BadNameMessagesQuoteTheName) {
  grpc::Status status = SendChunks({HeaderChunk("../x", 1), EventChunk(1, 2, true)});
  EXPECT_TRUE(HasStatus(status, grpc::StatusCode::INVALID_ARGUMENT, {"\"../x\""}));
  status = SendChunks({HeaderChunk(std::string("bad\x01name"), 1), EventChunk(1, 2, true)});
  EXPECT_TRUE(HasStatus(status, grpc::StatusCode::INVALID_ARGUMENT, {"sample name", "bad\\"}));
  EXPECT_EQ(status.error_message().find('\x01'), std::string::npos)
      << "a control character is escaped, never printed raw";
  ExpectStoreUnchanged();
}

TEST_F(ServerSamples, FirstChunkWithoutHeaderIsRefused) {
  EXPECT_TRUE(HasStatus(SendChunks({EventChunk(0, 10, false), EventChunk(10, 20, true)}),
                        grpc::StatusCode::INVALID_ARGUMENT, {"first chunk", "header"}));
  ExpectStoreUnchanged();
}

TEST_F(ServerSamples, HeaderOnlyInTheFirstChunkAndNothingAfterComplete) {
  v1::UploadSampleRequest second_header = EventChunk(10, 20, true);
  *second_header.mutable_header() = HeaderOf(Bundled(kSquark));
  EXPECT_TRUE(HasStatus(SendChunks({HeaderChunk(kSquark, 10), second_header}),
                        grpc::StatusCode::INVALID_ARGUMENT, {"chunk 2", "header"}));
  v1::UploadSampleRequest first = HeaderChunk(kSquark, 10);
  first.set_complete(true);
  EXPECT_TRUE(HasStatus(SendChunks({first, EventChunk(10, 20, true)}),
                        grpc::StatusCode::INVALID_ARGUMENT, {"chunk 2", "complete"}));
  ExpectStoreUnchanged();
}

TEST_F(ServerSamples, NegativePtInChunkTwoNamesChunkEventAndField) {
  std::vector<v1::UploadSampleRequest> chunks = {
      HeaderChunk(kSquark, 50), EventChunk(50, 100, false), EventChunk(100, 150, true)};
  chunks[1].mutable_events(17)->mutable_objects(1)->set_pt(-5);
  EXPECT_TRUE(HasStatus(SendChunks(chunks), grpc::StatusCode::INVALID_ARGUMENT,
                        {"chunk 2 event 17", "pt", "-5", "negative"}));
  ExpectStoreUnchanged();
}

TEST_F(ServerSamples, NonFiniteMetIsRefused) {
  std::vector<v1::UploadSampleRequest> chunks = {HeaderChunk(kSquark, 10),
                                                 EventChunk(10, 20, true)};
  chunks[0].mutable_events(4)->set_met(std::numeric_limits<double>::quiet_NaN());
  EXPECT_TRUE(HasStatus(SendChunks(chunks), grpc::StatusCode::INVALID_ARGUMENT,
                        {"chunk 1 event 4", "met", "not finite"}));
  chunks[0].mutable_events(4)->set_met(std::numeric_limits<double>::infinity());
  EXPECT_TRUE(HasStatus(SendChunks(chunks), grpc::StatusCode::INVALID_ARGUMENT,
                        {"chunk 1 event 4", "met"}));
  ExpectStoreUnchanged();
}

TEST_F(ServerSamples, UnspecifiedObjectTypeIsRefused) {
  std::vector<v1::UploadSampleRequest> chunks = {HeaderChunk(kSquark, 10),
                                                 EventChunk(10, 20, true)};
  chunks[1].mutable_events(3)->mutable_objects(2)->set_type(v1::OBJECT_TYPE_UNSPECIFIED);
  EXPECT_TRUE(HasStatus(SendChunks(chunks), grpc::StatusCode::INVALID_ARGUMENT,
                        {"chunk 2 event 3", "object 3", "type"}));
  chunks[1].mutable_events(3)->mutable_objects(2)->set_type(static_cast<v1::ObjectType>(99));
  EXPECT_TRUE(HasStatus(SendChunks(chunks), grpc::StatusCode::INVALID_ARGUMENT,
                        {"chunk 2 event 3", "type"}));
  ExpectStoreUnchanged();
}

TEST_F(ServerSamples, BadParameterOrEventIdIsRefused) {
  std::vector<v1::UploadSampleRequest> chunks = {HeaderChunk(kSquark, 10),
                                                 EventChunk(10, 20, true)};
  (*chunks[0].mutable_header()->mutable_parameters())["msquark"] =
      std::numeric_limits<double>::infinity();
  EXPECT_TRUE(
      HasStatus(SendChunks(chunks), grpc::StatusCode::INVALID_ARGUMENT, {"msquark", "not finite"}));
  chunks = {HeaderChunk(kSquark, 10), EventChunk(10, 20, true)};
  chunks[1].mutable_events(0)->set_event_id("1;2");
  EXPECT_TRUE(HasStatus(SendChunks(chunks), grpc::StatusCode::INVALID_ARGUMENT,
                        {"chunk 2 event 0", "event_id"}));
  ExpectStoreUnchanged();
}

TEST_F(ServerSamples, StreamWithoutCompleteChunkStoresNothing) {
  EXPECT_TRUE(HasStatus(SendChunks({HeaderChunk(kSquark, 100), EventChunk(100, 200, false)}),
                        grpc::StatusCode::INVALID_ARGUMENT, {kSquark, "complete", "200 events"}));
  v1::Sample got;
  EXPECT_TRUE(HasStatus(api().GetSample(kSquark, &got), grpc::StatusCode::NOT_FOUND));
  ExpectStoreUnchanged();
}

TEST_F(ServerSamples, ClientCancelMidStreamStoresNothing) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + seconds(60));
  v1::Sample response;
  auto writer = api().samples->UploadSample(&context, &response);
  ASSERT_TRUE(writer->Write(HeaderChunk(kSquark, 200)));
  ASSERT_TRUE(writer->Write(EventChunk(200, 400, false)));
  ASSERT_TRUE(writer->Write(EventChunk(400, 600, false)));
  // Let the server take the chunks (and stage a file) before the client goes away.
  EXPECT_TRUE(
      WaitFor([&] { return StoreFiles(data_dir()).size() > baseline_files_.size(); }, seconds(5)))
      << "the upload is being staged";
  context.TryCancel();
  EXPECT_TRUE(HasStatus(writer->Finish(), grpc::StatusCode::CANCELLED));
  v1::Sample got;
  EXPECT_TRUE(HasStatus(api().GetSample(kSquark, &got), grpc::StatusCode::NOT_FOUND));
  ExpectStoreUnchanged();
}

TEST_F(ServerSamples, EmptyUploadsAreRefused) {
  // The header alone, marked complete.
  v1::Sample sample;
  EXPECT_TRUE(HasStatus(api().Upload(HeaderOf(Bundled(kSquark)), {}, &sample),
                        grpc::StatusCode::INVALID_ARGUMENT, {kSquark, "no events"}));
  // No message at all.
  EXPECT_TRUE(HasStatus(SendChunks({}), grpc::StatusCode::INVALID_ARGUMENT, {"empty upload"}));
  // Chunks without events.
  v1::UploadSampleRequest header = HeaderChunk(kSquark, 0);
  EXPECT_TRUE(HasStatus(SendChunks({header, EventChunk(0, 0, false), EventChunk(0, 0, true)}),
                        grpc::StatusCode::INVALID_ARGUMENT, {"no events"}));
  ExpectStoreUnchanged();
}

TEST_F(ServerSamples, AcknowledgedSamplesSurviveARestart) {
  ASSERT_TRUE(IsOk(UploadBundled(api(), kSquark)));
  v1::ListSamplesResponse before;
  ASSERT_TRUE(IsOk(api().ListSamples(&before)));
  ASSERT_EQ(before.samples_size(), 2);
  const std::vector<std::string> files = StoreFiles(data_dir());

  EXPECT_EQ(StopServer(), 0);
  ASSERT_TRUE(StartServer());
  v1::ListSamplesResponse after;
  ASSERT_TRUE(IsOk(api().ListSamples(&after)));
  EXPECT_TRUE(ProtoEquals(before, after));
  for (const v1::Sample& sample : before.samples()) {
    v1::Sample got;
    ASSERT_TRUE(IsOk(api().GetSample(sample.name(), &got)));
    EXPECT_TRUE(ProtoEquals(sample, got));
  }
  EXPECT_EQ(StoreFiles(data_dir()), files);

  // A crash (SIGKILL) right after the acknowledgement loses nothing either.
  v1::Sample late;
  v1::SampleHeader header = HeaderOf(Bundled(kSquark));
  header.set_name("acknowledged_then_killed");
  ASSERT_TRUE(IsOk(api().Upload(header, testing::Slice(BundledEvents(kSquark), 0, 100), &late)));
  server().Kill();
  ASSERT_TRUE(StartServer());
  v1::Sample got;
  ASSERT_TRUE(IsOk(api().GetSample("acknowledged_then_killed", &got)));
  EXPECT_TRUE(ProtoEquals(late, got));
}

}  // namespace
}  // namespace latentspace::e2e
