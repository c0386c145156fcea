// latentspace::Client, the C++ SDK of latentd: one typed method per RPC of the latentspace.v1 API
// and the standard health check, returning absl::StatusOr (the gRPC code and message unchanged).
// Depends only on the generated protos and gRPC; no core/ header, no LibTorch.
//
//   absl::StatusOr<latentspace::Client> client = latentspace::Client::Create({.target = addr});
//   absl::StatusOr<v1::ListSamplesResponse> samples = client->ListSamples();
//
// A Client is thread-safe: calls may run concurrently from several threads.
#ifndef LATENTSPACE_CLIENT_SDK_CLIENT_H_
#define LATENTSPACE_CLIENT_SDK_CLIENT_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "client/sdk/client_options.h"
#include "client/sdk/retry.h"
#include "client/sdk/status.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "latentspace/v1/detector_service.grpc.pb.h"
#include "latentspace/v1/embedding_service.grpc.pb.h"
#include "latentspace/v1/encoder_service.grpc.pb.h"
#include "latentspace/v1/job_service.grpc.pb.h"
#include "latentspace/v1/proximity_service.grpc.pb.h"
#include "latentspace/v1/sample_service.grpc.pb.h"

namespace latentspace {

// Fills *chunk (empty on entry) with the next events of an upload and returns true, or returns
// false after the last events (the chunk filled by that call is still sent, marked complete). An
// error status aborts the upload: the RPC is cancelled without a complete chunk, the server stores
// nothing, and UploadSample returns that status. A lambda returning plain bool converts to this
// type.
using EventChunkSource = std::function<absl::StatusOr<bool>(std::vector<v1::Event>* chunk)>;
// The same for an upload of columns: fills *chunk (empty on entry; EventColumnsBuilder builds
// one) with the next events.
using EventColumnsSource = std::function<absl::StatusOr<bool>(v1::EventColumns* chunk)>;
// The same for a feature table's upload: fills *chunk (empty on entry) with the table's columns
// and its next rows (AppendFeatureTableRow); every chunk names the same columns.
using FeatureTableSource = std::function<absl::StatusOr<bool>(v1::FeatureTable* chunk)>;
// Events sent so far, after every chunk.
using UploadProgress = std::function<void(int64_t events_sent)>;
// Every Job message of a watch, the first one being the job as it is now.
using JobUpdate = std::function<void(const v1::Job& job)>;
// The progress of an interpretation, as the server reports it (the latest while the client reads).
using SelectionProgressUpdate = std::function<void(const v1::InterpretSelectionProgress& progress)>;

class Client {
 public:
  // A client of options.target. Nothing connects until the first call. Errors: INVALID_ARGUMENT
  // (empty target), NOT_FOUND (unreadable tls_root_certs_path).
  static absl::StatusOr<Client> Create(ClientOptions options);
  // A client on an existing channel (e.g. an in-process server's), with `options` for the token,
  // deadlines and retries; options.target is only used in messages.
  Client(std::shared_ptr<grpc::Channel> channel, ClientOptions options);

  const ClientOptions& options() const { return options_; }

  // grpc.health.v1 Check of `service` ("" : the whole server).
  absl::StatusOr<grpc::health::v1::HealthCheckResponse> Health(absl::string_view service = "");

  // SampleService.
  absl::StatusOr<v1::Sample> UploadSample(const v1::SampleHeader& header,
                                          const EventChunkSource& next_chunk,
                                          const UploadProgress& progress = nullptr);
  // The same with the events sent as columns (EventColumns): the fast way for many events.
  absl::StatusOr<v1::Sample> UploadSampleColumns(const v1::SampleHeader& header,
                                                 const EventColumnsSource& next_chunk,
                                                 const UploadProgress& progress = nullptr);
  // A feature table (rows of named per-event features) as a sample; progress counts rows.
  absl::StatusOr<v1::Sample> UploadSampleTable(const v1::SampleHeader& header,
                                               const FeatureTableSource& next_chunk,
                                               const UploadProgress& progress = nullptr);
  absl::StatusOr<v1::ListSamplesResponse> ListSamples();
  absl::StatusOr<v1::Sample> GetSample(absl::string_view name);
  absl::StatusOr<v1::DeleteSampleResponse> DeleteSample(absl::string_view name);

  // JobService.
  absl::StatusOr<v1::Job> SubmitTraining(const v1::TrainingRequest& request);
  absl::StatusOr<v1::Job> SubmitDetectorTraining(const v1::DetectorTrainingRequest& request);
  absl::StatusOr<v1::Job> GetJob(absl::string_view id);
  absl::StatusOr<v1::ListJobsResponse> ListJobs(v1::JobState state = v1::JOB_STATE_UNSPECIFIED);
  // Streams the job's updates to `on_update` until the server ends the stream (after the job's
  // final state) and returns the last Job received. When *cancel becomes true the watch stops
  // within about 50 ms and returns CANCELLED (the job itself keeps running). A broken connection
  // is retried like an idempotent call: the watch starts again from the job as it is then.
  absl::StatusOr<v1::Job> WatchJob(absl::string_view id, const JobUpdate& on_update = nullptr,
                                   const std::atomic<bool>* cancel = nullptr);
  absl::StatusOr<v1::Job> CancelJob(absl::string_view id);

  // EncoderService.
  absl::StatusOr<v1::ListEncodersResponse> ListEncoders(bool all_versions = false);
  absl::StatusOr<v1::Encoder> GetEncoder(const v1::EncoderRef& encoder);
  absl::StatusOr<v1::DeleteEncoderResponse> DeleteEncoder(const v1::EncoderRef& encoder);

  // DetectorService.
  absl::StatusOr<v1::ListDetectorsResponse> ListDetectors(bool all_versions = false);
  absl::StatusOr<v1::Detector> GetDetector(const v1::DetectorRef& detector);
  absl::StatusOr<v1::DeleteDetectorResponse> DeleteDetector(const v1::DetectorRef& detector);
  absl::StatusOr<v1::ScoreEventsResponse> ScoreEvents(const v1::ScoreEventsRequest& request);
  absl::StatusOr<v1::InterpretSelectionResponse> InterpretSelection(
      const v1::InterpretSelectionRequest& request);
  // InterpretSelection with its progress told to `on_progress` as the work goes
  // (InterpretSelectionWithProgress). A stream: no deadline, the work takes as long as it takes.
  // When *cancel becomes true the call is cancelled within about 50 ms, the server stops the
  // work, and this returns CANCELLED. Not retried: a retry would start the work over.
  absl::StatusOr<v1::InterpretSelectionResponse> InterpretSelectionWithProgress(
      const v1::InterpretSelectionRequest& request,
      const SelectionProgressUpdate& on_progress = nullptr,
      const std::atomic<bool>* cancel = nullptr);

  // EmbeddingService.
  absl::StatusOr<v1::EmbedResponse> Embed(const v1::EmbedRequest& request);

  // ProximityService.
  absl::StatusOr<v1::QueryNearestResponse> QueryNearest(const v1::QueryNearestRequest& request);
  absl::StatusOr<v1::GetContoursResponse> GetContours(const v1::GetContoursRequest& request);
  absl::StatusOr<v1::GetFeatureMapResponse> GetFeatureMap(const v1::GetFeatureMapRequest& request);
  absl::StatusOr<v1::GetDistanceMatrixResponse> GetDistanceMatrix(
      const v1::GetDistanceMatrixRequest& request);

 private:
  enum class Retry { kNo, kIdempotent };

  // A context with the token and, for unary calls, the deadline.
  void PrepareContext(grpc::ClientContext* context, bool with_deadline) const;
  // The absl form of a failed call's status, marked unreachable when the channel is not
  // connected.
  absl::Status CallStatus(const grpc::Status& status) const;

  // One unary call: `invoke(context, response)` runs the stub method.
  template <typename Response, typename Invoke>
  absl::StatusOr<Response> Unary(Retry retry, const Invoke& invoke) {
    const auto attempt = [&]() -> absl::StatusOr<Response> {
      grpc::ClientContext context;
      PrepareContext(&context, /*with_deadline=*/true);
      Response response;
      const grpc::Status status = invoke(&context, &response);
      if (!status.ok()) return CallStatus(status);
      return response;
    };
    if (retry == Retry::kNo) return attempt();
    return CallWithRetry(retry_, attempt);
  }

  // One upload: `fill` puts the next events into the request (empty on entry) and returns whether
  // more follow, as EventChunkSource does; the header goes with the first chunk.
  using UploadChunkFill = std::function<absl::StatusOr<bool>(v1::UploadSampleRequest* request)>;
  absl::StatusOr<v1::Sample> Upload(const v1::SampleHeader& header, const UploadChunkFill& fill,
                                    const UploadProgress& progress);

  // One attempt of WatchJob; *received tells whether any Job arrived.
  absl::StatusOr<v1::Job> WatchJobOnce(const v1::WatchJobRequest& request,
                                       const JobUpdate& on_update, const std::atomic<bool>* cancel,
                                       bool* received);

  ClientOptions options_;
  RetryPolicy retry_;
  std::shared_ptr<grpc::Channel> channel_;
  std::shared_ptr<grpc::health::v1::Health::Stub> health_;
  std::shared_ptr<v1::SampleService::Stub> samples_;
  std::shared_ptr<v1::JobService::Stub> jobs_;
  std::shared_ptr<v1::EncoderService::Stub> encoders_;
  std::shared_ptr<v1::DetectorService::Stub> detectors_;
  std::shared_ptr<v1::EmbeddingService::Stub> embedding_;
  std::shared_ptr<v1::ProximityService::Stub> proximity_;
};

}  // namespace latentspace

#endif  // LATENTSPACE_CLIENT_SDK_CLIENT_H_
