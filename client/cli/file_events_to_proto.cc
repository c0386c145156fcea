// Events read from files as the API's proto events or columns.
#include "client/cli/file_events_to_proto.h"

#include "core/status_macros.h"

namespace latentspace::cli {

v1::ObjectType ToProtoObjectType(ObjectType type) {
  switch (type) {
    case ObjectType::kJet:
      return v1::OBJECT_TYPE_JET;
    case ObjectType::kBJet:
      return v1::OBJECT_TYPE_BJET;
    case ObjectType::kElectron:
      return v1::OBJECT_TYPE_ELECTRON;
    case ObjectType::kPositron:
      return v1::OBJECT_TYPE_POSITRON;
    case ObjectType::kMuon:
      return v1::OBJECT_TYPE_MUON;
    case ObjectType::kAntiMuon:
      return v1::OBJECT_TYPE_ANTIMUON;
    case ObjectType::kPhoton:
      return v1::OBJECT_TYPE_PHOTON;
  }
  return v1::OBJECT_TYPE_UNSPECIFIED;
}

void ToProtoEvent(const Event& event, v1::Event* proto) {
  proto->Clear();
  proto->mutable_objects()->Reserve(static_cast<int>(event.objects.size()));
  for (const PhysicsObject& object : event.objects) {
    v1::PhysicsObject* out = proto->add_objects();
    out->set_type(ToProtoObjectType(object.type));
    out->set_e(object.e);
    out->set_pt(object.pt);
    out->set_eta(object.eta);
    out->set_phi(object.phi);
  }
  proto->set_met(event.met);
  proto->set_met_phi(event.met_phi);
  proto->set_weight(event.weight);
  proto->set_event_id(event.event_id);
}

absl::StatusOr<bool> ReadEvents(EventReader& reader, int max_events, std::vector<Event>* events) {
  for (int i = 0; i < max_events; ++i) {
    absl::StatusOr<bool> more = reader.Next(&events->emplace_back());
    if (!more.ok() || !*more) {
      events->pop_back();
      return more;
    }
  }
  return true;
}

void AppendToColumns(const Event& event, EventColumnsBuilder& columns) {
  for (const PhysicsObject& object : event.objects) {
    columns.AddObject(ToProtoObjectType(object.type), object.e, object.pt, object.eta, object.phi);
  }
  columns.EndEvent(event.met, event.met_phi, event.weight, event.event_id);
}

absl::StatusOr<bool> ReadEventColumns(EventReader& reader, int max_events,
                                      v1::EventColumns* columns) {
  EventColumnsBuilder builder(columns);
  Event event;
  for (int i = 0; i < max_events; ++i) {
    LATENT_ASSIGN_OR_RETURN(bool more, reader.Next(&event));
    if (!more) return false;
    AppendToColumns(event, builder);
  }
  return true;
}

}  // namespace latentspace::cli
