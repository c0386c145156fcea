// Registry: owns the metric families of a process, runs the collectables (callbacks that refresh
// lazily computed metrics) and snapshots everything for exposition. Also the prometheus-cpp-like
// builders: BuildCounter().Name("latent_rpc_requests_total").Help("...").Register(registry).
//
// Thread safety: everything may be called from any thread. Families and children are created
// under mutexes; updates to a Counter/Gauge/Histogram are lock-free. Families live as long as the
// registry, so the Family& returned by Register stays valid.
#ifndef LATENTSPACE_SERVER_METRICS_REGISTRY_H_
#define LATENTSPACE_SERVER_METRICS_REGISTRY_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "server/metrics/counter.h"
#include "server/metrics/family.h"
#include "server/metrics/gauge.h"
#include "server/metrics/histogram.h"
#include "server/metrics/metric_names.h"
#include "server/metrics/metric_snapshot.h"

namespace latentspace::metrics {

class Registry {
 public:
  using CollectableId = uint64_t;

  Registry() = default;
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // The family `name` of metric type T (Counter, Gauge or Histogram), created on first use.
  // Registering the same name again with the same type, help and constant labels returns the same
  // family. Errors: INVALID_ARGUMENT for a bad metric or constant-label name or an empty help;
  // ALREADY_EXISTS when `name` is taken by a different family, or when one of the sample names the
  // family would write (a histogram writes NAME_bucket, NAME_sum, NAME_count) is another family's.
  template <typename T>
  absl::StatusOr<Family<T>*> TryAddFamily(absl::string_view name, absl::string_view help,
                                          const Labels& constant_labels = {});

  // TryAddFamily that aborts on error (see DieIfError).
  template <typename T>
  Family<T>& AddFamily(absl::string_view name, absl::string_view help,
                       const Labels& constant_labels = {}) {
    absl::StatusOr<Family<T>*> family = TryAddFamily<T>(name, help, constant_labels);
    DieIfError(family.status());
    return **family;
  }

  // Registers `refresh`, called at the start of every Collect (so on every scrape) to bring lazily
  // computed metrics up to date: e.g. set latent_jobs{state} from the job table, or read /proc.
  // Collectables run one at a time, in registration order, on the collecting thread, holding no
  // registry or family lock: they may register families and Add/Remove/update children. They must
  // not call Collect, AddCollectable or RemoveCollectable (that deadlocks).
  CollectableId AddCollectable(std::function<void()> refresh);

  // Unregisters a collectable. When this returns, it is not running and will not run again, so
  // what it captured may be destroyed. Unknown ids are ignored.
  void RemoveCollectable(CollectableId id);

  // Runs the collectables, then snapshots every family, sorted by name. Families without children
  // are left out (as the Go client does). Concurrent calls are serialized.
  std::vector<FamilySnapshot> Collect();

 private:
  absl::StatusOr<FamilyBase*> AddFamilyBase(
      absl::string_view name, absl::string_view help, MetricType type,
      const Labels& constant_labels,
      const std::function<std::unique_ptr<FamilyBase>()>& make_family);

  // Held while collectables run; guards the collectables themselves.
  absl::Mutex collect_mutex_;
  std::map<CollectableId, std::function<void()>> collectables_ ABSL_GUARDED_BY(collect_mutex_);
  CollectableId next_collectable_id_ ABSL_GUARDED_BY(collect_mutex_) = 1;

  mutable absl::Mutex mutex_ ABSL_ACQUIRED_AFTER(collect_mutex_);
  std::map<std::string, std::unique_ptr<FamilyBase>, std::less<>> families_ ABSL_GUARDED_BY(mutex_);
};

template <typename T>
absl::StatusOr<Family<T>*> Registry::TryAddFamily(absl::string_view name, absl::string_view help,
                                                  const Labels& constant_labels) {
  absl::StatusOr<FamilyBase*> family =
      AddFamilyBase(name, help, T::kType, constant_labels, [&]() -> std::unique_ptr<FamilyBase> {
        return std::unique_ptr<FamilyBase>(
            new Family<T>(std::string(name), std::string(help), constant_labels));
      });
  if (!family.ok()) return family.status();
  // AddFamilyBase returns an existing family only when its type is T::kType.
  return static_cast<Family<T>*>(*family);
}

// Builds a family: BuildCounter().Name(...).Help(...).ConstantLabels({...}).Register(registry).
template <typename T>
class FamilyBuilder {
 public:
  FamilyBuilder& Name(absl::string_view name) {
    name_ = std::string(name);
    return *this;
  }
  FamilyBuilder& Help(absl::string_view help) {
    help_ = std::string(help);
    return *this;
  }
  // Labels every child of the family carries, e.g. {{"instance_role", "worker"}}.
  FamilyBuilder& ConstantLabels(Labels labels) {
    constant_labels_ = std::move(labels);
    return *this;
  }

  // Registry::AddFamily: aborts on a bad name or conflict.
  Family<T>& Register(Registry& registry) const {
    return registry.AddFamily<T>(name_, help_, constant_labels_);
  }
  // Registry::TryAddFamily: returns the error instead.
  absl::StatusOr<Family<T>*> TryRegister(Registry& registry) const {
    return registry.TryAddFamily<T>(name_, help_, constant_labels_);
  }

 private:
  std::string name_;
  std::string help_;
  Labels constant_labels_;
};

inline FamilyBuilder<Counter> BuildCounter() { return {}; }
inline FamilyBuilder<Gauge> BuildGauge() { return {}; }
inline FamilyBuilder<Histogram> BuildHistogram() { return {}; }

}  // namespace latentspace::metrics

#endif  // LATENTSPACE_SERVER_METRICS_REGISTRY_H_
