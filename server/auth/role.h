// The roles a caller of latentd can hold, each granting the ones below it: reader (embed, nearest,
// contours, list, get), trainer (+ upload, train, cancel), admin (+ delete); and the role each RPC
// needs, read from its `required_role` option in the API (proto/latentspace/v1/access.proto), the
// one place it is written.
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
// The role RPC `method` ("SampleService.DeleteSample", a service of latentspace.v1) needs: its
// required_role option. NOT_FOUND for a method the API does not have, INTERNAL for one without
// the option (every RPC must name its role; a test checks).
absl::StatusOr<Role> RequiredRole(absl::string_view method);
// Whether a caller holding `held` may make a call that needs `needed`.
inline bool Grants(Role held, Role needed) { return held >= needed; }

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_AUTH_ROLE_H_
