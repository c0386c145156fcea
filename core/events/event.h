// The event model: reconstructed physics objects and missing transverse energy of one collider
// event, in GeV and radians, as every reader produces and every feature preset consumes.
#ifndef LATENTSPACE_CORE_EVENTS_EVENT_H_
#define LATENTSPACE_CORE_EVENTS_EVENT_H_

#include <string>
#include <vector>

namespace latentspace {

// Kinds of reconstructed objects, with the charge of leptons. Order is the order of the Dark
// Machines codes j b e- e+ m- m+ g.
enum class ObjectType {
  kJet,
  kBJet,
  kElectron,
  kPositron,
  kMuon,
  kAntiMuon,
  kPhoton,
};
inline constexpr int kNumObjectTypes = 7;

struct PhysicsObject {
  ObjectType type = ObjectType::kJet;
  double e = 0;    // energy, GeV
  double pt = 0;   // transverse momentum, GeV
  double eta = 0;  // pseudorapidity
  double phi = 0;  // azimuth, radians in [-pi, pi]

  bool operator==(const PhysicsObject& other) const {
    return type == other.type && e == other.e && pt == other.pt && eta == other.eta &&
           phi == other.phi;
  }
};

struct Event {
  std::string event_id;    // identifier given by the generator (not necessarily unique)
  std::string process_id;  // the physics process (model) the event belongs to
  double weight = 1;       // generator weight
  double met = 0;          // missing transverse energy, GeV
  double met_phi = 0;      // azimuth of the missing transverse momentum, radians
  std::vector<PhysicsObject> objects;

  bool operator==(const Event& other) const {
    return event_id == other.event_id && process_id == other.process_id && weight == other.weight &&
           met == other.met && met_phi == other.met_phi && objects == other.objects;
  }
};

// True for light and b-tagged jets.
inline bool IsJet(ObjectType type) { return type == ObjectType::kJet || type == ObjectType::kBJet; }

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_EVENTS_EVENT_H_
