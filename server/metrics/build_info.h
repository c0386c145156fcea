// latent_build_info: the constant-1 gauge whose labels say which build is running, e.g.
//   latent_build_info{build_type="Release",compiler="gcc 12.2.0",version="0.1.0"} 1
#ifndef LATENTSPACE_SERVER_METRICS_BUILD_INFO_H_
#define LATENTSPACE_SERVER_METRICS_BUILD_INFO_H_

#include "server/metrics/metric_names.h"
#include "server/metrics/registry.h"

namespace latentspace::metrics {

// What this library was compiled with: version (the CMake project version), compiler, build_type.
Labels CompiledBuildInfo();

// Registers latent_build_info with one child labelled `info` (merge extra labels such as a git
// revision into CompiledBuildInfo()) set to 1. Aborts on bad label names (see DieIfError).
Gauge& RegisterBuildInfo(Registry& registry, const Labels& info = CompiledBuildInfo());

}  // namespace latentspace::metrics

#endif  // LATENTSPACE_SERVER_METRICS_BUILD_INFO_H_
