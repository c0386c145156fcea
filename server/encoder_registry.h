// The encoders held in memory: loaded from the store on demand (checksum verified) onto the
// server's device, with their known-model space (KDEs) built once, and evicted least recently used
// beyond a bound. Lookups of loaded encoders are cheap and safe from any thread.
#ifndef LATENTSPACE_SERVER_ENCODER_REGISTRY_H_
#define LATENTSPACE_SERVER_ENCODER_REGISTRY_H_

#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "core/analysis/known_model_space.h"
#include "core/nn/encoder.h"
#include "server/store/store.h"

namespace latentspace::server {

struct LoadedEncoder {
  store::EncoderRecord record;
  std::unique_ptr<Encoder> encoder;
  KnownModelSpace space;
};

class EncoderRegistry {
 public:
  // `on_change` (may be empty) is told the number loaded after every load or eviction.
  EncoderRegistry(store::Store* store, DeviceChoice device, int max_loaded,
                  std::function<void(int loaded)> on_change = nullptr);

  // The encoder (version 0: the latest), loading it when needed. NOT_FOUND, DATA_LOSS for a
  // corrupted checkpoint, INVALID_ARGUMENT for a bad name.
  absl::StatusOr<std::shared_ptr<const LoadedEncoder>> Get(const std::string& name,
                                                           int64_t version);
  bool IsLoaded(const std::string& name, int64_t version);
  // Drops the loaded versions of `name` (all when version is 0), e.g. after a delete.
  void Evict(const std::string& name, int64_t version);
  int loaded();

 private:
  using Key = std::pair<std::string, int64_t>;
  absl::StatusOr<std::shared_ptr<const LoadedEncoder>> Load(const store::EncoderRecord& record);

  store::Store* const store_;
  const DeviceChoice device_;
  const int max_loaded_;
  const std::function<void(int)> on_change_;

  absl::Mutex mutex_;
  std::list<Key> lru_ ABSL_GUARDED_BY(mutex_);  // most recently used first
  std::map<Key, std::pair<std::shared_ptr<const LoadedEncoder>, std::list<Key>::iterator>> loaded_
      ABSL_GUARDED_BY(mutex_);
};

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_ENCODER_REGISTRY_H_
