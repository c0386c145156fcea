// The roles of latentd's callers.
#include "server/auth/role.h"

#include "absl/strings/str_cat.h"
#include "proto/access_role.h"
#include "server/store/name_validation.h"

namespace latentspace::server {

absl::string_view RoleName(Role role) {
  switch (role) {
    case Role::kReader:
      return "reader";
    case Role::kTrainer:
      return "trainer";
    case Role::kAdmin:
      return "admin";
  }
  return "unknown";
}

absl::StatusOr<Role> ParseRole(absl::string_view name) {
  for (Role role : {Role::kReader, Role::kTrainer, Role::kAdmin}) {
    if (name == RoleName(role)) return role;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("role ", store::QuoteForMessage(name), " is not one of reader, trainer, admin"));
}

absl::StatusOr<Role> RequiredRole(absl::string_view method) {
  const google::protobuf::MethodDescriptor* descriptor = FindApiMethod(method);
  if (descriptor == nullptr) {
    return absl::NotFoundError(absl::StrCat("no RPC latentspace.v1.", method, " in the API"));
  }
  switch (descriptor->options().GetExtension(v1::required_role)) {
    case v1::ACCESS_ROLE_READER:
      return Role::kReader;
    case v1::ACCESS_ROLE_TRAINER:
      return Role::kTrainer;
    case v1::ACCESS_ROLE_ADMIN:
      return Role::kAdmin;
    default:
      return absl::InternalError(absl::StrCat("RPC ", descriptor->full_name(),
                                              " names no required_role (proto/latentspace/v1)"));
  }
}

}  // namespace latentspace::server
