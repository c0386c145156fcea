// Who is calling: a call's bearer token looked up in the token file (reloadable while serving), or
// the anonymous caller where the server allows one. Authentication only; what each role may do is
// decided by the CallGate.
#ifndef LATENTSPACE_SERVER_AUTH_AUTHENTICATOR_H_
#define LATENTSPACE_SERVER_AUTH_AUTHENTICATOR_H_

#include <memory>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "server/auth/role.h"
#include "server/auth/token_table.h"

namespace latentspace::server {

struct AuthPolicy {
  std::string tokens_path;             // the token file; empty: no tokens
  std::optional<Role> anonymous_role;  // what a call without a token may do; nullopt: nothing
};

class Authenticator {
 public:
  // Loads the token file when the policy names one. INVALID_ARGUMENT for a policy that lets nobody
  // in (no tokens and no anonymous role) and for a malformed file; NOT_FOUND for a missing one.
  static absl::StatusOr<std::unique_ptr<Authenticator>> Create(AuthPolicy policy);

  // Re-reads the token file (SIGHUP). On error the tokens in force stay in force and the error is
  // returned; without a token file, FAILED_PRECONDITION.
  absl::Status Reload();

  // The caller of a call whose "authorization" metadata is `authorization` (nullopt: none sent).
  // UNAUTHENTICATED when it is not "Bearer TOKEN", when the token is unknown, and when it is absent
  // and the server has no anonymous role. A token sent to a server without a token file is not
  // checked: the caller is anonymous.
  absl::StatusOr<Principal> Authenticate(std::optional<absl::string_view> authorization) const;

  const AuthPolicy& policy() const { return policy_; }
  int tokens() const;

 private:
  explicit Authenticator(AuthPolicy policy) : policy_(std::move(policy)) {}
  std::shared_ptr<const TokenTable> table() const;

  const AuthPolicy policy_;
  mutable absl::Mutex mutex_;
  std::shared_ptr<const TokenTable> table_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_AUTH_AUTHENTICATOR_H_
