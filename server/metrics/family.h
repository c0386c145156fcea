// Family<T>: one metric name (with its help text, type and constant labels) and its children, one
// T per label set, e.g. latent_rpc_requests_total{method="Embed",code="OK"}. Children are created
// under a mutex and then updated lock-free through the stable reference Add returns.
#ifndef LATENTSPACE_SERVER_METRICS_FAMILY_H_
#define LATENTSPACE_SERVER_METRICS_FAMILY_H_

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "server/metrics/metric_names.h"
#include "server/metrics/metric_snapshot.h"

namespace latentspace::metrics {

class Registry;

// The type-independent part of a family: identity, label checks, snapshots.
class FamilyBase {
 public:
  virtual ~FamilyBase() = default;
  FamilyBase(const FamilyBase&) = delete;
  FamilyBase& operator=(const FamilyBase&) = delete;

  const std::string& name() const { return name_; }
  const std::string& help() const { return help_; }
  MetricType type() const { return type_; }
  const Labels& constant_labels() const { return constant_labels_; }

  // Every child's value with the constant labels merged in, sorted by label set.
  FamilySnapshot Collect() const;

 protected:
  FamilyBase(std::string name, std::string help, MetricType type, Labels constant_labels)
      : name_(std::move(name)),
        help_(std::move(help)),
        type_(type),
        constant_labels_(std::move(constant_labels)) {}

  // Label names must be valid, must not repeat a constant label, and histograms cannot use "le".
  absl::Status ValidateChildLabels(const Labels& labels) const;

  // Appends one snapshot per child (labels not yet merged).
  virtual void CollectChildren(std::vector<MetricSnapshot>* out) const = 0;

 private:
  const std::string name_;
  const std::string help_;
  const MetricType type_;
  const Labels constant_labels_;
};

template <typename T>
class Family : public FamilyBase {
 public:
  // The child for `labels`, created on first use with T(args...) (a Histogram takes its
  // BucketBoundaries). Later calls with the same labels return the same child and ignore `args`
  // (which are still validated). The pointer stays valid until Remove or the registry's end.
  // INVALID_ARGUMENT for a bad label name or bad arguments.
  template <typename... Args>
  absl::StatusOr<T*> TryAdd(const Labels& labels, Args&&... args);

  // TryAdd that aborts on error (see DieIfError).
  template <typename... Args>
  T& Add(const Labels& labels, Args&&... args) {
    absl::StatusOr<T*> child = TryAdd(labels, std::forward<Args>(args)...);
    DieIfError(child.status());
    return **child;
  }

  // Drops `child` (e.g. the gauge of a job that is gone); it must not be used afterwards. Returns
  // false, doing nothing, when `child` is not a child of this family.
  bool Remove(const T* child);

  bool Has(const Labels& labels) const;
  size_t size() const;

 private:
  friend class Registry;
  Family(std::string name, std::string help, Labels constant_labels)
      : FamilyBase(std::move(name), std::move(help), T::kType, std::move(constant_labels)) {}

  void CollectChildren(std::vector<MetricSnapshot>* out) const override;

  using Children = std::map<Labels, std::unique_ptr<T>>;
  mutable absl::Mutex mutex_;
  Children children_ ABSL_GUARDED_BY(mutex_);
  std::unordered_map<const T*, typename Children::iterator> by_address_ ABSL_GUARDED_BY(mutex_);
};

template <typename T>
template <typename... Args>
absl::StatusOr<T*> Family<T>::TryAdd(const Labels& labels, Args&&... args) {
  absl::Status status = ValidateChildLabels(labels);
  if (!status.ok()) return status;
  status = T::ValidateArguments(args...);
  if (!status.ok()) return status;
  absl::MutexLock lock(&mutex_);
  auto found = children_.find(labels);
  if (found != children_.end()) return found->second.get();
  auto inserted = children_.emplace(labels, std::make_unique<T>(std::forward<Args>(args)...)).first;
  by_address_.emplace(inserted->second.get(), inserted);
  return inserted->second.get();
}

template <typename T>
bool Family<T>::Remove(const T* child) {
  absl::MutexLock lock(&mutex_);
  auto found = by_address_.find(child);
  if (found == by_address_.end()) return false;
  children_.erase(found->second);
  by_address_.erase(found);
  return true;
}

template <typename T>
bool Family<T>::Has(const Labels& labels) const {
  absl::MutexLock lock(&mutex_);
  return children_.count(labels) > 0;
}

template <typename T>
size_t Family<T>::size() const {
  absl::MutexLock lock(&mutex_);
  return children_.size();
}

template <typename T>
void Family<T>::CollectChildren(std::vector<MetricSnapshot>* out) const {
  absl::MutexLock lock(&mutex_);
  out->reserve(out->size() + children_.size());
  for (const auto& [labels, child] : children_) {
    MetricSnapshot snapshot;
    snapshot.labels = labels;
    child->Collect(&snapshot);
    out->push_back(std::move(snapshot));
  }
}

}  // namespace latentspace::metrics

#endif  // LATENTSPACE_SERVER_METRICS_FAMILY_H_
