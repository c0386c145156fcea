// End to end: latentd's limits under real calls. A caller over its request rate is refused with
// RESOURCE_EXHAUSTED while others go on; streams beyond --max-concurrent-streams are refused until
// a slot frees; and a query of a large stored sample stops its work when the caller's deadline
// passes or the caller cancels, instead of computing an answer nobody will read.
#include <thread>

#include "absl/strings/ascii.h"
#include "client/sdk/client.h"
#include "tests/e2e/metrics_scrape.h"
#include "tests/e2e/server_e2e.h"
#include "tests/testing/build_paths.h"
#include "tests/testing/run_command.h"

namespace latentspace::e2e {
namespace {

using ::testing::HasSubstr;

constexpr char kSquark[] = "squark_1800_800";
constexpr char kZprime[] = "zprime_monojet_2000_50";
constexpr char kGluino[] = "gluino_1600_800";

class ServerLimits : public LatentdTest {
 protected:
  // An SDK client of the running server with `token` and no retries.
  Client ClientWith(const std::string& token) {
    ClientOptions options;
    options.target = server().address();
    options.token = token;
    options.max_retries = 0;
    absl::StatusOr<Client> client = Client::Create(options);
    EXPECT_TRUE(client.ok()) << client.status();
    return *std::move(client);
  }

  std::optional<double> Metric(const std::string& name,
                               const std::map<std::string, std::string>& labels = {}) {
    return ScrapeOne(server().metrics_address(), name, labels);
  }
};

TEST_F(ServerLimits, ACallerOverItsRateIsRefusedAndOthersAreNot) {
  const std::string tokens = ScratchDir() + "/tokens.txt";
  std::map<std::string, std::string> token;
  for (const char* name : {"alice", "bob"}) {
    const testing::CommandResult made = testing::RunCommand(
        absl::StrCat(testing::LatentdPath(), " --add-token ", name, " --tokens ", tokens));
    ASSERT_EQ(made.exit_code, 0) << made.output;
    token[name] = std::string(absl::StripAsciiWhitespace(made.output));
  }
  // One request per second, three at once.
  ASSERT_TRUE(StartServer({"--tokens", tokens, "--rate-limit", "1", "--rate-burst", "3"}));
  Client alice = ClientWith(token["alice"]);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(alice.ListSamples().ok()) << i;
  const absl::Status refused = alice.ListSamples().status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(refused.message(),
              HasSubstr("token 'alice' exceeds the server's rate of 1 requests/s (burst 3"));
  EXPECT_THAT(refused.message(), HasSubstr("retry in"));
  EXPECT_TRUE(ClientWith(token["bob"]).ListSamples().ok()) << "bob has a bucket of his own";
  std::this_thread::sleep_for(milliseconds(1100));
  EXPECT_TRUE(alice.ListSamples().ok()) << "a second later alice may call again";
  EXPECT_GE(Metric("latent_rpc_requests_total",
                   {{"code", "RESOURCE_EXHAUSTED"}, {"method", "ListSamples"}}),
            1.0);
}

TEST_F(ServerLimits, AnonymousCallersAreLimitedByAddress) {
  ASSERT_TRUE(StartServer({"--rate-limit", "1", "--rate-burst", "2"}));
  Client anonymous = ClientWith("");
  ASSERT_TRUE(anonymous.ListSamples().ok());
  ASSERT_TRUE(anonymous.ListSamples().ok());
  const absl::Status refused = anonymous.ListSamples().status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(refused.message(), HasSubstr("the anonymous caller at ipv4:127.0.0.1 exceeds"));
}

// An upload stream held open after its header chunk.
struct OpenUpload {
  grpc::ClientContext context;
  v1::Sample response;
  std::unique_ptr<grpc::ClientWriter<v1::UploadSampleRequest>> writer;
};

std::unique_ptr<OpenUpload> StartUpload(Api& api, const std::string& name) {
  auto upload = std::make_unique<OpenUpload>();
  upload->writer = api.samples->UploadSample(&upload->context, &upload->response);
  v1::UploadSampleRequest chunk;
  chunk.mutable_header()->set_name(name);
  for (const v1::Event& event : testing::Slice(BundledEvents(kZprime), 0, 30)) {
    *chunk.add_events() = event;
  }
  upload->writer->Write(chunk);
  return upload;
}

grpc::Status Complete(OpenUpload& upload) {
  v1::UploadSampleRequest last;
  last.set_complete(true);
  upload.writer->Write(last);
  upload.writer->WritesDone();
  return upload.writer->Finish();
}

TEST_F(ServerLimits, StreamsBeyondTheServersSlotsAreRefusedUntilOneFrees) {
  ASSERT_TRUE(StartServer({"--max-concurrent-streams", "2"}));
  std::unique_ptr<OpenUpload> first = StartUpload(api(), "first");
  std::unique_ptr<OpenUpload> second = StartUpload(api(), "second");
  ASSERT_TRUE(WaitFor([&] { return Metric("latent_streams_open") == 2.0; }, seconds(10)));

  std::unique_ptr<OpenUpload> third = StartUpload(api(), "third");
  const grpc::Status refused = Complete(*third);
  EXPECT_TRUE(HasStatus(
      refused, grpc::StatusCode::RESOURCE_EXHAUSTED,
      {"SampleService.UploadSample: all 2 stream slots are taken", "--max-concurrent-streams"}));
  grpc::Status watch;
  api().WatchJob("job-000001", &watch);
  EXPECT_TRUE(HasStatus(watch, grpc::StatusCode::RESOURCE_EXHAUSTED, {"JobService.WatchJob"}));
  // Unary calls do not take slots.
  v1::ListSamplesResponse list;
  EXPECT_TRUE(IsOk(api().ListSamples(&list)));

  EXPECT_TRUE(IsOk(Complete(*first)));
  first.reset();
  ASSERT_TRUE(WaitFor([&] { return Metric("latent_streams_open") == 1.0; }, seconds(10)));
  std::unique_ptr<OpenUpload> fourth = StartUpload(api(), "fourth");
  EXPECT_TRUE(IsOk(Complete(*fourth)));
  EXPECT_TRUE(IsOk(Complete(*second)));
  fourth.reset();
  second.reset();
  ASSERT_TRUE(WaitFor([&] { return Metric("latent_streams_open") == 0.0; }, seconds(10)));
  ASSERT_TRUE(IsOk(api().ListSamples(&list)));
  std::set<std::string> names;
  for (const v1::Sample& sample : list.samples()) names.insert(sample.name());
  EXPECT_EQ(names, (std::set<std::string>{"first", "fourth", "second"}));
}

// A large stored sample and an encoder to query it with: the cost of a query grows with the
// sample, so an abandoned one is worth stopping.
class ServerDeadlines : public ServerLimits {
 protected:
  static constexpr char kLarge[] = "large_gluino";
  static constexpr int kCopies = 80;  // of the 7,528 bundled events: 602,240 events

  void SetUp() override {
    ASSERT_TRUE(StartServer());
    ASSERT_TRUE(IsOk(UploadBundled(api(), kSquark, nullptr, 600)));
    ASSERT_TRUE(IsOk(UploadBundled(api(), kZprime, nullptr, 600)));
    v1::Job job;
    ASSERT_TRUE(IsOk(api().Submit(TrainingRequest("small", {kSquark, kZprime}, 2), &job)));
    grpc::Status watched;
    const std::vector<v1::Job> snapshots = api().WatchJob(job.id(), &watched);
    ASSERT_FALSE(snapshots.empty());
    ASSERT_EQ(snapshots.back().state(), v1::JOB_STATE_SUCCEEDED) << snapshots.back().error();

    std::vector<v1::Event> events;
    for (int copy = 0; copy < kCopies; ++copy) {
      const std::vector<v1::Event>& bundled = BundledEvents(kGluino);
      events.insert(events.end(), bundled.begin(), bundled.end());
    }
    v1::SampleHeader header;
    header.set_name(kLarge);
    ASSERT_TRUE(IsOk(api().Upload(header, events, nullptr, 5000)));
  }

  v1::QueryNearestRequest Query() const {
    v1::QueryNearestRequest request;
    request.mutable_encoder()->set_name("small");
    request.set_sample_name(kLarge);
    return request;
  }

  // Seconds from `start` until the server holds no QueryNearest call any more.
  double SecondsUntilReleased(Clock::time_point start) {
    EXPECT_TRUE(WaitFor(
        [&] {
          return Metric("latent_rpc_in_flight", {{"method", "QueryNearest"}}) == 0.0;
        },
        seconds(60), milliseconds(10)));
    return std::chrono::duration<double>(Clock::now() - start).count();
  }

  // The whole query, answered: its duration in seconds.
  double FullQuerySeconds() {
    const Clock::time_point start = Clock::now();
    v1::QueryNearestResponse response;
    EXPECT_TRUE(IsOk(api().QueryNearest(Query(), &response)));
    EXPECT_GT(response.sets(), 10000);
    return std::chrono::duration<double>(Clock::now() - start).count();
  }
};

TEST_F(ServerDeadlines, AQueryWhoseDeadlinePassesStopsItsWork) {
  const double full = FullQuerySeconds();
  constexpr double kDeadline = 0.15;
  ASSERT_GT(full, 5 * kDeadline) << "the sample is too small to tell stopped work from finished";

  const Clock::time_point start = Clock::now();
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       milliseconds(static_cast<int>(kDeadline * 1000)));
  v1::QueryNearestResponse response;
  EXPECT_TRUE(HasStatus(api().proximity->QueryNearest(&context, Query(), &response),
                        grpc::StatusCode::DEADLINE_EXCEEDED));
  const double released = SecondsUntilReleased(start);
  EXPECT_LT(released, full / 2) << "the server went on with the query after its deadline (full "
                                   "query: "
                                << full << " s)";
  // The server is free for the next caller at once.
  EXPECT_LT(FullQuerySeconds(), 3 * full);
}

TEST_F(ServerDeadlines, AQueryTheCallerCancelsStopsItsWork) {
  const double full = FullQuerySeconds();
  ASSERT_GT(full, 5 * 0.15) << "the sample is too small to tell stopped work from finished";

  const Clock::time_point start = Clock::now();
  grpc::ClientContext context;
  std::thread canceller([&context] {
    std::this_thread::sleep_for(milliseconds(150));
    context.TryCancel();
  });
  v1::QueryNearestResponse response;
  const grpc::Status status = api().proximity->QueryNearest(&context, Query(), &response);
  canceller.join();
  EXPECT_TRUE(HasStatus(status, grpc::StatusCode::CANCELLED));
  EXPECT_LT(SecondsUntilReleased(start), full / 2)
      << "the server went on with a cancelled query (full query: " << full << " s)";
}

}  // namespace
}  // namespace latentspace::e2e
