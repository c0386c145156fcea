// How generator-level particles become analysis objects (isolation, anti-kt jets, b tags, MET).
#include "core/events/generator_objects.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <limits>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "HepMC3/Setup.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "core/events/event_checks.h"
#include "core/status_macros.h"
#include "fastjet/ClusterSequence.hh"
#include "fastjet/Error.hh"
#include "fastjet/JetDefinition.hh"
#include "fastjet/LimitedWarning.hh"
#include "fastjet/PseudoJet.hh"

namespace latentspace {
namespace {

constexpr double kMevPerGev = 1000.0;

// A particle's four-momentum in GeV with the derived quantities used for matching.
struct Particle {
  double px, py, pz, e;
  double pt, eta, phi;
  int pdg;
};

// Pseudorapidity; +-infinity along the beam axis.
double Eta(double px, double py, double pz) {
  const double pt = std::hypot(px, py);
  if (pt == 0) {
    if (pz == 0) return 0;
    return pz > 0 ? std::numeric_limits<double>::infinity()
                  : -std::numeric_limits<double>::infinity();
  }
  return std::asinh(pz / pt);
}

Particle MakeParticle(double px, double py, double pz, double e, int pdg) {
  return Particle{px, py, pz, e, std::hypot(px, py), Eta(px, py, pz), std::atan2(py, px), pdg};
}

// dR^2 = deta^2 + dphi^2; NaN (so never "within") when both etas are the same infinity.
double DeltaR2(const Particle& a, const Particle& b) {
  const double deta = a.eta - b.eta;
  const double dphi = std::remainder(a.phi - b.phi, 2 * M_PI);
  return deta * deta + dphi * dphi;
}

PhysicsObject MakeObject(ObjectType type, const Particle& p) {
  PhysicsObject object;
  object.type = type;
  object.e = p.e;
  object.pt = p.pt;
  object.eta = p.eta;
  object.phi = p.phi;
  return object;
}

long long AbsPdg(int pdg) { return std::llabs(static_cast<long long>(pdg)); }

bool IsInvisible(int pdg, const HepMC3ReaderOptions& options) {
  const long long id = AbsPdg(pdg);
  switch (id) {
    case 12:       // nu_e
    case 14:       // nu_mu
    case 16:       // nu_tau
    case 51:       // scalar dark matter
    case 52:       // fermion dark matter
    case 53:       // vector dark matter
    case 1000022:  // lightest neutralino
    case 1000039:  // gravitino
      return true;
    default:
      break;
  }
  for (const int extra : options.extra_invisible_pdg_ids) {
    if (AbsPdg(extra) == id) return true;
  }
  return false;
}

// b quarks and hadrons with a b valence quark (mesons 0 nq2 nq3 J, baryons nq1 nq2 nq3 J; the
// radial and orbital excitations up to |pdg| < 10^6 included, diquarks and SUSY codes excluded).
bool IsBQuarkOrHadron(int pdg) {
  const long long id = AbsPdg(pdg);
  if (id == 5) return true;
  if (id < 100 || id >= 1000000) return false;
  const long long nq3 = (id / 10) % 10;
  const long long nq2 = (id / 100) % 10;
  const long long nq1 = (id / 1000) % 10;
  if (nq3 == 0) return false;  // diquarks and special codes
  return nq1 == 5 || nq2 == 5;
}

// Empty, or the HepMC2 placeholder 0.
bool IsUnsetProcessId(absl::string_view id) {
  id = absl::StripAsciiWhitespace(id);
  return id.empty() || id == "0";
}

std::string ProcessId(const GeneratorEvent& generator_event, const HepMC3ReaderOptions& options) {
  absl::string_view id = generator_event.process_id;
  if (IsUnsetProcessId(id)) id = generator_event.run_process_id;
  if (IsUnsetProcessId(id)) return options.process_id;
  return std::string(absl::StripAsciiWhitespace(id));
}

absl::Status ConvertUnchecked(const GeneratorEvent& generator_event,
                              const HepMC3ReaderOptions& options, Event* event) {
  const double scale = generator_event.mev ? 1 / kMevPerGev : 1.0;
  event->event_id = std::to_string(generator_event.event_number);
  event->process_id = ProcessId(generator_event, options);
  event->weight = generator_event.weight;
  event->objects.clear();

  // Sort the particles into visible final state, invisible (summed into MET) and b-tag seeds.
  std::vector<Particle> visible;
  std::vector<Particle> b_seeds;
  double invisible_px = 0;
  double invisible_py = 0;
  int id = 0;  // particle ids count from 1 in record order
  for (const GeneratorParticle& p : generator_event.particles) {
    ++id;
    if (!std::isfinite(p.px) || !std::isfinite(p.py) || !std::isfinite(p.pz) ||
        !std::isfinite(p.e)) {
      return absl::InvalidArgumentError(absl::StrCat("particle ", id, " (pdg ", p.pdg,
                                                     "): momentum (", p.px, ", ", p.py, ", ", p.pz,
                                                     ", ", p.e, ") is not finite"));
    }
    // Only b-tag candidates and the final state are used; the rest (most of a showered record)
    // needs no pt, eta or phi.
    const bool b_candidate = IsBQuarkOrHadron(p.pdg);
    const bool final_state = p.status == 1;
    if (!b_candidate && !final_state) continue;
    const bool invisible = final_state && IsInvisible(p.pdg, options);
    if (invisible) {
      invisible_px += p.px * scale;
      invisible_py += p.py * scale;
      if (!b_candidate) continue;
    }
    const Particle particle =
        MakeParticle(p.px * scale, p.py * scale, p.pz * scale, p.e * scale, p.pdg);
    if (b_candidate && particle.pt > options.btag_min_pt) b_seeds.push_back(particle);
    if (final_state && !invisible) visible.push_back(particle);
  }
  event->met = std::hypot(invisible_px, invisible_py);
  event->met_phi = event->met > 0 ? std::atan2(invisible_py, invisible_px) : 0.0;

  // Isolated electrons, muons and photons; the cone sum runs over all other visible particles.
  const double isolation_cone2 = options.isolation_cone * options.isolation_cone;
  std::vector<bool> taken(visible.size(), false);
  for (size_t i = 0; i < visible.size(); ++i) {
    const Particle& candidate = visible[i];
    ObjectType type;
    double min_pt;
    switch (candidate.pdg) {
      case 11:
        type = ObjectType::kElectron;
        min_pt = options.lepton_min_pt;
        break;
      case -11:
        type = ObjectType::kPositron;
        min_pt = options.lepton_min_pt;
        break;
      case 13:
        type = ObjectType::kMuon;
        min_pt = options.lepton_min_pt;
        break;
      case -13:
        type = ObjectType::kAntiMuon;
        min_pt = options.lepton_min_pt;
        break;
      case 22:
      case -22:
        type = ObjectType::kPhoton;
        min_pt = options.photon_min_pt;
        break;
      default:
        continue;
    }
    if (!(candidate.pt > min_pt) || !(std::abs(candidate.eta) <= options.lepton_max_abs_eta)) {
      continue;
    }
    double cone_pt = 0;
    for (size_t j = 0; j < visible.size(); ++j) {
      // deta^2 >= cone^2 already puts a particle outside the cone (the same sum, fewer dphis).
      const double deta = candidate.eta - visible[j].eta;
      if (deta * deta >= isolation_cone2) continue;
      if (j != i && DeltaR2(candidate, visible[j]) < isolation_cone2) cone_pt += visible[j].pt;
    }
    if (cone_pt > options.isolation_max_ratio * candidate.pt) continue;
    taken[i] = true;
    event->objects.push_back(MakeObject(type, candidate));
  }

  // Anti-kt jets of everything else.
  std::vector<fastjet::PseudoJet> inputs;
  inputs.reserve(visible.size());
  for (size_t i = 0; i < visible.size(); ++i) {
    if (!taken[i]) inputs.emplace_back(visible[i].px, visible[i].py, visible[i].pz, visible[i].e);
  }
  if (!inputs.empty()) {
    const fastjet::JetDefinition definition(fastjet::antikt_algorithm, options.jet_radius);
    const fastjet::ClusterSequence sequence(inputs, definition);
    const double btag_cone2 = options.btag_cone * options.btag_cone;
    for (const fastjet::PseudoJet& jet : sequence.inclusive_jets(options.jet_min_pt)) {
      const Particle axis = MakeParticle(jet.px(), jet.py(), jet.pz(), jet.e(), 0);
      if (!(axis.pt > options.jet_min_pt) || !(std::abs(axis.eta) <= options.jet_max_abs_eta)) {
        continue;
      }
      const bool b_tagged = std::any_of(b_seeds.begin(), b_seeds.end(), [&](const Particle& seed) {
        return DeltaR2(axis, seed) < btag_cone2;
      });
      event->objects.push_back(MakeObject(b_tagged ? ObjectType::kBJet : ObjectType::kJet, axis));
    }
  }

  std::stable_sort(event->objects.begin(), event->objects.end(),
                   [](const PhysicsObject& a, const PhysicsObject& b) { return a.pt > b.pt; });
  return ValidateEvent(*event);
}

absl::Status CheckOption(const char* name, double value, bool must_be_positive) {
  if (!std::isfinite(value) || value < 0 || (must_be_positive && value == 0)) {
    return absl::InvalidArgumentError(absl::StrCat("HepMC3 reader option ", name, " = ", value,
                                                   ": must be finite and ",
                                                   must_be_positive ? "> 0" : ">= 0"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateHepMC3ReaderOptions(const HepMC3ReaderOptions& options) {
  const std::pair<const char*, double> positive[] = {
      {"jet_radius", options.jet_radius},
  };
  const std::pair<const char*, double> non_negative[] = {
      {"jet_min_pt", options.jet_min_pt},
      {"jet_max_abs_eta", options.jet_max_abs_eta},
      {"lepton_min_pt", options.lepton_min_pt},
      {"photon_min_pt", options.photon_min_pt},
      {"lepton_max_abs_eta", options.lepton_max_abs_eta},
      {"isolation_cone", options.isolation_cone},
      {"isolation_max_ratio", options.isolation_max_ratio},
      {"btag_cone", options.btag_cone},
      {"btag_min_pt", options.btag_min_pt},
  };
  for (const auto& [name, value] : positive) {
    LATENT_RETURN_IF_ERROR(CheckOption(name, value, true));
  }
  for (const auto& [name, value] : non_negative) {
    LATENT_RETURN_IF_ERROR(CheckOption(name, value, false));
  }
  if (options.jet_radius > fastjet::JetDefinition::max_allowable_R) {
    return absl::InvalidArgumentError(
        absl::StrCat("HepMC3 reader option jet_radius = ", options.jet_radius, ": exceeds ",
                     fastjet::JetDefinition::max_allowable_R));
  }
  if (options.threads < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("HepMC3 reader option threads = ", options.threads, ": must be >= 0"));
  }
  return absl::OkStatus();
}

void QuietGeneratorLibraries() {
  static std::once_flag once;
  std::call_once(once, [] {
    HepMC3::Setup::set_print_warnings(false);
    HepMC3::Setup::set_print_errors(false);
    HepMC3::Setup::set_debug_level(0);
    fastjet::ClusterSequence::set_fastjet_banner_stream(&std::cerr);
    // Now rather than at the first clustering: Debian's FastJet is built without its thread
    // safety, and the banner's first-time flag is the one state every clustering writes.
    fastjet::ClusterSequence::print_banner();
    fastjet::Error::set_print_errors(false);
    fastjet::LimitedWarning::set_default_stream(nullptr);
  });
}

absl::Status ConvertGeneratorEvent(const GeneratorEvent& generator_event,
                                   const HepMC3ReaderOptions& options, Event* event) {
  QuietGeneratorLibraries();
  LATENT_RETURN_IF_ERROR(ValidateHepMC3ReaderOptions(options));
  try {
    return ConvertUnchecked(generator_event, options, event);
  } catch (const fastjet::Error& error) {
    return absl::InvalidArgumentError(absl::StrCat("jet clustering failed: ", error.message()));
  } catch (const std::exception& error) {
    return absl::InvalidArgumentError(absl::StrCat("conversion failed: ", error.what()));
  } catch (...) {
    return absl::InvalidArgumentError("conversion failed: unknown exception");
  }
}

}  // namespace latentspace
