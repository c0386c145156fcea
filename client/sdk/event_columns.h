// Building the API's EventColumns (events as packed little-endian columns, events.proto) one
// object and one event at a time, and counting the events a message holds.
#ifndef LATENTSPACE_CLIENT_SDK_EVENT_COLUMNS_H_
#define LATENTSPACE_CLIENT_SDK_EVENT_COLUMNS_H_

#include <cstdint>

#include "absl/strings/string_view.h"
#include "latentspace/v1/events.pb.h"

namespace latentspace {

// The number of events `columns` holds (its object_counts' length over 4).
int64_t EventColumnsSize(const v1::EventColumns& columns);

// Appends to *columns (which it does not own): AddObject for each object of an event, then
// EndEvent. Nothing is checked here: the server validates every value and names the event.
class EventColumnsBuilder {
 public:
  explicit EventColumnsBuilder(v1::EventColumns* columns)
      : columns_(columns), events_(EventColumnsSize(*columns)) {}

  // GeV and radians.
  void AddObject(v1::ObjectType type, double e, double pt, double eta, double phi);
  // Ends the event of the objects added since the last EndEvent. An empty event_id stands for the
  // event's position; ids are sent only once some event has one.
  void EndEvent(double met, double met_phi, double weight, absl::string_view event_id);
  // One event given as a message: its objects, then EndEvent with its fields.
  void AddEvent(const v1::Event& event);

  int64_t events() const { return events_; }  // in *columns

 private:
  v1::EventColumns* const columns_;
  uint32_t objects_ = 0;  // of the event being built
  int64_t events_;        // in *columns
};

}  // namespace latentspace

#endif  // LATENTSPACE_CLIENT_SDK_EVENT_COLUMNS_H_
