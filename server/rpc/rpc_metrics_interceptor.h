// A gRPC server interceptor that counts every RPC by method and status code, observes its
// duration and follows the calls not yet done (latent_rpc_requests_total,
// latent_rpc_duration_seconds, latent_rpc_in_flight), for every service at once.
#ifndef LATENTSPACE_SERVER_RPC_RPC_METRICS_INTERCEPTOR_H_
#define LATENTSPACE_SERVER_RPC_RPC_METRICS_INTERCEPTOR_H_

#include <grpcpp/support/server_interceptor.h>

#include "server/server_metrics.h"

namespace latentspace::server {

class RpcMetricsInterceptorFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit RpcMetricsInterceptorFactory(ServerMetrics* metrics) : metrics_(metrics) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  ServerMetrics* const metrics_;
};

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_RPC_RPC_METRICS_INTERCEPTOR_H_
