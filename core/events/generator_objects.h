// How generator-level events become analysis objects, whichever reader parsed them (HepMC3 ASCII
// on its own fast path or through HepMC3, HepMC2, LHE): isolated leptons and photons, anti-kt jets
// of the remaining visible final-state particles (FastJet, b-tagged by nearby b hadrons and b
// quarks) and the truth missing transverse energy of the invisible particles.
#ifndef LATENTSPACE_CORE_EVENTS_GENERATOR_OBJECTS_H_
#define LATENTSPACE_CORE_EVENTS_GENERATOR_OBJECTS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "core/events/event.h"

namespace latentspace {

// How generator-level particles become analysis objects. Momenta are in GeV, angles in radians;
// dR = sqrt(deta^2 + dphi^2) with the pseudorapidity eta. "Visible final state" means status 1 and
// not invisible; invisible are neutrinos (|pdg| 12, 14, 16), the lightest neutralino (1000022),
// the gravitino (1000039), the PDG dark-matter codes 51, 52, 53 (scalar, fermion and vector dark
// matter, as in the DMsimp models) and extra_invisible_pdg_ids, all matched by |pdg|.
struct HepMC3ReaderOptions {
  // Anti-kt distance parameter, and the cuts a clustered jet must pass (pt > jet_min_pt,
  // |eta| <= jet_max_abs_eta; the eta cut stands for the calorimeter acceptance).
  double jet_radius = 0.4;
  double jet_min_pt = 20;
  double jet_max_abs_eta = 5.0;
  // Electrons (|pdg| 11), muons (13) and photons (22) in the visible final state become objects
  // when pt > lepton_min_pt (photon_min_pt for photons), |eta| <= lepton_max_abs_eta (photons
  // too) and they are isolated: the scalar sum of the pt of all other visible final-state particles
  // within dR < isolation_cone is at most isolation_max_ratio times their pt. They are then left
  // out of jet clustering; candidates that fail a cut are clustered like any other particle.
  double lepton_min_pt = 10;
  double photon_min_pt = 10;
  double lepton_max_abs_eta = 2.5;
  double isolation_cone = 0.3;
  double isolation_max_ratio = 0.15;
  // A jet is b-tagged when a b hadron or b quark (any status) with pt > btag_min_pt lies within
  // dR < btag_cone of the jet axis (plain dR matching, no ghost association).
  double btag_cone = 0.4;
  double btag_min_pt = 5;
  // More particle ids to treat as invisible (either sign).
  std::vector<int> extra_invisible_pdg_ids;
  // The process id of events that carry no "signal_process_id" attribute (or carry 0, which the
  // HepMC2 format writes when the generator gives none). HepMC3Reader::Open replaces an empty
  // value by the file's base name without its extensions (".gz" and one more: "ttbar.hepmc.gz"
  // gives "ttbar").
  std::string process_id;
  // How HepMC3Reader reads HepMC3 ASCII listings: on its own parser (hepmc3_ascii_event.h), which
  // hands every record outside the subset it reads exactly as HepMC3's ReaderAscii to ReaderAscii,
  // with `threads` threads parsing and converting events (0: one per hardware thread); or, with
  // reference_parser, on ReaderAscii alone (one thread), the reference the fast path is tested
  // against. HepMC2 listings and LHE files are always read by HepMC3's own readers.
  int threads = 0;
  bool reference_parser = false;
};

// One generator-level particle as a record lists it.
struct GeneratorParticle {
  double px = 0, py = 0, pz = 0, e = 0;  // in the event's momentum unit
  int pdg = 0;
  int status = 0;
};

// What the conversion needs of one generator-level event.
struct GeneratorEvent {
  int event_number = 0;
  bool mev = false;   // momenta in MeV; GeV otherwise
  double weight = 1;  // the first event weight (1 when there is none)
  // The "signal_process_id" attribute of the event and of the run ("" when absent).
  std::string process_id;
  std::string run_process_id;
  std::vector<GeneratorParticle> particles;  // in record order
};

// Converts one generator-level event into *event (reusing its storage):
// - event_id is the event number, weight the first event weight, process_id the event's (or else
//   the run's) "signal_process_id" attribute when set and not 0, otherwise options.process_id;
// - met is the truth missing transverse energy: the magnitude of the vector sum of the transverse
//   momenta of the invisible final-state particles, met_phi its azimuth (0 when there are none);
// - objects (jets, b jets, e-, e+, mu-, mu+, photons) are sorted by decreasing pt.
// Momenta are converted to GeV. INVALID_ARGUMENT when a particle's momentum is not finite
// ("particle N (pdg P): ..." with N counted from 1 in record order), when the options are invalid,
// or when the result fails ValidateEvent. Never throws.
absl::Status ConvertGeneratorEvent(const GeneratorEvent& generator_event,
                                   const HepMC3ReaderOptions& options, Event* event);

// Checks that the options are usable: all finite, jet_radius > 0 (and within FastJet's limit),
// threads >= 0, everything else >= 0.
absl::Status ValidateHepMC3ReaderOptions(const HepMC3ReaderOptions& options);

// Silences HepMC3's and FastJet's own printing once per process (every generator-level reader
// does, and ConvertGeneratorEvent). The FastJet banner is not suppressed (its licence asks
// third-party code not to) but printed here, once, to stderr, so that stdout stays clean.
void QuietGeneratorLibraries();

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_EVENTS_GENERATOR_OBJECTS_H_
