// The anomaly detectors held in memory: loaded from the store on demand (checksum verified) onto
// the server's device and evicted least recently used beyond a bound (a ModelCache). Lookups of
// loaded detectors are cheap and safe from any thread.
#ifndef LATENTSPACE_SERVER_MODELS_DETECTOR_REGISTRY_H_
#define LATENTSPACE_SERVER_MODELS_DETECTOR_REGISTRY_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "core/nn/detector.h"
#include "server/models/model_cache.h"
#include "server/store/store.h"

namespace latentspace::server {

struct LoadedDetector {
  store::DetectorRecord record;
  std::unique_ptr<Detector> detector;
};

// Get (version 0: the latest) fails with NOT_FOUND, DATA_LOSS for a corrupted checkpoint,
// INVALID_ARGUMENT for a bad name.
class DetectorRegistry : public ModelCache<LoadedDetector> {
 public:
  // `on_change` (may be empty) is told the number loaded after every load or eviction.
  DetectorRegistry(store::Store* store, DeviceChoice device, int max_loaded,
                   std::function<void(int loaded)> on_change = nullptr);
};

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_MODELS_DETECTOR_REGISTRY_H_
