// The simulated detector response (not the anomaly detectors of core/nn): a parametrised detector:
// visible partons fragmented (wide-angle radiation, fragmentation.h) and clustered into jets by
// FastJet (anti-kt, R = 0.4), a jet mass added for hadronisation, Gaussian energy resolution a /
// sqrt(E) (+) b and angular smearing, b-tagging by efficiency, smeared electrons and muons,
// acceptance cuts, and MET as minus the vector sum of the reconstructed visible transverse momenta.
// Values in docs/simulator.md.
#ifndef LATENTSPACE_CORE_SIM_DETECTOR_RESPONSE_H_
#define LATENTSPACE_CORE_SIM_DETECTOR_RESPONSE_H_

#include <memory>

#include "core/events/event.h"
#include "core/sim/fragmentation.h"
#include "core/sim/random_stream.h"
#include "core/sim/truth_event.h"

namespace latentspace::sim {

struct DetectorResponseOptions {
  FragmentationOptions fragmentation;
  double jet_radius = 0.4;
  double jet_stochastic = 0.6;    // a of sigma_E / E = a / sqrt(E / GeV) (+) b
  double jet_constant = 0.03;     // b
  double jet_angle_sigma = 0.02;  // Gaussian smearing of a jet's eta and phi
  // Every jet gets a mass m (in quadrature with that of its partons), m / pT log-normal with this
  // median and spread: hadronisation and final-state radiation, which are not simulated.
  double jet_mass_median = 0.1;
  double jet_mass_spread = 0.5;
  double btag_efficiency = 0.7;      // a jet within jet_radius of a b quark (pT > 5 GeV)
  double mistag_rate = 0.01;         // any other jet
  double electron_stochastic = 0.1;  // sigma_E / E = a / sqrt(E / GeV) (+) b
  double electron_constant = 0.007;
  double muon_constant = 0.01;  // sigma_pT / pT = c (+) s pT
  double muon_slope = 1e-4;     // per GeV
  // Objects written to the event: |eta| < max_eta and pT above the minimum.
  double max_eta = 2.5;
  double jet_min_pt = 30;
  double lepton_min_pt = 15;
  // Every reconstructed object within this |eta|, whatever its pT, enters MET.
  double calorimeter_max_eta = 4.9;
};

class DetectorResponse {
 public:
  explicit DetectorResponse(const DetectorResponseOptions& options = {});
  ~DetectorResponse();
  DetectorResponse(DetectorResponse&&) noexcept;
  DetectorResponse& operator=(DetectorResponse&&) noexcept;

  // Fills event->objects (by decreasing pT), met and met_phi from the final state of `truth`;
  // the ids and weight are left alone. Not thread-safe (scratch storage).
  void Reconstruct(const TruthEvent& truth, RandomStream& random, Event* event);

 private:
  struct Scratch;

  // Fragments of the partons, b-quark directions and smeared leptons into the scratch storage.
  void CollectVisible(const TruthEvent& truth, RandomStream& random);
  // Jets from the fragments, with mass, smearing and b-tagging, added to the scratch objects.
  void ClusterJets(RandomStream& random);
  // MET from every object within the calorimeter; the objects inside the acceptance, by pT.
  void FillEvent(Event* event) const;

  DetectorResponseOptions options_;
  std::unique_ptr<Scratch> scratch_;
};

}  // namespace latentspace::sim

#endif  // LATENTSPACE_CORE_SIM_DETECTOR_RESPONSE_H_
