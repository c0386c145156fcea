// Registry: family registration with name/conflict checks, collectables, snapshots.
#include "server/metrics/registry.h"

#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace latentspace::metrics {
namespace {

// The names a family's samples are written under in the text exposition.
std::vector<std::string> SampleNames(absl::string_view name, MetricType type) {
  if (type == MetricType::kHistogram) {
    return {absl::StrCat(name, "_bucket"), absl::StrCat(name, "_sum"),
            absl::StrCat(name, "_count")};
  }
  return {std::string(name)};
}

}  // namespace

absl::StatusOr<FamilyBase*> Registry::AddFamilyBase(
    absl::string_view name, absl::string_view help, MetricType type, const Labels& constant_labels,
    const std::function<std::unique_ptr<FamilyBase>()>& make_family) {
  absl::Status status = ValidateMetricName(name);
  if (!status.ok()) return status;
  if (help.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("metric family ", name, " has an empty help"));
  }
  for (const auto& [label, value] : constant_labels) {
    status = ValidateLabelName(label);
    if (!status.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(status.message(), " (constant label of family ", name, ")"));
    }
    if (type == MetricType::kHistogram && label == "le") {
      return absl::InvalidArgumentError(
          absl::StrCat("label \"le\" is reserved for the buckets of histogram ", name));
    }
  }

  absl::MutexLock lock(&mutex_);
  auto found = families_.find(name);
  if (found != families_.end()) {
    FamilyBase& existing = *found->second;
    if (existing.type() == type && existing.help() == help &&
        existing.constant_labels() == constant_labels) {
      return &existing;
    }
    return absl::AlreadyExistsError(absl::StrCat(
        "metric family ", name, " is already registered as a ", MetricTypeName(existing.type()),
        " with help \"", absl::Utf8SafeCEscape(existing.help()),
        "\"; registering it again needs the same type, help and constant labels"));
  }
  const std::vector<std::string> new_samples = SampleNames(name, type);
  for (const auto& [other_name, other] : families_) {
    for (const std::string& other_sample : SampleNames(other_name, other->type())) {
      for (const std::string& new_sample : new_samples) {
        if (new_sample == other_sample) {
          return absl::AlreadyExistsError(absl::StrCat(
              "metric family ", name, " would write samples named ", new_sample, ", as ",
              MetricTypeName(other->type()), " family ", other_name, " already does"));
        }
      }
    }
  }
  std::unique_ptr<FamilyBase> family = make_family();
  FamilyBase* result = family.get();
  families_.emplace(std::string(name), std::move(family));
  return result;
}

Registry::CollectableId Registry::AddCollectable(std::function<void()> refresh) {
  absl::MutexLock lock(&collect_mutex_);
  const CollectableId id = next_collectable_id_++;
  collectables_.emplace(id, std::move(refresh));
  return id;
}

void Registry::RemoveCollectable(CollectableId id) {
  absl::MutexLock lock(&collect_mutex_);
  collectables_.erase(id);
}

std::vector<FamilySnapshot> Registry::Collect() {
  absl::MutexLock collect_lock(&collect_mutex_);
  for (const auto& [id, refresh] : collectables_) refresh();

  std::vector<FamilySnapshot> snapshots;
  absl::MutexLock lock(&mutex_);
  snapshots.reserve(families_.size());
  for (const auto& [name, family] : families_) {
    FamilySnapshot snapshot = family->Collect();
    if (!snapshot.metrics.empty()) snapshots.push_back(std::move(snapshot));
  }
  return snapshots;
}

}  // namespace latentspace::metrics
