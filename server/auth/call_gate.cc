// Authentication, authorisation, rate and stream limits of every call.
#include "server/auth/call_gate.h"

#include <glog/logging.h>

#include <optional>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"

namespace latentspace::server {
namespace {

std::optional<absl::string_view> AuthorizationOf(const grpc::CallbackServerContext& context) {
  const auto& metadata = context.client_metadata();
  const auto it = metadata.find("authorization");
  if (it == metadata.end()) return std::nullopt;
  return absl::string_view(it->second.data(), it->second.size());
}

// "ipv4:10.0.0.7:51234" -> "ipv4:10.0.0.7": anonymous callers are told apart by their address.
std::string PeerHost(const grpc::CallbackServerContext& context) {
  const std::string peer = context.peer();
  const size_t colon = peer.rfind(':');
  return colon == std::string::npos || peer.compare(0, 5, "unix:") == 0 ? peer
                                                                        : peer.substr(0, colon);
}

}  // namespace

CallGate::StreamSlot::StreamSlot(StreamSlot&& other) noexcept : gate_(other.gate_) {
  other.gate_ = nullptr;
}

CallGate::StreamSlot& CallGate::StreamSlot::operator=(StreamSlot&& other) noexcept {
  if (this != &other) {
    if (gate_ != nullptr) gate_->Release();
    gate_ = other.gate_;
    other.gate_ = nullptr;
  }
  return *this;
}

CallGate::StreamSlot::~StreamSlot() {
  if (gate_ != nullptr) gate_->Release();
}

CallGate::CallGate(const Authenticator* authenticator, const CallGateOptions& options,
                   metrics::Gauge* streams_open)
    : authenticator_(authenticator),
      max_streams_(options.max_concurrent_streams),
      rates_(options.rate_limit, options.rate_burst),
      streams_gauge_(streams_open) {}

absl::StatusOr<Principal> CallGate::Admit(grpc::CallbackServerContext* context,
                                          absl::string_view method) {
  LATENT_ASSIGN_OR_RETURN(const Role required, RequiredRole(method));
  const Role needed = required;
  absl::StatusOr<Principal> principal = authenticator_->Authenticate(AuthorizationOf(*context));
  if (!principal.ok()) {
    LOG(WARNING) << method << " from " << context->peer()
                 << " refused: " << principal.status().message();
    return principal.status();
  }
  const std::string caller = principal->anonymous
                                 ? absl::StrCat("the anonymous caller at ", PeerHost(*context))
                                 : absl::StrCat("token '", principal->name, "'");
  LATENT_RETURN_IF_ERROR(rates_.Admit(caller));
  if (!Grants(principal->role, needed)) {
    absl::Status denied =
        absl::PermissionDeniedError(absl::StrCat(caller, " has role ", RoleName(principal->role),
                                                 "; ", method, " needs role ", RoleName(needed)));
    LOG(WARNING) << method << " from " << context->peer() << " refused: " << denied.message();
    return denied;
  }
  if (needed != Role::kReader) {
    LOG(INFO) << method << " by " << caller << " (" << RoleName(principal->role) << ") from "
              << context->peer();
  }
  return principal;
}

absl::StatusOr<CallGate::StreamSlot> CallGate::AdmitStream(grpc::CallbackServerContext* context,
                                                           absl::string_view method) {
  LATENT_RETURN_IF_ERROR(Admit(context, method).status());
  if (streams_.fetch_add(1) >= max_streams_) {
    streams_.fetch_sub(1);
    return absl::ResourceExhaustedError(
        absl::StrCat(method, ": all ", max_streams_,
                     " stream slots are taken (uploads and job watches; the server's "
                     "--max-concurrent-streams): retry later"));
  }
  if (streams_gauge_ != nullptr) streams_gauge_->Increment();
  return StreamSlot(this);
}

void CallGate::Release() {
  streams_.fetch_sub(1);
  if (streams_gauge_ != nullptr) streams_gauge_->Decrement();
}

}  // namespace latentspace::server
