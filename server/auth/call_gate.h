// The admission of every call to latentd's services, in one place: who calls (Authenticator),
// whether their role allows the method, their request rate (RateLimiter), and for streaming calls
// a slot among the server's concurrent streams. Every service handler starts with Admit or
// AdmitStream and finishes the call with its error when admission fails:
//   UNAUTHENTICATED    no token where one is needed, or a token the server does not know
//   PERMISSION_DENIED  the caller's role does not allow the method
//   RESOURCE_EXHAUSTED over the caller's request rate, or every stream slot taken
// Calls that change the store (trainer and admin methods) are logged with their caller.
#ifndef LATENTSPACE_SERVER_AUTH_CALL_GATE_H_
#define LATENTSPACE_SERVER_AUTH_CALL_GATE_H_

#include <grpcpp/server_context.h>

#include <atomic>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/auth/authenticator.h"
#include "server/auth/rate_limiter.h"
#include "server/metrics/gauge.h"

namespace latentspace::server {

struct CallGateOptions {
  double rate_limit = 0;            // requests per second per caller; 0: no limit
  double rate_burst = 0;            // requests a caller may make at once; 0: max(1, rate_limit)
  int max_concurrent_streams = 64;  // UploadSample and WatchJob streams open at once
};

class CallGate {
 public:
  // One of the server's stream slots, given back when destroyed. Move-only; empty when default.
  class StreamSlot {
   public:
    StreamSlot() = default;
    StreamSlot(StreamSlot&& other) noexcept;
    StreamSlot& operator=(StreamSlot&& other) noexcept;
    ~StreamSlot();

   private:
    friend class CallGate;
    explicit StreamSlot(CallGate* gate) : gate_(gate) {}
    CallGate* gate_ = nullptr;
  };

  // `streams_open` (may be null) follows the streams open.
  CallGate(const Authenticator* authenticator, const CallGateOptions& options,
           metrics::Gauge* streams_open);

  // Admits a call of `method` ("SampleService.DeleteSample": it names the call in messages and
  // the log) from a caller holding the role the method's required_role option names
  // (RequiredRole; its error, a server bug, is returned as it is).
  absl::StatusOr<Principal> Admit(grpc::CallbackServerContext* context, absl::string_view method);
  // Admit, then one stream slot for the call's lifetime.
  absl::StatusOr<StreamSlot> AdmitStream(grpc::CallbackServerContext* context,
                                         absl::string_view method);

  int streams_open() const { return streams_.load(); }

 private:
  void Release();

  const Authenticator* const authenticator_;
  const int max_streams_;
  RateLimiter rates_;
  metrics::Gauge* const streams_gauge_;
  std::atomic<int> streams_{0};
};

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_AUTH_CALL_GATE_H_
