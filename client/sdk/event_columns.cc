// Packing events into the API's little-endian columns.
#include "client/sdk/event_columns.h"

#include <string>

namespace latentspace {
namespace {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "EventColumns are little-endian: this builder copies values as they lie");

template <typename T>
void Append(T value, std::string* column) {
  column->append(reinterpret_cast<const char*>(&value), sizeof(T));
}

}  // namespace

void EventColumnsBuilder::AddObject(v1::ObjectType type, double e, double pt, double eta,
                                    double phi) {
  columns_->mutable_object_types()->push_back(static_cast<char>(type));
  Append(e, columns_->mutable_e());
  Append(pt, columns_->mutable_pt());
  Append(eta, columns_->mutable_eta());
  Append(phi, columns_->mutable_phi());
  ++objects_;
}

void EventColumnsBuilder::EndEvent(double met, double met_phi, double weight,
                                   absl::string_view event_id) {
  Append(objects_, columns_->mutable_object_counts());
  Append(met, columns_->mutable_met());
  Append(met_phi, columns_->mutable_met_phi());
  Append(weight, columns_->mutable_weight());
  if (!event_id.empty() && columns_->event_ids_size() == 0) {
    // The first id: the events before it get empty ones (their positions).
    for (int64_t i = 0; i < events_; ++i) columns_->add_event_ids();
  }
  if (!event_id.empty() || columns_->event_ids_size() > 0) {
    columns_->add_event_ids(std::string(event_id));
  }
  objects_ = 0;
  ++events_;
}

void EventColumnsBuilder::AddEvent(const v1::Event& event) {
  for (const v1::PhysicsObject& object : event.objects()) {
    AddObject(object.type(), object.e(), object.pt(), object.eta(), object.phi());
  }
  EndEvent(event.met(), event.met_phi(), event.weight(), event.event_id());
}

int64_t EventColumnsSize(const v1::EventColumns& columns) {
  return static_cast<int64_t>(columns.object_counts().size() / sizeof(uint32_t));
}

}  // namespace latentspace
