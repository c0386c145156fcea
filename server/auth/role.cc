// The roles of latentd's callers.
#include "server/auth/role.h"

#include "absl/strings/str_cat.h"
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

}  // namespace latentspace::server
