// What every end-to-end test of latentd shares: a real latentd per test (LatentdProcess), typed
// clients of its services, the bundled Dark Machines samples as API events, and assertions on
// gRPC statuses and messages.
#ifndef LATENTSPACE_TESTS_E2E_SERVER_E2E_H_
#define LATENTSPACE_TESTS_E2E_SERVER_E2E_H_

#include <google/protobuf/util/field_comparator.h>
#include <google/protobuf/util/message_differencer.h>
#include <grpcpp/grpcpp.h>

#include <sys/wait.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "latentspace/v1/detector_service.grpc.pb.h"
#include "latentspace/v1/embedding_service.grpc.pb.h"
#include "latentspace/v1/encoder_service.grpc.pb.h"
#include "latentspace/v1/job_service.grpc.pb.h"
#include "latentspace/v1/proximity_service.grpc.pb.h"
#include "latentspace/v1/sample_service.grpc.pb.h"
#include "nlohmann/json.hpp"
#include "tests/testing/latentd_process.h"
#include "tests/testing/paths.h"
#include "tests/testing/proto_events.h"

namespace latentspace::e2e {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

// ---- Assertions.

inline std::string CodeName(grpc::StatusCode code) {
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

inline std::string Describe(const grpc::Status& status) {
  return CodeName(status.error_code()) + (status.error_message().empty() ? "" : ": ") +
         status.error_message();
}

// The status has `code`, and (when given) its message contains every one of `fragments`.
inline ::testing::AssertionResult HasStatus(const grpc::Status& status, grpc::StatusCode code,
                                            const std::vector<std::string>& fragments = {}) {
  if (status.error_code() != code) {
    return ::testing::AssertionFailure()
           << "expected " << CodeName(code) << ", got " << Describe(status);
  }
  for (const std::string& fragment : fragments) {
    if (!absl::StrContains(status.error_message(), fragment)) {
      return ::testing::AssertionFailure()
             << "the " << CodeName(code) << " message \"" << status.error_message()
             << "\" does not name \"" << fragment << "\"";
    }
  }
  return ::testing::AssertionSuccess();
}

inline ::testing::AssertionResult IsOk(const grpc::Status& status) {
  if (status.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << Describe(status);
}

// With `nan_is_equal`, a NaN field equals NaN (a validation loss may be NaN).
inline ::testing::AssertionResult ProtoEquals(const google::protobuf::Message& expected,
                                              const google::protobuf::Message& actual,
                                              bool nan_is_equal = false) {
  google::protobuf::util::DefaultFieldComparator comparator;
  comparator.set_treat_nan_as_equal(nan_is_equal);
  google::protobuf::util::MessageDifferencer differencer;
  differencer.set_field_comparator(&comparator);
  std::string report;
  differencer.ReportDifferencesToString(&report);
  if (differencer.Compare(expected, actual)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "protos differ:\n" << report;
}

// Polls `done` every `step` until it is true or `timeout` passes; returns its last value.
inline bool WaitFor(const std::function<bool()>& done, Clock::duration timeout,
                    Clock::duration step = milliseconds(50)) {
  const Clock::time_point deadline = Clock::now() + timeout;
  while (true) {
    if (done()) return true;
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(step);
  }
}

// ---- Clients.

inline bool IsFinal(v1::JobState state) {
  return state == v1::JOB_STATE_SUCCEEDED || state == v1::JOB_STATE_FAILED ||
         state == v1::JOB_STATE_CANCELLED;
}

// Stubs of latentd's services on one channel, with one-line unary calls (deadline 60 s).
class Api {
 public:
  explicit Api(const std::string& address)
      : channel_(grpc::CreateChannel(address, grpc::InsecureChannelCredentials())),
        samples(v1::SampleService::NewStub(channel_)),
        jobs(v1::JobService::NewStub(channel_)),
        encoders(v1::EncoderService::NewStub(channel_)),
        embedding(v1::EmbeddingService::NewStub(channel_)),
        proximity(v1::ProximityService::NewStub(channel_)),
        detectors(v1::DetectorService::NewStub(channel_)) {}

  const std::shared_ptr<grpc::Channel>& channel() const { return channel_; }

  // Any unary method of any stub: Call(&v1::SampleService::Stub::GetSample, *samples, req, &resp).
  template <typename Stub, typename Request, typename Response>
  static grpc::Status Call(grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                                        Response*),
                           Stub& stub, const Request& request, Response* response,
                           seconds deadline = seconds(60)) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + deadline);
    return (stub.*method)(&context, request, response);
  }

  grpc::Status GetSample(const std::string& name, v1::Sample* out) {
    v1::GetSampleRequest request;
    request.set_name(name);
    return Call(&v1::SampleService::Stub::GetSample, *samples, request, out);
  }
  grpc::Status ListSamples(v1::ListSamplesResponse* out) {
    return Call(&v1::SampleService::Stub::ListSamples, *samples, v1::ListSamplesRequest(), out);
  }
  grpc::Status DeleteSample(const std::string& name) {
    v1::DeleteSampleRequest request;
    request.set_name(name);
    v1::DeleteSampleResponse response;
    return Call(&v1::SampleService::Stub::DeleteSample, *samples, request, &response);
  }
  grpc::Status Upload(const v1::SampleHeader& header, const std::vector<v1::Event>& events,
                      v1::Sample* out = nullptr, int events_per_chunk = 500) {
    testing::UploadOptions options;
    options.events_per_chunk = events_per_chunk;
    return testing::UploadSample(*samples, header, events, out, options);
  }

  // A stream of hand-made chunks, half-closed after the last one (or once the server ended it).
  grpc::Status UploadChunks(const std::vector<v1::UploadSampleRequest>& chunks,
                            v1::Sample* out = nullptr) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + seconds(60));
    v1::Sample response;
    auto writer = samples->UploadSample(&context, &response);
    for (const v1::UploadSampleRequest& chunk : chunks) {
      if (!writer->Write(chunk)) break;
    }
    writer->WritesDone();
    grpc::Status status = writer->Finish();
    if (status.ok() && out != nullptr) *out = response;
    return status;
  }

  grpc::Status Submit(const v1::TrainingRequest& request, v1::Job* out) {
    return Call(&v1::JobService::Stub::SubmitTraining, *jobs, request, out);
  }
  grpc::Status SubmitDetector(const v1::DetectorTrainingRequest& request, v1::Job* out) {
    return Call(&v1::JobService::Stub::SubmitDetectorTraining, *jobs, request, out);
  }
  grpc::Status GetJob(const std::string& id, v1::Job* out) {
    v1::GetJobRequest request;
    request.set_id(id);
    return Call(&v1::JobService::Stub::GetJob, *jobs, request, out);
  }
  grpc::Status ListJobs(v1::JobState state, v1::ListJobsResponse* out) {
    v1::ListJobsRequest request;
    request.set_state(state);
    return Call(&v1::JobService::Stub::ListJobs, *jobs, request, out);
  }
  grpc::Status CancelJob(const std::string& id, v1::Job* out) {
    v1::CancelJobRequest request;
    request.set_id(id);
    return Call(&v1::JobService::Stub::CancelJob, *jobs, request, out);
  }
  // Every snapshot WatchJob sends until the stream ends; *status gets how it ended.
  std::vector<v1::Job> WatchJob(const std::string& id, grpc::Status* status,
                                seconds deadline = seconds(120)) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + deadline);
    v1::WatchJobRequest request;
    request.set_id(id);
    std::unique_ptr<grpc::ClientReader<v1::Job>> reader = jobs->WatchJob(&context, request);
    std::vector<v1::Job> snapshots;
    v1::Job job;
    while (reader->Read(&job)) snapshots.push_back(job);
    *status = reader->Finish();
    return snapshots;
  }
  // Polls GetJob until the job reaches a final state or `timeout` passes; the last snapshot.
  v1::Job AwaitJob(const std::string& id, Clock::duration timeout = seconds(120)) {
    v1::Job job;
    WaitFor(
        [&] {
          grpc::Status status = GetJob(id, &job);
          return !status.ok() || IsFinal(job.state());
        },
        timeout, milliseconds(100));
    return job;
  }
  // Polls GetJob until `ready` holds for the job (or it ends, or `timeout` passes).
  v1::Job AwaitJobUntil(const std::string& id, const std::function<bool(const v1::Job&)>& ready,
                        Clock::duration timeout = seconds(60)) {
    v1::Job job;
    WaitFor(
        [&] {
          grpc::Status status = GetJob(id, &job);
          return !status.ok() || ready(job) || IsFinal(job.state());
        },
        timeout, milliseconds(20));
    return job;
  }

  grpc::Status GetEncoder(const std::string& name, int64_t version, v1::Encoder* out) {
    v1::GetEncoderRequest request;
    request.mutable_encoder()->set_name(name);
    request.mutable_encoder()->set_version(version);
    return Call(&v1::EncoderService::Stub::GetEncoder, *encoders, request, out);
  }
  grpc::Status ListEncoders(bool all_versions, v1::ListEncodersResponse* out) {
    v1::ListEncodersRequest request;
    request.set_all_versions(all_versions);
    return Call(&v1::EncoderService::Stub::ListEncoders, *encoders, request, out);
  }
  grpc::Status DeleteEncoder(const std::string& name, int64_t version) {
    v1::DeleteEncoderRequest request;
    request.mutable_encoder()->set_name(name);
    request.mutable_encoder()->set_version(version);
    v1::DeleteEncoderResponse response;
    return Call(&v1::EncoderService::Stub::DeleteEncoder, *encoders, request, &response);
  }
  grpc::Status GetDetector(const std::string& name, int64_t version, v1::Detector* out) {
    v1::GetDetectorRequest request;
    request.mutable_detector()->set_name(name);
    request.mutable_detector()->set_version(version);
    return Call(&v1::DetectorService::Stub::GetDetector, *detectors, request, out);
  }
  grpc::Status ListDetectors(bool all_versions, v1::ListDetectorsResponse* out) {
    v1::ListDetectorsRequest request;
    request.set_all_versions(all_versions);
    return Call(&v1::DetectorService::Stub::ListDetectors, *detectors, request, out);
  }
  grpc::Status DeleteDetector(const std::string& name, int64_t version) {
    v1::DeleteDetectorRequest request;
    request.mutable_detector()->set_name(name);
    request.mutable_detector()->set_version(version);
    v1::DeleteDetectorResponse response;
    return Call(&v1::DetectorService::Stub::DeleteDetector, *detectors, request, &response);
  }
  grpc::Status ScoreEvents(const v1::ScoreEventsRequest& request, v1::ScoreEventsResponse* out) {
    return Call(&v1::DetectorService::Stub::ScoreEvents, *detectors, request, out);
  }
  grpc::Status InterpretSelection(const v1::InterpretSelectionRequest& request,
                                  v1::InterpretSelectionResponse* out) {
    return Call(&v1::DetectorService::Stub::InterpretSelection, *detectors, request, out);
  }
  grpc::Status Embed(const v1::EmbedRequest& request, v1::EmbedResponse* out) {
    return Call(&v1::EmbeddingService::Stub::Embed, *embedding, request, out);
  }
  grpc::Status QueryNearest(const v1::QueryNearestRequest& request, v1::QueryNearestResponse* out) {
    return Call(&v1::ProximityService::Stub::QueryNearest, *proximity, request, out);
  }
  grpc::Status GetContours(const v1::GetContoursRequest& request, v1::GetContoursResponse* out) {
    return Call(&v1::ProximityService::Stub::GetContours, *proximity, request, out);
  }
  grpc::Status GetFeatureMap(const v1::GetFeatureMapRequest& request,
                             v1::GetFeatureMapResponse* out) {
    return Call(&v1::ProximityService::Stub::GetFeatureMap, *proximity, request, out);
  }
  grpc::Status GetDistanceMatrix(const v1::GetDistanceMatrixRequest& request,
                                 v1::GetDistanceMatrixResponse* out) {
    return Call(&v1::ProximityService::Stub::GetDistanceMatrix, *proximity, request, out);
  }
  // grpc.health.v1 Check of `service` ("": the server as a whole); *status gets the call's status.
  grpc::health::v1::HealthCheckResponse::ServingStatus CheckHealth(const std::string& service,
                                                                   grpc::Status* status) {
    auto stub = grpc::health::v1::Health::NewStub(channel_);
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(service);
    grpc::health::v1::HealthCheckResponse response;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + seconds(10));
    *status = stub->Check(&context, request, &response);
    return response.status();
  }

 private:
  std::shared_ptr<grpc::Channel> channel_;

 public:
  std::unique_ptr<v1::SampleService::Stub> samples;
  std::unique_ptr<v1::JobService::Stub> jobs;
  std::unique_ptr<v1::EncoderService::Stub> encoders;
  std::unique_ptr<v1::EmbeddingService::Stub> embedding;
  std::unique_ptr<v1::ProximityService::Stub> proximity;
  std::unique_ptr<v1::DetectorService::Stub> detectors;
};

// ---- The bundled samples (data/darkmachines/samples.json): name, file and theory parameters.

struct BundledModel {
  std::string name;
  std::string file;  // full path
  std::map<std::string, double> parameters;
};

inline BundledModel Bundled(const std::string& name) {
  const nlohmann::json index = nlohmann::json::parse(
      testing::ReadFile(testing::BundledDataDir() + "/samples.json"), nullptr, false);
  if (!index.is_discarded()) {
    for (const nlohmann::json& sample : index["samples"]) {
      if (sample.value("name", "") != name) continue;
      BundledModel model{
          name, testing::BundledDataDir() + "/" + sample["file"].get<std::string>(), {}};
      for (const auto& [key, value] : sample["parameters"].items()) {
        model.parameters[key] = value.get<double>();
      }
      return model;
    }
  }
  ADD_FAILURE() << "no bundled sample '" << name << "' in samples.json";
  return {name, "", {}};
}

// The bundled file's events (read once per process).
inline const std::vector<v1::Event>& BundledEvents(const std::string& name) {
  static std::mutex mutex;
  static std::map<std::string, std::vector<v1::Event>> cache;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = cache.find(name);
  if (it == cache.end()) {
    absl::StatusOr<std::vector<v1::Event>> events = testing::ReadProtoEvents(Bundled(name).file);
    if (!events.ok()) ADD_FAILURE() << "reading bundled sample " << name << ": " << events.status();
    it = cache.emplace(name, events.ok() ? *std::move(events) : std::vector<v1::Event>()).first;
  }
  return it->second;
}

inline v1::SampleHeader HeaderOf(const BundledModel& model, bool overwrite = false) {
  v1::SampleHeader header;
  header.set_name(model.name);
  header.mutable_parameters()->insert(model.parameters.begin(), model.parameters.end());
  header.set_overwrite(overwrite);
  header.set_source_format("darkmachines");
  return header;
}

// Uploads bundled sample `name` under its own name: all of its events, or the first `max_events`.
inline grpc::Status UploadBundled(Api& api, const std::string& name, v1::Sample* out = nullptr,
                                  size_t max_events = SIZE_MAX) {
  const std::vector<v1::Event>& events = BundledEvents(name);
  return api.Upload(HeaderOf(Bundled(name)), testing::Slice(events, 0, max_events), out);
}

inline v1::TrainingRequest TrainingRequest(const std::string& encoder,
                                           const std::vector<std::string>& samples, int epochs) {
  v1::TrainingRequest request;
  request.set_encoder(encoder);
  for (const std::string& sample : samples) request.add_samples(sample);
  request.set_epochs(epochs);
  request.set_seed(7);
  return request;
}

inline v1::EventBatch EventBatchOf(const std::vector<v1::Event>& events) {
  v1::EventBatch batch;
  for (const v1::Event& event : events) *batch.mutable_events()->add_events() = event;
  return batch;
}

// ---- A fixture with one real latentd per test, on a fresh data directory.

class LatentdTest : public ::testing::Test {
 protected:
  // Starts latentd (again, on the same data directory after Terminate/Kill) and connects.
  ::testing::AssertionResult StartServer(const std::vector<std::string>& extra_args = {}) {
    if (data_dir_.empty()) data_dir_ = ScratchDir() + "/data";
    if (server_ == nullptr || extra_args != extra_args_) {
      if (server_ != nullptr) server_->Kill();
      extra_args_ = extra_args;
      server_ = std::make_unique<testing::LatentdProcess>(data_dir_, extra_args);
    }
    const Clock::time_point start = Clock::now();
    if (!server_->Start()) {
      return ::testing::AssertionFailure() << "latentd did not start; its log:\n" << server_->log();
    }
    startup_ = Clock::now() - start;
    api_ = std::make_unique<Api>(server_->address());
    if (!api_->channel()->WaitForConnected(std::chrono::system_clock::now() + seconds(10))) {
      return ::testing::AssertionFailure() << "cannot connect to " << server_->address();
    }
    return ::testing::AssertionSuccess();
  }

  // SIGTERM after closing this test's channel: with an idle client connected, gRPC's graceful
  // shutdown waits for the connection until latentd's 5 s grace runs out. latentd's exit status.
  int StopServer() {
    api_.reset();
    return server_->Terminate();
  }

  // How latentd ended when it is no longer running on its own ("" while it runs): the child is
  // looked at without being reaped, so LatentdProcess still owns it.
  std::string ServerDeath() const {
    if (server_ == nullptr || !server_->running()) return "";
    siginfo_t info{};
    if (waitid(P_PID, static_cast<id_t>(server_->pid()), &info, WEXITED | WNOHANG | WNOWAIT) != 0 ||
        info.si_pid == 0) {
      return "";
    }
    if (info.si_code == CLD_EXITED) return "exited with status " + std::to_string(info.si_status);
    return "died of signal " + std::to_string(info.si_status) + " (" + strsignal(info.si_status) +
           ")";
  }

  // Prints the server's log (and how it died, if it did) when the test failed.
  void TearDown() override {
    if (server_ != nullptr && HasFailure()) {
      const std::string death = ServerDeath();
      std::cerr << "---- latentd log (" << data_dir_ << "/latentd.log):\n"
                << server_->log() << "----\n"
                << (death.empty() ? "" : "latentd " + death + " during the test\n");
    }
    if (server_ != nullptr) server_->Kill();
    // Kept for inspection when the test failed.
    if (!scratch_dir_.empty() && !HasFailure()) {
      std::error_code ignored;
      std::filesystem::remove_all(scratch_dir_, ignored);
    }
  }

  // This test's own empty directory: unlike testing::ScratchDir(), named with the process id too,
  // so that the same test run from two build directories at once (ctest in each) cannot collide.
  const std::string& ScratchDir() {
    if (scratch_dir_.empty()) {
      const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
      const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) /
                                        "latentspace-e2e" /
                                        (std::string(info->test_suite_name()) + "." + info->name() +
                                         "." + std::to_string(getpid()));
      std::filesystem::remove_all(dir);
      std::filesystem::create_directories(dir);
      scratch_dir_ = dir.string();
    }
    return scratch_dir_;
  }

  testing::LatentdProcess& server() { return *server_; }
  Api& api() { return *api_; }
  const std::string& data_dir() const { return data_dir_; }

  std::unique_ptr<testing::LatentdProcess> server_;
  std::unique_ptr<Api> api_;
  std::string scratch_dir_;
  std::string data_dir_;
  std::vector<std::string> extra_args_;
  Clock::duration startup_{};
};

}  // namespace latentspace::e2e

#endif  // LATENTSPACE_TESTS_E2E_SERVER_E2E_H_
