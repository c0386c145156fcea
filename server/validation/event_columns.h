// Events sent as columns (v1::EventColumns): the columns' lengths checked against each other once,
// then each event read out and validated exactly as an event sent as a message is.
#ifndef LATENTSPACE_SERVER_VALIDATION_EVENT_COLUMNS_H_
#define LATENTSPACE_SERVER_VALIDATION_EVENT_COLUMNS_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/events/event.h"
#include "latentspace/v1/events.pb.h"

namespace latentspace::server {

class EventColumnsView {
 public:
  // INVALID_ARGUMENT, prefixed by `where` (e.g. "chunk 2 columns"), naming the column whose byte
  // length is not a whole number of values or does not match the number of events or objects.
  // `columns` must outlive the view.
  static absl::StatusOr<EventColumnsView> Open(const v1::EventColumns& columns,
                                               absl::string_view where);

  // The number of events `columns` holds (from object_counts), before any check.
  static int64_t CountEvents(const v1::EventColumns& columns) {
    return static_cast<int64_t>(columns.object_counts().size() / sizeof(uint32_t));
  }

  int64_t size() const { return static_cast<int64_t>(offsets_.size()) - 1; }

  // Event i (0-based), validated as EventFromProto does: `where` prefixes errors (e.g. "chunk 2
  // event 17") and an event without id gets `default_id`.
  absl::StatusOr<Event> Get(int64_t i, absl::string_view where, absl::string_view default_id) const;

 private:
  explicit EventColumnsView(const v1::EventColumns& columns) : columns_(&columns) {}

  const v1::EventColumns* columns_;
  std::vector<int64_t> offsets_;  // event i's objects are offsets_[i] .. offsets_[i + 1] - 1
};

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_VALIDATION_EVENT_COLUMNS_H_
