// The simulator's detector response applied to truth-level objects.
#include "core/sim/object_smearing.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "core/sim/four_vector.h"
#include "core/sim/smearing.h"

namespace latentspace::sim {
namespace {

FourVector FromObject(const PhysicsObject& object) {
  return FourVector{object.e, object.pt * std::cos(object.phi), object.pt * std::sin(object.phi),
                    object.pt * std::sinh(object.eta)};
}

// A jet: energy scale at fixed mass, then direction; the tag by efficiency.
void SmearJet(const DetectorResponseOptions& options, RandomStream& random, PhysicsObject* object) {
  const FourVector p = FromObject(*object);
  const FourVector scaled =
      Smear(p, Resolution(options.jet_stochastic, options.jet_constant, p.e), random);
  const double momentum = scaled.P();
  object->eta += options.jet_angle_sigma * random.Normal();
  object->phi = WrapPhi(object->phi + options.jet_angle_sigma * random.Normal());
  object->pt = momentum / std::cosh(object->eta);
  object->e = scaled.e;
  const bool tagged =
      random.Uniform() <
      (object->type == ObjectType::kBJet ? options.btag_efficiency : options.mistag_rate);
  object->type = tagged ? ObjectType::kBJet : ObjectType::kJet;
}

// A lepton or photon: its momentum scaled, its direction kept.
void SmearScale(double sigma, RandomStream& random, PhysicsObject* object) {
  const FourVector scaled = Smear(FromObject(*object), sigma, random);
  object->e = scaled.e;
  object->pt = scaled.Pt();
}

}  // namespace

void SmearTruthObjects(const DetectorResponseOptions& options, RandomStream& random, Event* event) {
  double met_x = event->met * std::cos(event->met_phi);
  double met_y = event->met * std::sin(event->met_phi);
  for (PhysicsObject& object : event->objects) {
    met_x += object.pt * std::cos(object.phi);
    met_y += object.pt * std::sin(object.phi);
    switch (object.type) {
      case ObjectType::kJet:
      case ObjectType::kBJet:
        SmearJet(options, random, &object);
        break;
      case ObjectType::kElectron:
      case ObjectType::kPositron:
      case ObjectType::kPhoton:
        SmearScale(Resolution(options.electron_stochastic, options.electron_constant, object.e),
                   random, &object);
        break;
      case ObjectType::kMuon:
      case ObjectType::kAntiMuon:
        SmearScale(std::hypot(options.muon_constant, options.muon_slope * object.pt), random,
                   &object);
        break;
    }
    met_x -= object.pt * std::cos(object.phi);
    met_y -= object.pt * std::sin(object.phi);
  }
  event->met = std::hypot(met_x, met_y);
  event->met_phi = event->met > 0 ? std::atan2(met_y, met_x) : 0.0;
  std::vector<PhysicsObject>& objects = event->objects;
  objects.erase(std::remove_if(objects.begin(), objects.end(),
                               [&](const PhysicsObject& object) {
                                 const double min_pt = IsJet(object.type) ? options.jet_min_pt
                                                                          : options.lepton_min_pt;
                                 return !(std::abs(object.eta) < options.max_eta) ||
                                        !(object.pt > min_pt);
                               }),
                objects.end());
  std::stable_sort(objects.begin(), objects.end(),
                   [](const PhysicsObject& a, const PhysicsObject& b) { return a.pt > b.pt; });
}

SmearingReader::SmearingReader(std::unique_ptr<EventReader> events, uint64_t seed,
                               const DetectorResponseOptions& options)
    : events_(std::move(events)), seed_(seed), options_(options) {}

absl::StatusOr<bool> SmearingReader::Next(Event* event) {
  absl::StatusOr<bool> more = events_->Next(event);
  if (!more.ok() || !*more) return more;
  RandomStream random(seed_, index_++);
  SmearTruthObjects(options_, random, event);
  return true;
}

}  // namespace latentspace::sim
