// The version of this build (version.h); GitDescription() is in the generated git_description.cc.
#include "proto/version.h"

#include "absl/strings/str_cat.h"
#include "latentspace/v1/events.pb.h"

namespace latentspace {

const char* ReleaseVersion() { return LATENT_VERSION; }

const std::string& ApiVersion() { return v1::Event::descriptor()->file()->package(); }

std::string VersionLine(const std::string& program) {
  return absl::StrCat(program, " ", ReleaseVersion(), " (git ", GitDescription(), "), API ",
                      ApiVersion());
}

}  // namespace latentspace
