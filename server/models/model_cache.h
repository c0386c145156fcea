// The trained models of one kind held in memory: loaded from the store on demand through a loader
// (which verifies and builds them), and evicted least recently used beyond a bound; what the
// registry services do with the models of that kind (a request's reference resolved, the listing,
// deletion with eviction). Lookups of loaded models are cheap and safe from any thread.
// EncoderRegistry and DetectorRegistry are one each.
#ifndef LATENTSPACE_SERVER_MODELS_MODEL_CACHE_H_
#define LATENTSPACE_SERVER_MODELS_MODEL_CACHE_H_

#include <algorithm>
#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "core/status_macros.h"
#include "server/store/store.h"

namespace latentspace::server {

// What every registry offers whatever it holds: its kind, and a model loaded ahead of its first
// use (after the job that trained it).
class ModelRegistry {
 public:
  virtual ~ModelRegistry() = default;
  virtual store::ModelKind kind() const = 0;
  // Get's errors.
  virtual absl::Status Load(const std::string& name, int64_t version) = 0;
};

template <typename Loaded>
class ModelCache : public ModelRegistry {
 public:
  using Loader =
      std::function<absl::StatusOr<std::shared_ptr<const Loaded>>(const store::ModelRecord&)>;

  // `on_change` (may be empty) is told the number loaded after every load or eviction.
  ModelCache(store::Store* store, store::ModelKind kind, int max_loaded, Loader loader,
             std::function<void(int loaded)> on_change)
      : store_(store),
        kind_(kind),
        max_loaded_(std::max(1, max_loaded)),
        loader_(std::move(loader)),
        on_change_(std::move(on_change)) {}

  // The model (version 0: the latest), loading it when needed. NOT_FOUND, INVALID_ARGUMENT for a
  // bad name, and the loader's errors.
  absl::StatusOr<std::shared_ptr<const Loaded>> Get(const std::string& name, int64_t version) {
    // Resolving "latest" needs the store; a pinned version found loaded does not.
    if (version > 0) {
      if (std::shared_ptr<const Loaded> found = Touch({name, version})) return found;
    }
    LATENT_ASSIGN_OR_RETURN(store::ModelRecord record, store_->GetModel(kind_, name, version));
    const Key key{record.name, record.version};
    if (std::shared_ptr<const Loaded> found = Touch(key)) return found;
    // Loaded outside the lock; two concurrent first uses may both load, one result is kept.
    LATENT_ASSIGN_OR_RETURN(std::shared_ptr<const Loaded> fresh, loader_(record));
    int count = 0;
    std::shared_ptr<const Loaded> kept;
    {
      absl::MutexLock lock(&mutex_);
      if (auto it = loaded_.find(key); it != loaded_.end()) {
        kept = it->second.first;
      } else {
        lru_.push_front(key);
        loaded_[key] = {fresh, lru_.begin()};
        kept = fresh;
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

  store::ModelKind kind() const override { return kind_; }
  absl::Status Load(const std::string& name, int64_t version) override {
    return Get(name, version).status();
  }

  // A request's reference (name, version): INVALID_ARGUMENT for an empty name or a negative
  // version, naming the field ("encoder.name", "detector.version").
  absl::Status ValidateRef(const std::string& name, int64_t version) const {
    const absl::string_view field = store::ModelKindName(kind_);
    if (name.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("no ", field, " named (", field, ".name)"));
    }
    if (version < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".version = ", version, " must be >= 0 (0: the latest)"));
    }
    return absl::OkStatus();
  }

  // Get, for a request's reference: ValidateRef's errors, then Get's.
  absl::StatusOr<std::shared_ptr<const Loaded>> Resolve(const std::string& name, int64_t version) {
    LATENT_RETURN_IF_ERROR(ValidateRef(name, version));
    return Get(name, version);
  }
  // Resolve for an API reference message (EncoderRef, DetectorRef: its name and version).
  template <typename Ref>
  absl::StatusOr<std::shared_ptr<const Loaded>> Resolve(const Ref& ref) {
    return Resolve(ref.name(), ref.version());
  }

  // The stored records, ordered by name then version: every version, or the latest of each name.
  absl::StatusOr<std::vector<store::ModelRecord>> List(bool all_versions) {
    absl::StatusOr<std::vector<store::ModelRecord>> records = store_->ListModels(kind_);
    if (!records.ok() || all_versions) return records;
    std::vector<store::ModelRecord> latest;
    for (store::ModelRecord& record : *records) {
      if (!latest.empty() && latest.back().name == record.name) latest.pop_back();
      latest.push_back(std::move(record));
    }
    return latest;
  }

  // Deletes one version of a request's reference from the store, or every version for version 0,
  // and drops them from memory. ValidateRef's errors, and the store's.
  absl::Status Delete(const std::string& name, int64_t version) {
    // A negative version would reach the store as "every version" and slip past the eviction.
    LATENT_RETURN_IF_ERROR(ValidateRef(name, version));
    absl::Status status = store_->DeleteModel(kind_, name, version).status();
    if (status.ok()) Evict(name, version);
    return status;
  }

  bool IsLoaded(const std::string& name, int64_t version) {
    absl::MutexLock lock(&mutex_);
    return loaded_.count({name, version}) > 0;
  }

  // Drops the loaded versions of `name` (all when version is 0), e.g. after a delete.
  void Evict(const std::string& name, int64_t version) {
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

  int loaded() {
    absl::MutexLock lock(&mutex_);
    return static_cast<int>(loaded_.size());
  }

 private:
  using Key = std::pair<std::string, int64_t>;

  // The loaded model of `key`, now the most recently used; null when not loaded.
  std::shared_ptr<const Loaded> Touch(const Key& key) {
    absl::MutexLock lock(&mutex_);
    auto it = loaded_.find(key);
    if (it == loaded_.end()) return nullptr;
    lru_.splice(lru_.begin(), lru_, it->second.second);
    return it->second.first;
  }

  store::Store* const store_;
  const store::ModelKind kind_;
  const int max_loaded_;
  const Loader loader_;
  const std::function<void(int)> on_change_;

  absl::Mutex mutex_;
  std::list<Key> lru_ ABSL_GUARDED_BY(mutex_);  // most recently used first
  std::map<Key, std::pair<std::shared_ptr<const Loaded>, typename std::list<Key>::iterator>> loaded_
      ABSL_GUARDED_BY(mutex_);
};

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_MODELS_MODEL_CACHE_H_
