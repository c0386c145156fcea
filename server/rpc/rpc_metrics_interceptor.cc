// A gRPC server interceptor that counts RPCs and observes their durations.
#include "server/rpc/rpc_metrics_interceptor.h"

#include <chrono>
#include <string>

#include "absl/status/status.h"

namespace latentspace::server {
namespace {

// Latency buckets from 0.5 ms to ~65 s.
metrics::Histogram::BucketBoundaries DurationBuckets() {
  return metrics::ExponentialBuckets(0.0005, 2, 18);
}

class RpcMetricsInterceptor : public grpc::experimental::Interceptor {
 public:
  RpcMetricsInterceptor(grpc::experimental::ServerRpcInfo* info, ServerMetrics* metrics)
      : metrics_(metrics), start_(std::chrono::steady_clock::now()) {
    // "/latentspace.v1.EmbeddingService/Embed" -> "Embed".
    const std::string full = info->method() != nullptr ? info->method() : "unknown";
    method_ = full.substr(full.rfind('/') + 1);
    in_flight_ = &metrics_->rpc_in_flight.Add({{"method", method_}});
    in_flight_->Increment();
  }

  // A call the client cancelled sends no status: it is counted as CANCELLED when it is done.
  ~RpcMetricsInterceptor() override {
    if (!recorded_) Record(absl::StatusCode::kCancelled);
    in_flight_->Decrement();
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    using grpc::experimental::InterceptionHookPoints;
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      Record(static_cast<absl::StatusCode>(methods->GetSendStatus().error_code()));
    }
    methods->Proceed();
  }

 private:
  void Record(absl::StatusCode code) {
    recorded_ = true;
    metrics_->rpc_requests.Add({{"method", method_}, {"code", absl::StatusCodeToString(code)}})
        .Increment();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    metrics_->rpc_duration.Add({{"method", method_}}, DurationBuckets()).Observe(seconds);
  }

  ServerMetrics* const metrics_;
  const std::chrono::steady_clock::time_point start_;
  std::string method_;
  metrics::Gauge* in_flight_ = nullptr;
  bool recorded_ = false;
};

}  // namespace

grpc::experimental::Interceptor* RpcMetricsInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new RpcMetricsInterceptor(info, metrics_);
}

}  // namespace latentspace::server
