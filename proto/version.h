// The version of this build, printed by `latentd --version` and `latentctl --version`: the release
// (the CMake project version), the git description of the checkout it was built from (written at
// build time by cmake/git_description.cmake) and the API package of proto/ it serves or speaks.
#ifndef LATENTSPACE_PROTO_VERSION_H_
#define LATENTSPACE_PROTO_VERSION_H_

#include <string>

namespace latentspace {

// "0.1.0".
const char* ReleaseVersion();
// `git describe --always --dirty --tags` at build time, e.g. "6f48b65-dirty"; "unknown" when the
// sources were not a git checkout.
const char* GitDescription();
// The protobuf package of the API, "latentspace.v1", read from the compiled descriptors.
const std::string& ApiVersion();
// "latentd 0.1.0 (git 6f48b65), API latentspace.v1".
std::string VersionLine(const std::string& program);

}  // namespace latentspace

#endif  // LATENTSPACE_PROTO_VERSION_H_
