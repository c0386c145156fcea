// Events sent as columns: lengths checked once, events read out and validated one by one.
#include "server/validation/event_columns.h"

#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/validation/proto_events_to_core.h"

namespace latentspace::server {
namespace {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "EventColumns are little-endian: this reader copies values as they lie");

// Value i of a packed little-endian column.
template <typename T>
T Load(const std::string& column, int64_t i) {
  T value;
  std::memcpy(&value, column.data() + i * static_cast<int64_t>(sizeof(T)), sizeof(T));
  return value;
}

// OK when `column` holds exactly `expected` values of `width` bytes.
absl::Status CheckLength(absl::string_view where, absl::string_view name, const std::string& column,
                         size_t width, int64_t expected, absl::string_view per) {
  if (column.size() == static_cast<size_t>(expected) * width) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      where, ": column ", name, " holds ", column.size(), " bytes; ", expected, " ", per, " need ",
      static_cast<size_t>(expected) * width, " (", width, " bytes each)"));
}

}  // namespace

absl::StatusOr<EventColumnsView> EventColumnsView::Open(const v1::EventColumns& columns,
                                                        absl::string_view where) {
  const std::string& counts = columns.object_counts();
  if (counts.size() % sizeof(uint32_t) != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": column object_counts holds ", counts.size(),
                     " bytes, not a whole number of uint32 counts (4 bytes each)"));
  }
  EventColumnsView view(columns);
  const int64_t events = CountEvents(columns);
  view.offsets_.resize(events + 1);
  for (int64_t i = 0; i < events; ++i) {
    view.offsets_[i + 1] = view.offsets_[i] + Load<uint32_t>(counts, i);
  }
  const int64_t objects = view.offsets_[events];
  const std::pair<const char*, const std::string*> per_object[] = {
      {"e", &columns.e()}, {"pt", &columns.pt()}, {"eta", &columns.eta()}, {"phi", &columns.phi()}};
  const char* const objects_text = "objects (the sum of object_counts)";
  if (absl::Status status =
          CheckLength(where, "object_types", columns.object_types(), 1, objects, objects_text);
      !status.ok()) {
    return status;
  }
  for (const auto& [name, column] : per_object) {
    if (absl::Status status = CheckLength(where, name, *column, 8, objects, objects_text);
        !status.ok()) {
      return status;
    }
  }
  std::vector<std::pair<const char*, const std::string*>> per_event = {
      {"met", &columns.met()}, {"met_phi", &columns.met_phi()}};
  if (!columns.weight().empty()) per_event.emplace_back("weight", &columns.weight());
  for (const auto& [name, column] : per_event) {
    if (absl::Status status = CheckLength(where, name, *column, 8, events, "events");
        !status.ok()) {
      return status;
    }
  }
  if (columns.event_ids_size() != 0 && columns.event_ids_size() != events) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": column event_ids holds ",
                                                   columns.event_ids_size(), " ids for ", events,
                                                   " events (give one per event or none)"));
  }
  return view;
}

absl::StatusOr<Event> EventColumnsView::Get(int64_t i, absl::string_view where,
                                            absl::string_view default_id) const {
  const v1::EventColumns& columns = *columns_;
  Event event;
  if (columns.event_ids_size() != 0) event.event_id = columns.event_ids(static_cast<int>(i));
  event.weight = columns.weight().empty() ? 1 : Load<double>(columns.weight(), i);
  event.met = Load<double>(columns.met(), i);
  event.met_phi = Load<double>(columns.met_phi(), i);
  event.objects.reserve(offsets_[i + 1] - offsets_[i]);
  for (int64_t j = offsets_[i]; j < offsets_[i + 1]; ++j) {
    const auto code = static_cast<unsigned char>(columns.object_types()[j]);
    absl::StatusOr<ObjectType> type = ObjectTypeFromProto(static_cast<v1::ObjectType>(code));
    if (!type.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": object ", j - offsets_[i] + 1,
                       ": column object_types: ", type.status().message()));
    }
    event.objects.push_back({*type, Load<double>(columns.e(), j), Load<double>(columns.pt(), j),
                             Load<double>(columns.eta(), j), Load<double>(columns.phi(), j)});
  }
  return CompleteApiEvent(std::move(event), where, default_id);
}

}  // namespace latentspace::server
