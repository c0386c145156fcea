// Bearer-token authentication against the token file, and the anonymous caller.
#include "server/auth/authenticator.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/status_macros.h"

namespace latentspace::server {

absl::StatusOr<std::unique_ptr<Authenticator>> Authenticator::Create(AuthPolicy policy) {
  if (policy.tokens_path.empty() && !policy.anonymous_role) {
    return absl::InvalidArgumentError(
        "no token file and no anonymous role: nobody could call the server");
  }
  std::unique_ptr<Authenticator> authenticator(new Authenticator(std::move(policy)));
  if (!authenticator->policy_.tokens_path.empty()) {
    LATENT_RETURN_IF_ERROR(authenticator->Reload());
  }
  return authenticator;
}

absl::Status Authenticator::Reload() {
  if (policy_.tokens_path.empty()) {
    return absl::FailedPreconditionError("latentd runs without a token file (--tokens)");
  }
  LATENT_ASSIGN_OR_RETURN(TokenTable table, TokenTable::Load(policy_.tokens_path));
  auto loaded = std::make_shared<const TokenTable>(std::move(table));
  absl::MutexLock lock(&mutex_);
  table_ = std::move(loaded);
  return absl::OkStatus();
}

std::shared_ptr<const TokenTable> Authenticator::table() const {
  absl::MutexLock lock(&mutex_);
  return table_;
}

int Authenticator::tokens() const {
  const std::shared_ptr<const TokenTable> current = table();
  return current == nullptr ? 0 : current->size();
}

absl::StatusOr<Principal> Authenticator::Authenticate(
    std::optional<absl::string_view> authorization) const {
  const std::shared_ptr<const TokenTable> current = table();
  if (!authorization || current == nullptr) {
    if (policy_.anonymous_role) return Principal{"anonymous", *policy_.anonymous_role, true};
    return absl::UnauthenticatedError(
        "this server needs a bearer token: send metadata 'authorization: Bearer TOKEN' "
        "(latentctl --token or LATENT_TOKEN)");
  }
  absl::string_view token = *authorization;
  if (token.size() < 7 || !absl::EqualsIgnoreCase(token.substr(0, 7), "bearer ")) {
    return absl::UnauthenticatedError(
        "the 'authorization' metadata is not 'Bearer TOKEN' (other schemes are not accepted)");
  }
  token = absl::StripAsciiWhitespace(token.substr(7));
  const Principal* principal = current->Find(token);
  if (principal == nullptr) {
    return absl::UnauthenticatedError(
        "the bearer token is not one of this server's tokens (revoked, mistyped or for another "
        "server)");
  }
  return *principal;
}

}  // namespace latentspace::server
