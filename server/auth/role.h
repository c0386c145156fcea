// The roles a caller of latentd can hold, each granting the ones below it: reader (embed, nearest,
// contours, list, get), trainer (+ upload, train, cancel), admin (+ delete).
#ifndef LATENTSPACE_SERVER_AUTH_ROLE_H_
#define LATENTSPACE_SERVER_AUTH_ROLE_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace latentspace::server {

enum class Role { kReader = 1, kTrainer = 2, kAdmin = 3 };

// "reader", "trainer", "admin".
absl::string_view RoleName(Role role);
// INVALID_ARGUMENT naming the text and the roles there are.
absl::StatusOr<Role> ParseRole(absl::string_view name);
// Whether a caller holding `held` may make a call that needs `needed`.
inline bool Grants(Role held, Role needed) { return held >= needed; }

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_AUTH_ROLE_H_
