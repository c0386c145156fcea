// latentspace::Client: construction, call contexts and the unary RPCs.
#include "client/sdk/client.h"

#include <chrono>
#include <utility>

#include "absl/strings/str_cat.h"
#include "client/sdk/channel.h"
#include "core/status_macros.h"

namespace latentspace {
namespace {

absl::Duration Seconds(double seconds) { return absl::Milliseconds(seconds * 1000); }

}  // namespace

absl::StatusOr<Client> Client::Create(ClientOptions options) {
  LATENT_ASSIGN_OR_RETURN(std::shared_ptr<grpc::Channel> channel, CreateChannel(options));
  return Client(std::move(channel), std::move(options));
}

Client::Client(std::shared_ptr<grpc::Channel> channel, ClientOptions options)
    : options_(std::move(options)),
      retry_{options_.max_retries, Seconds(options_.initial_backoff_seconds),
             Seconds(options_.max_backoff_seconds)},
      channel_(std::move(channel)),
      health_(grpc::health::v1::Health::NewStub(channel_)),
      samples_(v1::SampleService::NewStub(channel_)),
      jobs_(v1::JobService::NewStub(channel_)),
      encoders_(v1::EncoderService::NewStub(channel_)),
      detectors_(v1::DetectorService::NewStub(channel_)),
      embedding_(v1::EmbeddingService::NewStub(channel_)),
      proximity_(v1::ProximityService::NewStub(channel_)) {}

void Client::PrepareContext(grpc::ClientContext* context, bool with_deadline) const {
  if (!options_.token.empty()) {
    context->AddMetadata("authorization", absl::StrCat("Bearer ", options_.token));
  }
  if (with_deadline && options_.timeout_seconds > 0) {
    context->set_deadline(
        std::chrono::system_clock::now() +
        std::chrono::microseconds(static_cast<int64_t>(options_.timeout_seconds * 1e6)));
  }
}

absl::Status Client::CallStatus(const grpc::Status& status) const {
  absl::Status converted = FromGrpcStatus(status);
  if (absl::IsDeadlineExceeded(converted) &&
      channel_->GetState(/*try_to_connect=*/false) != GRPC_CHANNEL_READY) {
    return MarkUnreachable(std::move(converted));
  }
  return converted;
}

absl::StatusOr<grpc::health::v1::HealthCheckResponse> Client::Health(absl::string_view service) {
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(std::string(service));
  return Unary<grpc::health::v1::HealthCheckResponse>(
      Retry::kIdempotent, [&](grpc::ClientContext* context, auto* response) {
        return health_->Check(context, request, response);
      });
}

absl::StatusOr<v1::ListSamplesResponse> Client::ListSamples() {
  const v1::ListSamplesRequest request;
  return Unary<v1::ListSamplesResponse>(Retry::kIdempotent,
                                        [&](grpc::ClientContext* context, auto* response) {
                                          return samples_->ListSamples(context, request, response);
                                        });
}

absl::StatusOr<v1::Sample> Client::GetSample(absl::string_view name) {
  v1::GetSampleRequest request;
  request.set_name(std::string(name));
  return Unary<v1::Sample>(Retry::kIdempotent, [&](grpc::ClientContext* context, auto* response) {
    return samples_->GetSample(context, request, response);
  });
}

absl::StatusOr<v1::DeleteSampleResponse> Client::DeleteSample(absl::string_view name) {
  v1::DeleteSampleRequest request;
  request.set_name(std::string(name));
  return Unary<v1::DeleteSampleResponse>(
      Retry::kNo, [&](grpc::ClientContext* context, auto* response) {
        return samples_->DeleteSample(context, request, response);
      });
}

absl::StatusOr<v1::Job> Client::SubmitTraining(const v1::TrainingRequest& request) {
  return Unary<v1::Job>(Retry::kNo, [&](grpc::ClientContext* context, auto* response) {
    return jobs_->SubmitTraining(context, request, response);
  });
}

absl::StatusOr<v1::Job> Client::SubmitDetectorTraining(const v1::DetectorTrainingRequest& request) {
  return Unary<v1::Job>(Retry::kNo, [&](grpc::ClientContext* context, auto* response) {
    return jobs_->SubmitDetectorTraining(context, request, response);
  });
}

absl::StatusOr<v1::Job> Client::GetJob(absl::string_view id) {
  v1::GetJobRequest request;
  request.set_id(std::string(id));
  return Unary<v1::Job>(Retry::kIdempotent, [&](grpc::ClientContext* context, auto* response) {
    return jobs_->GetJob(context, request, response);
  });
}

absl::StatusOr<v1::ListJobsResponse> Client::ListJobs(v1::JobState state) {
  v1::ListJobsRequest request;
  request.set_state(state);
  return Unary<v1::ListJobsResponse>(Retry::kIdempotent,
                                     [&](grpc::ClientContext* context, auto* response) {
                                       return jobs_->ListJobs(context, request, response);
                                     });
}

absl::StatusOr<v1::Job> Client::CancelJob(absl::string_view id) {
  v1::CancelJobRequest request;
  request.set_id(std::string(id));
  return Unary<v1::Job>(Retry::kNo, [&](grpc::ClientContext* context, auto* response) {
    return jobs_->CancelJob(context, request, response);
  });
}

absl::StatusOr<v1::ListEncodersResponse> Client::ListEncoders(bool all_versions) {
  v1::ListEncodersRequest request;
  request.set_all_versions(all_versions);
  return Unary<v1::ListEncodersResponse>(
      Retry::kIdempotent, [&](grpc::ClientContext* context, auto* response) {
        return encoders_->ListEncoders(context, request, response);
      });
}

absl::StatusOr<v1::Encoder> Client::GetEncoder(const v1::EncoderRef& encoder) {
  v1::GetEncoderRequest request;
  *request.mutable_encoder() = encoder;
  return Unary<v1::Encoder>(Retry::kIdempotent, [&](grpc::ClientContext* context, auto* response) {
    return encoders_->GetEncoder(context, request, response);
  });
}

absl::StatusOr<v1::DeleteEncoderResponse> Client::DeleteEncoder(const v1::EncoderRef& encoder) {
  v1::DeleteEncoderRequest request;
  *request.mutable_encoder() = encoder;
  return Unary<v1::DeleteEncoderResponse>(
      Retry::kNo, [&](grpc::ClientContext* context, auto* response) {
        return encoders_->DeleteEncoder(context, request, response);
      });
}

absl::StatusOr<v1::ListDetectorsResponse> Client::ListDetectors(bool all_versions) {
  v1::ListDetectorsRequest request;
  request.set_all_versions(all_versions);
  return Unary<v1::ListDetectorsResponse>(
      Retry::kIdempotent, [&](grpc::ClientContext* context, auto* response) {
        return detectors_->ListDetectors(context, request, response);
      });
}

absl::StatusOr<v1::Detector> Client::GetDetector(const v1::DetectorRef& detector) {
  v1::GetDetectorRequest request;
  *request.mutable_detector() = detector;
  return Unary<v1::Detector>(Retry::kIdempotent, [&](grpc::ClientContext* context, auto* response) {
    return detectors_->GetDetector(context, request, response);
  });
}

absl::StatusOr<v1::DeleteDetectorResponse> Client::DeleteDetector(const v1::DetectorRef& detector) {
  v1::DeleteDetectorRequest request;
  *request.mutable_detector() = detector;
  return Unary<v1::DeleteDetectorResponse>(
      Retry::kNo, [&](grpc::ClientContext* context, auto* response) {
        return detectors_->DeleteDetector(context, request, response);
      });
}

absl::StatusOr<v1::ScoreEventsResponse> Client::ScoreEvents(const v1::ScoreEventsRequest& request) {
  return Unary<v1::ScoreEventsResponse>(
      Retry::kIdempotent, [&](grpc::ClientContext* context, auto* response) {
        return detectors_->ScoreEvents(context, request, response);
      });
}

absl::StatusOr<v1::InterpretSelectionResponse> Client::InterpretSelection(
    const v1::InterpretSelectionRequest& request) {
  return Unary<v1::InterpretSelectionResponse>(
      Retry::kIdempotent, [&](grpc::ClientContext* context, auto* response) {
        return detectors_->InterpretSelection(context, request, response);
      });
}

absl::StatusOr<v1::EmbedResponse> Client::Embed(const v1::EmbedRequest& request) {
  return Unary<v1::EmbedResponse>(Retry::kIdempotent,
                                  [&](grpc::ClientContext* context, auto* response) {
                                    return embedding_->Embed(context, request, response);
                                  });
}

absl::StatusOr<v1::QueryNearestResponse> Client::QueryNearest(
    const v1::QueryNearestRequest& request) {
  return Unary<v1::QueryNearestResponse>(
      Retry::kIdempotent, [&](grpc::ClientContext* context, auto* response) {
        return proximity_->QueryNearest(context, request, response);
      });
}

absl::StatusOr<v1::GetContoursResponse> Client::GetContours(const v1::GetContoursRequest& request) {
  return Unary<v1::GetContoursResponse>(
      Retry::kIdempotent, [&](grpc::ClientContext* context, auto* response) {
        return proximity_->GetContours(context, request, response);
      });
}

absl::StatusOr<v1::GetFeatureMapResponse> Client::GetFeatureMap(
    const v1::GetFeatureMapRequest& request) {
  return Unary<v1::GetFeatureMapResponse>(
      Retry::kIdempotent, [&](grpc::ClientContext* context, auto* response) {
        return proximity_->GetFeatureMap(context, request, response);
      });
}

absl::StatusOr<v1::GetDistanceMatrixResponse> Client::GetDistanceMatrix(
    const v1::GetDistanceMatrixRequest& request) {
  return Unary<v1::GetDistanceMatrixResponse>(
      Retry::kIdempotent, [&](grpc::ClientContext* context, auto* response) {
        return proximity_->GetDistanceMatrix(context, request, response);
      });
}

}  // namespace latentspace
