// An in-process stand-in for latentd for client tests: a gRPC server on 127.0.0.1:<free port>
// serving every latentspace.v1 service, each RPC answered by a handler the test sets before
// Start() (UNIMPLEMENTED when unset), plus gRPC's default health service (SERVING).
#ifndef LATENTSPACE_TESTS_CLIENT_FAKE_LATENTD_H_
#define LATENTSPACE_TESTS_CLIENT_FAKE_LATENTD_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/health_check_service_interface.h"
#include "latentspace/v1/detector_service.grpc.pb.h"
#include "latentspace/v1/embedding_service.grpc.pb.h"
#include "latentspace/v1/encoder_service.grpc.pb.h"
#include "latentspace/v1/job_service.grpc.pb.h"
#include "latentspace/v1/proximity_service.grpc.pb.h"
#include "latentspace/v1/sample_service.grpc.pb.h"

namespace latentspace::testing {

template <typename Request, typename Response>
using UnaryHandler = std::function<grpc::Status(grpc::ServerContext*, const Request&, Response*)>;

class FakeLatentd {
 public:
  // SampleService.
  std::function<grpc::Status(grpc::ServerContext*, grpc::ServerReader<v1::UploadSampleRequest>*,
                             v1::Sample*)>
      upload_sample;
  UnaryHandler<v1::ListSamplesRequest, v1::ListSamplesResponse> list_samples;
  UnaryHandler<v1::GetSampleRequest, v1::Sample> get_sample;
  UnaryHandler<v1::DeleteSampleRequest, v1::DeleteSampleResponse> delete_sample;
  // JobService.
  UnaryHandler<v1::TrainingRequest, v1::Job> submit_training;
  UnaryHandler<v1::DetectorTrainingRequest, v1::Job> submit_detector_training;
  UnaryHandler<v1::GetJobRequest, v1::Job> get_job;
  UnaryHandler<v1::ListJobsRequest, v1::ListJobsResponse> list_jobs;
  std::function<grpc::Status(grpc::ServerContext*, const v1::WatchJobRequest&,
                             grpc::ServerWriter<v1::Job>*)>
      watch_job;
  UnaryHandler<v1::CancelJobRequest, v1::Job> cancel_job;
  // EncoderService.
  UnaryHandler<v1::ListEncodersRequest, v1::ListEncodersResponse> list_encoders;
  UnaryHandler<v1::GetEncoderRequest, v1::Encoder> get_encoder;
  UnaryHandler<v1::DeleteEncoderRequest, v1::DeleteEncoderResponse> delete_encoder;
  // DetectorService.
  UnaryHandler<v1::ListDetectorsRequest, v1::ListDetectorsResponse> list_detectors;
  UnaryHandler<v1::GetDetectorRequest, v1::Detector> get_detector;
  UnaryHandler<v1::DeleteDetectorRequest, v1::DeleteDetectorResponse> delete_detector;
  UnaryHandler<v1::ScoreEventsRequest, v1::ScoreEventsResponse> score_events;
  UnaryHandler<v1::InterpretSelectionRequest, v1::InterpretSelectionResponse> interpret_selection;
  std::function<grpc::Status(grpc::ServerContext*, const v1::InterpretSelectionRequest&,
                             grpc::ServerWriter<v1::InterpretSelectionUpdate>*)>
      interpret_selection_with_progress;
  // EmbeddingService.
  UnaryHandler<v1::EmbedRequest, v1::EmbedResponse> embed;
  // ProximityService.
  UnaryHandler<v1::QueryNearestRequest, v1::QueryNearestResponse> query_nearest;
  UnaryHandler<v1::GetContoursRequest, v1::GetContoursResponse> get_contours;
  UnaryHandler<v1::GetFeatureMapRequest, v1::GetFeatureMapResponse> get_feature_map;
  UnaryHandler<v1::GetDistanceMatrixRequest, v1::GetDistanceMatrixResponse> get_distance_matrix;

  // How the server listens (plaintext unless a test sets TLS credentials before Start()).
  std::shared_ptr<grpc::ServerCredentials> credentials = grpc::InsecureServerCredentials();

  FakeLatentd() = default;
  ~FakeLatentd() { Stop(); }
  FakeLatentd(const FakeLatentd&) = delete;
  FakeLatentd& operator=(const FakeLatentd&) = delete;

  // Serves on a free port; false when the server could not start.
  bool Start() {
    grpc::EnableDefaultHealthCheckService(true);
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", credentials, &port);
    builder.SetMaxReceiveMessageSize(256 << 20);
    builder.SetMaxSendMessageSize(256 << 20);
    for (grpc::Service* service : std::initializer_list<grpc::Service*>{
             &samples_, &jobs_, &encoders_, &detectors_, &embedding_, &proximity_}) {
      builder.RegisterService(service);
    }
    server_ = builder.BuildAndStart();
    if (server_ == nullptr || port == 0) return false;
    address_ = absl::StrCat("127.0.0.1:", port);
    return true;
  }

  void Stop() {
    if (server_ == nullptr) return;
    server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
    server_->Wait();
    server_.reset();
  }

  const std::string& address() const { return address_; }

 private:
  template <typename Handler, typename... Args>
  static grpc::Status Call(const Handler& handler, Args... args) {
    if (!handler) return grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "not faked");
    return handler(args...);
  }

// Request and Response are type names, which parentheses would not compile.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define LATENT_FAKE_UNARY(Method, member, Request, Response)                                    \
  grpc::Status Method(grpc::ServerContext* context, const Request* request, Response* response) \
      override {                                                                                \
    return Call(owner_->member, context, *request, response);                                   \
  }
  // NOLINTEND(bugprone-macro-parentheses)

  class Samples : public v1::SampleService::Service {
   public:
    explicit Samples(FakeLatentd* owner) : owner_(owner) {}
    grpc::Status UploadSample(grpc::ServerContext* context,
                              grpc::ServerReader<v1::UploadSampleRequest>* reader,
                              v1::Sample* response) override {
      return Call(owner_->upload_sample, context, reader, response);
    }
    LATENT_FAKE_UNARY(ListSamples, list_samples, v1::ListSamplesRequest, v1::ListSamplesResponse)
    LATENT_FAKE_UNARY(GetSample, get_sample, v1::GetSampleRequest, v1::Sample)
    LATENT_FAKE_UNARY(DeleteSample, delete_sample, v1::DeleteSampleRequest,
                      v1::DeleteSampleResponse)

   private:
    FakeLatentd* owner_;
  };

  class Jobs : public v1::JobService::Service {
   public:
    explicit Jobs(FakeLatentd* owner) : owner_(owner) {}
    LATENT_FAKE_UNARY(SubmitTraining, submit_training, v1::TrainingRequest, v1::Job)
    LATENT_FAKE_UNARY(SubmitDetectorTraining, submit_detector_training, v1::DetectorTrainingRequest,
                      v1::Job)
    LATENT_FAKE_UNARY(GetJob, get_job, v1::GetJobRequest, v1::Job)
    LATENT_FAKE_UNARY(ListJobs, list_jobs, v1::ListJobsRequest, v1::ListJobsResponse)
    LATENT_FAKE_UNARY(CancelJob, cancel_job, v1::CancelJobRequest, v1::Job)
    grpc::Status WatchJob(grpc::ServerContext* context, const v1::WatchJobRequest* request,
                          grpc::ServerWriter<v1::Job>* writer) override {
      return Call(owner_->watch_job, context, *request, writer);
    }

   private:
    FakeLatentd* owner_;
  };

  class Encoders : public v1::EncoderService::Service {
   public:
    explicit Encoders(FakeLatentd* owner) : owner_(owner) {}
    LATENT_FAKE_UNARY(ListEncoders, list_encoders, v1::ListEncodersRequest,
                      v1::ListEncodersResponse)
    LATENT_FAKE_UNARY(GetEncoder, get_encoder, v1::GetEncoderRequest, v1::Encoder)
    LATENT_FAKE_UNARY(DeleteEncoder, delete_encoder, v1::DeleteEncoderRequest,
                      v1::DeleteEncoderResponse)

   private:
    FakeLatentd* owner_;
  };

  class Detectors : public v1::DetectorService::Service {
   public:
    explicit Detectors(FakeLatentd* owner) : owner_(owner) {}
    LATENT_FAKE_UNARY(ListDetectors, list_detectors, v1::ListDetectorsRequest,
                      v1::ListDetectorsResponse)
    LATENT_FAKE_UNARY(GetDetector, get_detector, v1::GetDetectorRequest, v1::Detector)
    LATENT_FAKE_UNARY(DeleteDetector, delete_detector, v1::DeleteDetectorRequest,
                      v1::DeleteDetectorResponse)
    LATENT_FAKE_UNARY(ScoreEvents, score_events, v1::ScoreEventsRequest, v1::ScoreEventsResponse)
    LATENT_FAKE_UNARY(InterpretSelection, interpret_selection, v1::InterpretSelectionRequest,
                      v1::InterpretSelectionResponse)
    grpc::Status InterpretSelectionWithProgress(
        grpc::ServerContext* context, const v1::InterpretSelectionRequest* request,
        grpc::ServerWriter<v1::InterpretSelectionUpdate>* writer) override {
      return Call(owner_->interpret_selection_with_progress, context, *request, writer);
    }

   private:
    FakeLatentd* owner_;
  };

  class Embedding : public v1::EmbeddingService::Service {
   public:
    explicit Embedding(FakeLatentd* owner) : owner_(owner) {}
    LATENT_FAKE_UNARY(Embed, embed, v1::EmbedRequest, v1::EmbedResponse)

   private:
    FakeLatentd* owner_;
  };

  class Proximity : public v1::ProximityService::Service {
   public:
    explicit Proximity(FakeLatentd* owner) : owner_(owner) {}
    LATENT_FAKE_UNARY(QueryNearest, query_nearest, v1::QueryNearestRequest,
                      v1::QueryNearestResponse)
    LATENT_FAKE_UNARY(GetContours, get_contours, v1::GetContoursRequest, v1::GetContoursResponse)
    LATENT_FAKE_UNARY(GetFeatureMap, get_feature_map, v1::GetFeatureMapRequest,
                      v1::GetFeatureMapResponse)
    LATENT_FAKE_UNARY(GetDistanceMatrix, get_distance_matrix, v1::GetDistanceMatrixRequest,
                      v1::GetDistanceMatrixResponse)

   private:
    FakeLatentd* owner_;
  };

#undef LATENT_FAKE_UNARY

  Samples samples_{this};
  Jobs jobs_{this};
  Encoders encoders_{this};
  Detectors detectors_{this};
  Embedding embedding_{this};
  Proximity proximity_{this};
  std::unique_ptr<grpc::Server> server_;
  std::string address_;
};

}  // namespace latentspace::testing

#endif  // LATENTSPACE_TESTS_CLIENT_FAKE_LATENTD_H_
