// latent_build_info: build labels known at compile time and their registration.
#include "server/metrics/build_info.h"

#include "absl/strings/str_cat.h"

#ifndef LATENT_VERSION
#define LATENT_VERSION "unknown"
#endif
#ifndef LATENT_BUILD_TYPE
#define LATENT_BUILD_TYPE "unknown"
#endif

namespace latentspace::metrics {

Labels CompiledBuildInfo() {
#if defined(__clang__)
  const std::string compiler =
      absl::StrCat("clang ", __clang_major__, ".", __clang_minor__, ".", __clang_patchlevel__);
#elif defined(__GNUC__)
  const std::string compiler =
      absl::StrCat("gcc ", __GNUC__, ".", __GNUC_MINOR__, ".", __GNUC_PATCHLEVEL__);
#else
  const std::string compiler = "unknown";
#endif
  return {{"version", LATENT_VERSION}, {"compiler", compiler}, {"build_type", LATENT_BUILD_TYPE}};
}

Gauge& RegisterBuildInfo(Registry& registry, const Labels& info) {
  Gauge& gauge = BuildGauge()
                     .Name("latent_build_info")
                     .Help(
                         "A metric with a constant '1' value labeled by the version, compiler "
                         "and build type latentd was built with.")
                     .Register(registry)
                     .Add(info);
  gauge.Set(1);
  return gauge;
}

}  // namespace latentspace::metrics
