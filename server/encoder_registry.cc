// The encoders held in memory, loaded on demand with an LRU bound.
#include "server/encoder_registry.h"

#include "absl/strings/str_cat.h"

namespace latentspace::server {

EncoderRegistry::EncoderRegistry(store::Store* store, DeviceChoice device, int max_loaded,
                                 std::function<void(int)> on_change)
    : store_(store),
      device_(device),
      max_loaded_(std::max(1, max_loaded)),
      on_change_(std::move(on_change)) {}

absl::StatusOr<std::shared_ptr<const LoadedEncoder>> EncoderRegistry::Get(const std::string& name,
                                                                          int64_t version) {
  // Resolving "latest" needs the store; a pinned version found loaded does not.
  if (version > 0) {
    absl::MutexLock lock(&mutex_);
    if (auto it = loaded_.find({name, version}); it != loaded_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second.second);
      return it->second.first;
    }
  }
  absl::StatusOr<store::EncoderRecord> record = store_->GetEncoder(name, version);
  if (!record.ok()) return record.status();
  const Key key{record->name, record->version};
  {
    absl::MutexLock lock(&mutex_);
    if (auto it = loaded_.find(key); it != loaded_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second.second);
      return it->second.first;
    }
  }
  // Loaded outside the lock; two concurrent first uses may both load, one result is kept.
  absl::StatusOr<std::shared_ptr<const LoadedEncoder>> fresh = Load(*record);
  if (!fresh.ok()) return fresh.status();
  int count = 0;
  std::shared_ptr<const LoadedEncoder> kept;
  {
    absl::MutexLock lock(&mutex_);
    if (auto it = loaded_.find(key); it != loaded_.end()) {
      kept = it->second.first;
    } else {
      lru_.push_front(key);
      loaded_[key] = {*fresh, lru_.begin()};
      kept = *fresh;
      while (static_cast<int>(loaded_.size()) > max_loaded_) {
        loaded_.erase(lru_.back());  // in use elsewhere it lives on until released
        lru_.pop_back();
      }
    }
    count = static_cast<int>(loaded_.size());
  }
  if (on_change_) on_change_(count);
  return kept;
}

absl::StatusOr<std::shared_ptr<const LoadedEncoder>> EncoderRegistry::Load(
    const store::EncoderRecord& record) {
  if (absl::Status status = store_->VerifyEncoder(record.name, record.version); !status.ok()) {
    return status;
  }
  absl::StatusOr<std::string> path = store_->EncoderBlobPath(record.name, record.version);
  if (!path.ok()) return path.status();
  absl::StatusOr<std::unique_ptr<Encoder>> encoder = Encoder::Load(*path, device_);
  if (!encoder.ok()) {
    return absl::Status(encoder.status().code(),
                        absl::StrCat("encoder ", record.name, " version ", record.version, ": ",
                                     encoder.status().message()));
  }
  const EncoderMetadata& metadata = (*encoder)->metadata();
  absl::StatusOr<KnownModelSpace> space =
      KnownModelSpace::Build(metadata.models, metadata.standardiser.names());
  if (!space.ok()) return space.status();
  return std::make_shared<const LoadedEncoder>(
      LoadedEncoder{record, *std::move(encoder), *std::move(space)});
}

bool EncoderRegistry::IsLoaded(const std::string& name, int64_t version) {
  absl::MutexLock lock(&mutex_);
  return loaded_.count({name, version}) > 0;
}

void EncoderRegistry::Evict(const std::string& name, int64_t version) {
  int count = 0;
  {
    absl::MutexLock lock(&mutex_);
    for (auto it = loaded_.begin(); it != loaded_.end();) {
      if (it->first.first == name && (version == 0 || it->first.second == version)) {
        lru_.erase(it->second.second);
        it = loaded_.erase(it);
      } else {
        ++it;
      }
    }
    count = static_cast<int>(loaded_.size());
  }
  if (on_change_) on_change_(count);
}

int EncoderRegistry::loaded() {
  absl::MutexLock lock(&mutex_);
  return static_cast<int>(loaded_.size());
}

}  // namespace latentspace::server
