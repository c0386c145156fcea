// The role an RPC of the API needs, by name, from its required_role option
// (latentspace/v1/access.proto): "reader", "trainer" or "admin"; "" for a method without the
// option. For whatever shows or checks roles outside latentd (the API reference, the docs' table,
// the auth tests); latentd's CallGate reads the option as its own enum (server/auth/role.h).
#ifndef LATENTSPACE_PROTO_ACCESS_ROLE_H_
#define LATENTSPACE_PROTO_ACCESS_ROLE_H_

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "google/protobuf/descriptor.h"
#include "latentspace/v1/access.pb.h"

namespace latentspace {

// The RPC "SampleService.DeleteSample" of a latentspace.v1 service; null when the API has none.
inline const google::protobuf::MethodDescriptor* FindApiMethod(absl::string_view method) {
  return google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(
      absl::StrCat("latentspace.v1.", method));
}

inline std::string RequiredRoleName(const google::protobuf::MethodDescriptor& method) {
  const v1::AccessRole role = method.options().GetExtension(v1::required_role);
  if (role == v1::ACCESS_ROLE_UNSPECIFIED) return "";
  return absl::AsciiStrToLower(absl::StripPrefix(v1::AccessRole_Name(role), "ACCESS_ROLE_"));
}

// The same for "SampleService.DeleteSample" (a service of latentspace.v1); "" when the API has no
// such method.
inline std::string RequiredRoleName(absl::string_view method) {
  const google::protobuf::MethodDescriptor* descriptor = FindApiMethod(method);
  return descriptor == nullptr ? "" : RequiredRoleName(*descriptor);
}

}  // namespace latentspace

#endif  // LATENTSPACE_PROTO_ACCESS_ROLE_H_
