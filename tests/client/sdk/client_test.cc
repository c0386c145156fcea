// Tests of latentspace::Client against an in-process fake latentd: every RPC reaches its service,
// token and deadline travel with calls, errors keep their code and message, idempotent calls are
// retried on UNAVAILABLE and mutations never are, uploads stream (and cancel on a source error),
// watches stream and stop on request, and unreachable servers are recognised.
#include "client/sdk/client.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/client/fake_latentd.h"

namespace latentspace {
namespace {

using ::testing::ElementsAre;
using testing::FakeLatentd;

ClientOptions FastOptions(const std::string& target) {
  ClientOptions options;
  options.target = target;
  options.timeout_seconds = 10;
  options.initial_backoff_seconds = 0.001;
  options.max_backoff_seconds = 0.01;
  return options;
}

Client MakeClient(const FakeLatentd& server, ClientOptions options = {}) {
  options.target = server.address();
  absl::StatusOr<Client> client = Client::Create(options);
  EXPECT_TRUE(client.ok()) << client.status();
  return *std::move(client);
}

v1::Job JobIn(v1::JobState state, int64_t epoch = 0) {
  v1::Job job;
  job.set_id("job-1");
  job.set_state(state);
  job.mutable_progress()->set_epoch(epoch);
  return job;
}

// Waits up to half a second for the call to be seen as cancelled.
bool WaitCancelled(grpc::ServerContext* context) {
  for (int i = 0; i < 50 && !context->IsCancelled(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return context->IsCancelled();
}

TEST(ClientTest, HealthIsServing) {
  FakeLatentd server;
  ASSERT_TRUE(server.Start());
  Client client = MakeClient(server, FastOptions(""));
  absl::StatusOr<grpc::health::v1::HealthCheckResponse> health = client.Health();
  ASSERT_TRUE(health.ok()) << health.status();
  EXPECT_EQ(health->status(), grpc::health::v1::HealthCheckResponse::SERVING);
}

TEST(ClientTest, EveryUnaryMethodReachesItsRpc) {
  FakeLatentd server;
  std::vector<std::string> seen;
  const auto record = [&seen](const std::string& name) {
    return [&seen, name](grpc::ServerContext*, const auto&, auto*) {
      seen.push_back(name);
      return grpc::Status::OK;
    };
  };
  server.list_samples = record("ListSamples");
  server.get_sample = [&seen](grpc::ServerContext*, const v1::GetSampleRequest& request,
                              v1::Sample* sample) {
    seen.push_back("GetSample " + request.name());
    sample->set_name(request.name());
    return grpc::Status::OK;
  };
  server.delete_sample = record("DeleteSample");
  server.submit_training = record("SubmitTraining");
  server.submit_detector_training = record("SubmitDetectorTraining");
  server.get_job = record("GetJob");
  server.list_jobs = [&seen](grpc::ServerContext*, const v1::ListJobsRequest& request, auto*) {
    seen.push_back("ListJobs " + v1::JobState_Name(request.state()));
    return grpc::Status::OK;
  };
  server.cancel_job = record("CancelJob");
  server.list_encoders = record("ListEncoders");
  server.get_encoder = [&seen](grpc::ServerContext*, const v1::GetEncoderRequest& request, auto*) {
    seen.push_back("GetEncoder " + request.encoder().name() + ":" +
                   std::to_string(request.encoder().version()));
    return grpc::Status::OK;
  };
  server.delete_encoder = record("DeleteEncoder");
  server.list_detectors = [&seen](grpc::ServerContext*, const v1::ListDetectorsRequest& request,
                                  auto*) {
    seen.push_back(request.all_versions() ? "ListDetectors all" : "ListDetectors");
    return grpc::Status::OK;
  };
  server.get_detector = [&seen](grpc::ServerContext*, const v1::GetDetectorRequest& request,
                                auto*) {
    seen.push_back("GetDetector " + request.detector().name() + ":" +
                   std::to_string(request.detector().version()));
    return grpc::Status::OK;
  };
  server.delete_detector = record("DeleteDetector");
  server.score_events = record("ScoreEvents");
  server.embed = record("Embed");
  server.query_nearest = record("QueryNearest");
  server.get_contours = record("GetContours");
  server.get_feature_map = record("GetFeatureMap");
  server.get_distance_matrix = record("GetDistanceMatrix");
  ASSERT_TRUE(server.Start());
  Client client = MakeClient(server, FastOptions(""));
  v1::EncoderRef ref;
  ref.set_name("enc");
  ref.set_version(3);
  EXPECT_TRUE(client.ListSamples().ok());
  absl::StatusOr<v1::Sample> sample = client.GetSample("zp");
  ASSERT_TRUE(sample.ok());
  EXPECT_EQ(sample->name(), "zp");
  EXPECT_TRUE(client.DeleteSample("zp").ok());
  EXPECT_TRUE(client.SubmitTraining(v1::TrainingRequest()).ok());
  EXPECT_TRUE(client.SubmitDetectorTraining(v1::DetectorTrainingRequest()).ok());
  EXPECT_TRUE(client.GetJob("j").ok());
  EXPECT_TRUE(client.ListJobs(v1::JOB_STATE_RUNNING).ok());
  EXPECT_TRUE(client.CancelJob("j").ok());
  EXPECT_TRUE(client.ListEncoders(true).ok());
  EXPECT_TRUE(client.GetEncoder(ref).ok());
  EXPECT_TRUE(client.DeleteEncoder(ref).ok());
  v1::DetectorRef detector;
  detector.set_name("det");
  detector.set_version(2);
  EXPECT_TRUE(client.ListDetectors(true).ok());
  EXPECT_TRUE(client.GetDetector(detector).ok());
  EXPECT_TRUE(client.DeleteDetector(detector).ok());
  EXPECT_TRUE(client.ScoreEvents(v1::ScoreEventsRequest()).ok());
  EXPECT_TRUE(client.Embed(v1::EmbedRequest()).ok());
  EXPECT_TRUE(client.QueryNearest(v1::QueryNearestRequest()).ok());
  EXPECT_TRUE(client.GetContours(v1::GetContoursRequest()).ok());
  EXPECT_TRUE(client.GetFeatureMap(v1::GetFeatureMapRequest()).ok());
  EXPECT_TRUE(client.GetDistanceMatrix(v1::GetDistanceMatrixRequest()).ok());
  EXPECT_THAT(seen, ElementsAre("ListSamples", "GetSample zp", "DeleteSample", "SubmitTraining",
                                "SubmitDetectorTraining", "GetJob", "ListJobs JOB_STATE_RUNNING",
                                "CancelJob", "ListEncoders", "GetEncoder enc:3", "DeleteEncoder",
                                "ListDetectors all", "GetDetector det:2", "DeleteDetector",
                                "ScoreEvents", "Embed", "QueryNearest", "GetContours",
                                "GetFeatureMap", "GetDistanceMatrix"));
}

TEST(ClientTest, SendsTheTokenAndTheDeadline) {
  FakeLatentd server;
  std::string authorization;
  std::chrono::system_clock::time_point deadline;
  server.get_sample = [&](grpc::ServerContext* context, const auto&, auto*) {
    const auto& metadata = context->client_metadata();
    const auto found = metadata.find("authorization");
    authorization = found == metadata.end()
                        ? "<none>"
                        : std::string(found->second.data(), found->second.size());
    deadline = context->deadline();
    return grpc::Status::OK;
  };
  ASSERT_TRUE(server.Start());
  ClientOptions options = FastOptions("");
  options.token = "s3cret";
  options.timeout_seconds = 5;
  const auto before = std::chrono::system_clock::now();
  ASSERT_TRUE(MakeClient(server, options).GetSample("a").ok());
  EXPECT_EQ(authorization, "Bearer s3cret");
  EXPECT_GT(deadline, before + std::chrono::seconds(4));
  // The server learns the deadline from the grpc-timeout header, whose encoding rounds the time
  // left up to a coarser unit (hundreds of milliseconds for a few seconds; timeout_encoding.h in
  // gRPC core): the server's deadline can be up to 100 ms later than the client's.
  EXPECT_LE(deadline, std::chrono::system_clock::now() + std::chrono::milliseconds(5100));

  options.token = "";
  options.timeout_seconds = 0;
  ASSERT_TRUE(MakeClient(server, options).GetSample("a").ok());
  EXPECT_EQ(authorization, "<none>");
  EXPECT_GT(deadline, std::chrono::system_clock::now() + std::chrono::hours(24 * 365));
}

TEST(ClientTest, ServerErrorsKeepTheirCodeAndMessage) {
  FakeLatentd server;
  server.get_sample = [](grpc::ServerContext*, const auto&, auto*) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND, "sample 'zp' not found");
  };
  ASSERT_TRUE(server.Start());
  const absl::StatusOr<v1::Sample> sample = MakeClient(server, FastOptions("")).GetSample("zp");
  EXPECT_EQ(sample.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(sample.status().message(), "sample 'zp' not found");
  EXPECT_FALSE(IsUnreachable(sample.status()));
}

TEST(ClientTest, RetriesIdempotentCallsOnUnavailable) {
  FakeLatentd server;
  std::atomic<int> calls{0};
  const auto warming_up = [&](grpc::ServerContext*, const auto&, auto*) {
    return ++calls < 3 ? grpc::Status(grpc::StatusCode::UNAVAILABLE, "warming up")
                       : grpc::Status::OK;
  };
  server.list_samples = warming_up;
  server.score_events = warming_up;
  server.get_job = [&](grpc::ServerContext*, const auto&, auto*) {
    ++calls;
    return grpc::Status(grpc::StatusCode::INTERNAL, "boom");
  };
  ASSERT_TRUE(server.Start());
  ClientOptions options = FastOptions("");
  options.max_retries = 3;
  Client client = MakeClient(server, options);
  EXPECT_TRUE(client.ListSamples().ok());
  EXPECT_EQ(calls, 3);
  calls = 0;
  EXPECT_TRUE(client.ScoreEvents(v1::ScoreEventsRequest()).ok());
  EXPECT_EQ(calls, 3);
  calls = 0;
  EXPECT_EQ(client.GetJob("j").status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(calls, 1);  // only UNAVAILABLE is retried

  calls = -100;  // always UNAVAILABLE now
  options.max_retries = 2;
  EXPECT_TRUE(absl::IsUnavailable(MakeClient(server, options).ListSamples().status()));
  EXPECT_EQ(calls, -97);
}

TEST(ClientTest, NeverRetriesMutations) {
  FakeLatentd server;
  std::atomic<int> calls{0};
  const auto unavailable = [&calls](grpc::ServerContext*, const auto&, auto*) {
    ++calls;
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, "draining");
  };
  server.delete_sample = unavailable;
  server.submit_training = unavailable;
  server.cancel_job = unavailable;
  server.delete_encoder = unavailable;
  server.submit_detector_training = unavailable;
  server.delete_detector = unavailable;
  server.upload_sample = [&calls](grpc::ServerContext*, auto*, auto*) {
    ++calls;
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, "draining");
  };
  ASSERT_TRUE(server.Start());
  Client client = MakeClient(server, FastOptions(""));
  EXPECT_TRUE(absl::IsUnavailable(client.DeleteSample("a").status()));
  EXPECT_TRUE(absl::IsUnavailable(client.SubmitTraining(v1::TrainingRequest()).status()));
  EXPECT_TRUE(absl::IsUnavailable(client.CancelJob("j").status()));
  EXPECT_TRUE(absl::IsUnavailable(client.DeleteEncoder(v1::EncoderRef()).status()));
  EXPECT_TRUE(
      absl::IsUnavailable(client.SubmitDetectorTraining(v1::DetectorTrainingRequest()).status()));
  EXPECT_TRUE(absl::IsUnavailable(client.DeleteDetector(v1::DetectorRef()).status()));
  EXPECT_TRUE(absl::IsUnavailable(
      client.UploadSample(v1::SampleHeader(), [](std::vector<v1::Event>*) { return false; })
          .status()));
  EXPECT_EQ(calls, 7);
}

// What the fake UploadSample saw.
struct UploadRecord {
  std::string header_name;
  std::map<std::string, double> parameters;
  int headers = 0;
  std::vector<int> events_per_message;
  std::vector<bool> complete_flags;
  std::atomic<int> messages{0};
  bool clean_end = false;  // the stream ended with the client's WritesDone
  bool cancelled = false;
};

void FakeUpload(FakeLatentd& server, UploadRecord& record) {
  server.upload_sample = [&record](grpc::ServerContext* context,
                                   grpc::ServerReader<v1::UploadSampleRequest>* reader,
                                   v1::Sample* sample) {
    v1::UploadSampleRequest request;
    int64_t events = 0;
    while (reader->Read(&request)) {
      if (request.has_header()) {
        ++record.headers;
        record.header_name = request.header().name();
        record.parameters = {request.header().parameters().begin(),
                             request.header().parameters().end()};
      }
      record.events_per_message.push_back(request.events_size());
      record.complete_flags.push_back(request.complete());
      events += request.events_size();
      ++record.messages;
    }
    if (WaitCancelled(context)) {
      record.cancelled = true;
      return grpc::Status(grpc::StatusCode::CANCELLED, "client went away");
    }
    if (record.complete_flags.empty() || !record.complete_flags.back()) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "no chunk marked complete");
    }
    record.clean_end = true;
    sample->set_name(record.header_name);
    sample->set_num_events(events);
    return grpc::Status::OK;
  };
}

// A source of `chunks` chunks of `size` events each.
EventChunkSource Chunks(int chunks, int size) {
  auto given = std::make_shared<int>(0);
  return [=](std::vector<v1::Event>* chunk) {
    chunk->resize(size);
    for (v1::Event& event : *chunk) event.set_met(100);
    return ++*given < chunks;  // plain bool: converted
  };
}

TEST(ClientTest, UploadStreamsTheHeaderThenTheChunks) {
  FakeLatentd server;
  UploadRecord record;
  FakeUpload(server, record);
  ASSERT_TRUE(server.Start());
  v1::SampleHeader header;
  header.set_name("zp2000");
  (*header.mutable_parameters())["mzp"] = 2000;
  std::vector<int64_t> progress;
  const absl::StatusOr<v1::Sample> sample =
      MakeClient(server, FastOptions("")).UploadSample(header, Chunks(3, 5), [&](int64_t sent) {
        progress.push_back(sent);
      });
  ASSERT_TRUE(sample.ok()) << sample.status();
  EXPECT_EQ(sample->num_events(), 15);
  EXPECT_EQ(record.headers, 1);
  EXPECT_EQ(record.header_name, "zp2000");
  EXPECT_EQ(record.parameters["mzp"], 2000);
  EXPECT_THAT(record.events_per_message, ElementsAre(5, 5, 5));
  EXPECT_THAT(record.complete_flags, ElementsAre(false, false, true));
  EXPECT_THAT(progress, ElementsAre(5, 10, 15));
  EXPECT_TRUE(record.clean_end);
}

TEST(ClientTest, UploadOfNoEventsSendsTheHeaderMarkedComplete) {
  FakeLatentd server;
  UploadRecord record;
  FakeUpload(server, record);
  ASSERT_TRUE(server.Start());
  v1::SampleHeader header;
  header.set_name("empty");
  const absl::StatusOr<v1::Sample> sample =
      MakeClient(server, FastOptions("")).UploadSample(header, [](std::vector<v1::Event>*) {
        return false;
      });
  ASSERT_TRUE(sample.ok()) << sample.status();  // the fake accepts it; latentd would not
  EXPECT_EQ(record.headers, 1);
  EXPECT_THAT(record.events_per_message, ElementsAre(0));
  EXPECT_THAT(record.complete_flags, ElementsAre(true));
}

TEST(ClientTest, UploadSourceErrorCancelsTheStream) {
  FakeLatentd server;
  UploadRecord record;
  FakeUpload(server, record);
  ASSERT_TRUE(server.Start());
  int calls = 0;
  const absl::StatusOr<v1::Sample> sample =
      MakeClient(server, FastOptions(""))
          .UploadSample(v1::SampleHeader(),
                        [&](std::vector<v1::Event>* chunk) -> absl::StatusOr<bool> {
                          if (++calls == 1) {
                            chunk->resize(4);
                            return true;
                          }
                          // The first chunk has arrived before the source fails.
                          for (int i = 0; i < 500 && record.messages == 0; ++i) {
                            std::this_thread::sleep_for(std::chrono::milliseconds(2));
                          }
                          return absl::InvalidArgumentError("bad.csv:7: field 6: bad object");
                        });
  EXPECT_EQ(sample.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(sample.status().message(), "bad.csv:7: field 6: bad object");
  server.Stop();  // waits for the handler
  EXPECT_TRUE(record.cancelled);
  EXPECT_FALSE(record.clean_end);
  EXPECT_THAT(record.events_per_message, ElementsAre(4));
  EXPECT_THAT(record.complete_flags, ElementsAre(false));
}

TEST(ClientTest, UploadStopsWhenTheServerRejects) {
  FakeLatentd server;
  server.upload_sample = [](grpc::ServerContext*, auto* reader, auto*) {
    v1::UploadSampleRequest request;
    reader->Read(&request);
    return grpc::Status(grpc::StatusCode::ALREADY_EXISTS, "sample 'zp' exists");
  };
  ASSERT_TRUE(server.Start());
  int calls = 0;
  const absl::StatusOr<v1::Sample> sample =
      MakeClient(server, FastOptions(""))
          .UploadSample(v1::SampleHeader(), [&](std::vector<v1::Event>* chunk) {
            chunk->resize(100);
            return ++calls < 1000000;  // endless unless the writes fail
          });
  EXPECT_EQ(sample.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(sample.status().message(), "sample 'zp' exists");
  EXPECT_LT(calls, 1000000);
}

TEST(ClientTest, WatchJobStreamsEveryUpdateAndReturnsTheFinalJob) {
  FakeLatentd server;
  server.watch_job = [](grpc::ServerContext*, const v1::WatchJobRequest& request,
                        grpc::ServerWriter<v1::Job>* writer) {
    if (request.id() != "job-1") return grpc::Status(grpc::StatusCode::NOT_FOUND, "no job");
    writer->Write(JobIn(v1::JOB_STATE_RUNNING, 1));
    writer->Write(JobIn(v1::JOB_STATE_RUNNING, 2));
    writer->Write(JobIn(v1::JOB_STATE_SUCCEEDED, 2));
    return grpc::Status::OK;
  };
  ASSERT_TRUE(server.Start());
  Client client = MakeClient(server, FastOptions(""));
  std::vector<int64_t> epochs;
  const absl::StatusOr<v1::Job> job =
      client.WatchJob("job-1", [&](const v1::Job& j) { epochs.push_back(j.progress().epoch()); });
  ASSERT_TRUE(job.ok()) << job.status();
  EXPECT_EQ(job->state(), v1::JOB_STATE_SUCCEEDED);
  EXPECT_THAT(epochs, ElementsAre(1, 2, 2));
  EXPECT_EQ(client.WatchJob("job-2").status().code(), absl::StatusCode::kNotFound);
}

// A server stream's handler that writes `first`, then waits (at most 10 s) for the client to
// cancel; *saw_cancel tells whether it did.
template <typename Message>
auto WriteThenAwaitCancel(Message first, std::atomic<bool>* saw_cancel) {
  return [first, saw_cancel](grpc::ServerContext* context, const auto&,
                             grpc::ServerWriter<Message>* writer) {
    writer->Write(first);
    for (int i = 0; i < 1000 && !context->IsCancelled(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    *saw_cancel = context->IsCancelled();
    return grpc::Status::OK;
  };
}

TEST(ClientTest, WatchJobStopsWhenTheFlagIsSet) {
  FakeLatentd server;
  std::atomic<bool> server_saw_cancel{false};
  server.watch_job = WriteThenAwaitCancel(JobIn(v1::JOB_STATE_RUNNING, 1), &server_saw_cancel);
  ASSERT_TRUE(server.Start());
  std::atomic<bool> cancel{false};
  const auto start = std::chrono::steady_clock::now();
  const absl::StatusOr<v1::Job> job =
      MakeClient(server, FastOptions(""))
          .WatchJob(
              "job-1", [&](const v1::Job&) { cancel = true; }, &cancel);
  EXPECT_EQ(job.status().code(), absl::StatusCode::kCancelled);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  server.Stop();
  EXPECT_TRUE(server_saw_cancel);
}

// One progress update of an interpretation.
v1::InterpretSelectionUpdate ProgressUpdate(const std::string& step, int64_t done, int64_t total) {
  v1::InterpretSelectionUpdate update;
  update.mutable_progress()->set_step(step);
  update.mutable_progress()->set_done(done);
  update.mutable_progress()->set_total(total);
  return update;
}

TEST(ClientTest, InterpretSelectionWithProgressTellsEveryUpdateAndReturnsTheAnswer) {
  FakeLatentd server;
  server.interpret_selection_with_progress = [](grpc::ServerContext*, const auto& request,
                                                auto* writer) {
    if (request.detector().name() != "ae") {
      return grpc::Status(grpc::StatusCode::NOT_FOUND, "detector 'x' not found");
    }
    writer->Write(ProgressUpdate("scoring events", 0, 4));
    writer->Write(ProgressUpdate("templates", 3, 5));
    if (request.keep() == 0.5) return grpc::Status::OK;  // ends without its answer
    v1::InterpretSelectionUpdate answer;
    answer.mutable_answer()->set_verdict("signal");
    writer->Write(answer);
    return grpc::Status::OK;
  };
  ASSERT_TRUE(server.Start());
  Client client = MakeClient(server, FastOptions(""));
  v1::InterpretSelectionRequest request;
  request.mutable_detector()->set_name("ae");
  request.set_keep(0.1);
  std::vector<std::string> steps;
  const absl::StatusOr<v1::InterpretSelectionResponse> answer =
      client.InterpretSelectionWithProgress(request, [&](const v1::InterpretSelectionProgress& p) {
        steps.push_back(absl::StrCat(p.step(), " ", p.done(), "/", p.total()));
      });
  ASSERT_TRUE(answer.ok()) << answer.status();
  EXPECT_EQ(answer->verdict(), "signal");
  EXPECT_THAT(steps, ElementsAre("scoring events 0/4", "templates 3/5"));
  request.set_keep(0.5);
  EXPECT_EQ(client.InterpretSelectionWithProgress(request).status().code(),
            absl::StatusCode::kUnavailable);
  request.mutable_detector()->set_name("x");
  const absl::Status refused = client.InterpretSelectionWithProgress(request).status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(refused.message(), "detector 'x' not found");
}

TEST(ClientTest, InterpretSelectionWithProgressStopsTheServersWorkWhenTheFlagIsSet) {
  FakeLatentd server;
  std::atomic<bool> server_saw_cancel{false};
  server.interpret_selection_with_progress =
      WriteThenAwaitCancel(ProgressUpdate("templates", 0, 100), &server_saw_cancel);
  ASSERT_TRUE(server.Start());
  std::atomic<bool> cancel{false};
  const auto start = std::chrono::steady_clock::now();
  const absl::StatusOr<v1::InterpretSelectionResponse> answer =
      MakeClient(server, FastOptions(""))
          .InterpretSelectionWithProgress(
              v1::InterpretSelectionRequest(),
              [&](const v1::InterpretSelectionProgress&) { cancel = true; }, &cancel);
  EXPECT_EQ(answer.status().code(), absl::StatusCode::kCancelled);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  server.Stop();
  EXPECT_TRUE(server_saw_cancel);
}

TEST(ClientTest, WatchJobResumesAfterABrokenStream) {
  FakeLatentd server;
  std::atomic<int> calls{0};
  server.watch_job = [&](grpc::ServerContext*, const auto&, auto* writer) {
    if (++calls == 1) {
      writer->Write(JobIn(v1::JOB_STATE_RUNNING, 1));
      return grpc::Status(grpc::StatusCode::UNAVAILABLE, "restarting");
    }
    writer->Write(JobIn(v1::JOB_STATE_SUCCEEDED, 5));
    return grpc::Status::OK;
  };
  ASSERT_TRUE(server.Start());
  const absl::StatusOr<v1::Job> job = MakeClient(server, FastOptions("")).WatchJob("job-1");
  ASSERT_TRUE(job.ok()) << job.status();
  EXPECT_EQ(job->progress().epoch(), 5);
  EXPECT_EQ(calls, 2);
}

TEST(ClientTest, RefusedConnectionIsUnreachable) {
  ClientOptions options = FastOptions("127.0.0.1:1");
  options.max_retries = 0;
  absl::StatusOr<Client> client = Client::Create(options);
  ASSERT_TRUE(client.ok());
  const absl::Status status = client->ListSamples().status();
  EXPECT_TRUE(absl::IsUnavailable(status)) << status;
  EXPECT_TRUE(IsUnreachable(status));
}

TEST(ClientTest, DeadlineWhileConnectingIsUnreachableButASlowCallIsNot) {
  // A socket that accepts TCP connections (the kernel's backlog) but never speaks HTTP/2.
  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  ASSERT_EQ(listen(listener, 16), 0);
  socklen_t length = sizeof(address);
  getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
  ClientOptions options = FastOptions("127.0.0.1:" + std::to_string(ntohs(address.sin_port)));
  options.timeout_seconds = 0.3;
  options.max_retries = 0;
  absl::Status status = Client::Create(options)->ListSamples().status();
  close(listener);
  EXPECT_TRUE(absl::IsDeadlineExceeded(status)) << status;
  EXPECT_TRUE(IsUnreachable(status));

  FakeLatentd server;
  server.list_samples = [](grpc::ServerContext*, const auto&, auto*) {
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    return grpc::Status::OK;
  };
  ASSERT_TRUE(server.Start());
  options.timeout_seconds = 0.3;
  Client client = MakeClient(server, options);
  ASSERT_TRUE(client.Health().ok());  // connected
  status = client.ListSamples().status();
  EXPECT_TRUE(absl::IsDeadlineExceeded(status)) << status;
  EXPECT_FALSE(IsUnreachable(status));
}

TEST(ClientTest, ReceivesMessagesLargerThanGrpcsDefaultLimit) {
  FakeLatentd server;
  server.get_feature_map = [](grpc::ServerContext*, const auto&, v1::GetFeatureMapResponse* map) {
    map->mutable_mean()->Resize(1500000, 0.5);  // 12 MB, over gRPC's default 4 MiB
    return grpc::Status::OK;
  };
  ASSERT_TRUE(server.Start());
  const absl::StatusOr<v1::GetFeatureMapResponse> map =
      MakeClient(server, FastOptions("")).GetFeatureMap(v1::GetFeatureMapRequest());
  ASSERT_TRUE(map.ok()) << map.status();
  EXPECT_EQ(map->mean_size(), 1500000);
}

}  // namespace
}  // namespace latentspace
