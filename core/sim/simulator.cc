// Family + parameters + seed -> reconstructed events.
#include "core/sim/simulator.h"

#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/sim/random_stream.h"
#include "core/status_macros.h"

namespace latentspace::sim {
namespace {

// Dark Machines files' precision: energies to 1 MeV, angles to 1e-6. Far below the resolution, and
// it keeps the files as compact as the published ones.
double RoundEnergy(double gev) { return std::round(gev * 1e3) / 1e3; }
double RoundAngle(double value) { return std::round(value * 1e6) / 1e6; }

void RoundToFilePrecision(Event* event) {
  event->met = RoundEnergy(event->met);
  event->met_phi = RoundAngle(event->met_phi);
  for (PhysicsObject& object : event->objects) {
    object.e = RoundEnergy(object.e);
    object.pt = RoundEnergy(object.pt);
    object.eta = RoundAngle(object.eta);
    object.phi = RoundAngle(object.phi);
  }
}

}  // namespace

absl::StatusOr<Simulator> Simulator::Create(const std::string& family_name,
                                            const Parameters& parameters, uint64_t seed,
                                            const DetectorResponseOptions& response) {
  LATENT_ASSIGN_OR_RETURN(const Family* family, FindFamily(family_name));
  LATENT_RETURN_IF_ERROR(ValidateParameters(*family, parameters));
  std::string process_id = ProcessId(*family, parameters);
  LATENT_ASSIGN_OR_RETURN(ProcessModel model, family->build(parameters, process_id));
  absl::StatusOr<EventGenerator> generator = EventGenerator::Create(std::move(model));
  if (!generator.ok()) {
    return absl::Status(generator.status().code(),
                        absl::StrCat(process_id, ": ", generator.status().message()));
  }
  return Simulator(std::move(process_id), *std::move(generator), DetectorResponse(response), seed);
}

void Simulator::GenerateTruth(int64_t index, TruthEvent* truth) {
  RandomStream random(seed_, static_cast<uint64_t>(index));
  generator_.Generate(random, truth);
}

void Simulator::Generate(int64_t index, Event* event) {
  RandomStream random(seed_, static_cast<uint64_t>(index));
  generator_.Generate(random, &truth_);
  response_.Reconstruct(truth_, random, event);
  RoundToFilePrecision(event);
  event->event_id = std::to_string(index + 1);
  event->process_id = generator_.model().channels[truth_.channel].process_id;
  event->weight = 1;
}

absl::StatusOr<std::vector<Event>> Simulate(const std::string& family, const Parameters& parameters,
                                            int64_t events, uint64_t seed) {
  if (events < 0) {
    return absl::InvalidArgumentError(absl::StrCat("events = ", events, " is negative"));
  }
  LATENT_ASSIGN_OR_RETURN(Simulator simulator, Simulator::Create(family, parameters, seed));
  std::vector<Event> result(static_cast<size_t>(events));
  for (int64_t i = 0; i < events; ++i) simulator.Generate(i, &result[i]);
  return result;
}

}  // namespace latentspace::sim
