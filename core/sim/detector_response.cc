// Parametrised detector response: fragmentation and FastJet clustering of partons, smearing,
// tagging, acceptance and MET.
#include "core/sim/detector_response.h"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <mutex>
#include <vector>

#include "core/sim/smearing.h"
#include "fastjet/ClusterSequence.hh"
#include "fastjet/JetDefinition.hh"
#include "fastjet/PseudoJet.hh"

namespace latentspace::sim {
namespace {

constexpr double kBQuarkTagMinPt = 5.0;

// The FastJet banner goes to stderr (its licence asks that it is not suppressed), so that stdout
// stays clean for results.
void BannerToStderr() {
  static std::once_flag once;
  std::call_once(once, [] { fastjet::ClusterSequence::set_fastjet_banner_stream(&std::cerr); });
}

// A reconstructed object with its pT, eta and phi computed once.
struct Reconstructed {
  ObjectType type;
  FourVector p;
  double pt;
  double eta;
  double phi;
};

Reconstructed MakeObject(ObjectType type, const FourVector& p) {
  return {type, p, p.Pt(), p.Eta(), p.Phi()};
}

// Where a b quark points.
struct Direction {
  double eta;
  double phi;
};

}  // namespace

struct DetectorResponse::Scratch {
  fastjet::JetDefinition jet_definition;
  std::vector<FourVector> fragments;
  std::vector<fastjet::PseudoJet> partons;
  std::vector<Direction> b_quarks;
  std::vector<Reconstructed> objects;
};

DetectorResponse::DetectorResponse(const DetectorResponseOptions& options)
    : options_(options),
      scratch_(new Scratch{
          fastjet::JetDefinition(fastjet::antikt_algorithm, options.jet_radius), {}, {}, {}, {}}) {
  BannerToStderr();
}

DetectorResponse::~DetectorResponse() = default;
DetectorResponse::DetectorResponse(DetectorResponse&&) noexcept = default;
DetectorResponse& DetectorResponse::operator=(DetectorResponse&&) noexcept = default;

void DetectorResponse::Reconstruct(const TruthEvent& truth, RandomStream& random, Event* event) {
  CollectVisible(truth, random);
  ClusterJets(random);
  FillEvent(event);
}

void DetectorResponse::CollectVisible(const TruthEvent& truth, RandomStream& random) {
  Scratch& s = *scratch_;
  s.fragments.clear();
  s.b_quarks.clear();
  s.objects.clear();
  for (const TruthParticle& particle : truth.particles) {
    const FourVector& p = particle.p;
    switch (particle.kind) {
      case ParticleKind::kBQuark:
        if (p.Pt() > kBQuarkTagMinPt) s.b_quarks.push_back({p.Eta(), p.Phi()});
        [[fallthrough]];
      case ParticleKind::kLightQuark:
      case ParticleKind::kGluon:
        Fragment(options_.fragmentation, p,
                 particle.kind == ParticleKind::kGluon ? kGluonColour : kQuarkColour, random,
                 &s.fragments);
        break;
      case ParticleKind::kElectron:
      case ParticleKind::kPositron: {
        const double sigma =
            Resolution(options_.electron_stochastic, options_.electron_constant, p.e);
        s.objects.push_back(MakeObject(particle.kind == ParticleKind::kElectron
                                           ? ObjectType::kElectron
                                           : ObjectType::kPositron,
                                       Smear(p, sigma, random)));
        break;
      }
      case ParticleKind::kMuon:
      case ParticleKind::kAntiMuon: {
        const double sigma = std::hypot(options_.muon_constant, options_.muon_slope * p.Pt());
        s.objects.push_back(MakeObject(
            particle.kind == ParticleKind::kMuon ? ObjectType::kMuon : ObjectType::kAntiMuon,
            Smear(p, sigma, random)));
        break;
      }
      case ParticleKind::kUnstable:
      case ParticleKind::kInvisible:
        break;
    }
  }
}

void DetectorResponse::ClusterJets(RandomStream& random) {
  Scratch& s = *scratch_;
  s.partons.clear();
  for (const FourVector& f : s.fragments) s.partons.emplace_back(f.px, f.py, f.pz, f.e);
  const fastjet::ClusterSequence clustering(s.partons, s.jet_definition);
  for (const fastjet::PseudoJet& jet : clustering.inclusive_jets()) {
    // Hadronisation mass, then energy scale and direction smearing at fixed mass.
    const double pt = jet.pt();
    const double added_mass =
        pt * options_.jet_mass_median * std::exp(options_.jet_mass_spread * random.Normal());
    const double p2 = jet.modp2();
    const double mass2 = std::max(jet.m2(), 0.0) + added_mass * added_mass;
    const FourVector massive{std::sqrt(p2 + mass2), jet.px(), jet.py(), jet.pz()};
    const FourVector scaled = Smear(
        massive, Resolution(options_.jet_stochastic, options_.jet_constant, massive.e), random);
    const double momentum = scaled.P();
    const double true_eta = std::asinh(jet.pz() / pt);
    const double true_phi = jet.phi_std();
    const double eta = true_eta + options_.jet_angle_sigma * random.Normal();
    const double phi = WrapPhi(true_phi + options_.jet_angle_sigma * random.Normal());
    const double smeared_pt = momentum / std::cosh(eta);
    bool near_b = false;
    for (const Direction& b : s.b_quarks) {
      const double dphi = WrapPhi(b.phi - true_phi);
      const double deta = b.eta - true_eta;
      near_b = near_b || deta * deta + dphi * dphi < options_.jet_radius * options_.jet_radius;
    }
    const bool tagged =
        random.Uniform() < (near_b ? options_.btag_efficiency : options_.mistag_rate);
    s.objects.push_back({tagged ? ObjectType::kBJet : ObjectType::kJet,
                         {scaled.e, smeared_pt * std::cos(phi), smeared_pt * std::sin(phi),
                          momentum * std::tanh(eta)},
                         smeared_pt,
                         eta,
                         phi});
  }
}

void DetectorResponse::FillEvent(Event* event) const {
  const Scratch& s = *scratch_;
  double sum_x = 0;
  double sum_y = 0;
  event->objects.clear();
  for (const Reconstructed& object : s.objects) {
    if (std::abs(object.eta) < options_.calorimeter_max_eta) {
      sum_x += object.p.px;
      sum_y += object.p.py;
    }
    const double min_pt = IsJet(object.type) ? options_.jet_min_pt : options_.lepton_min_pt;
    if (std::abs(object.eta) < options_.max_eta && object.pt > min_pt) {
      event->objects.push_back({object.type, object.p.e, object.pt, object.eta, object.phi});
    }
  }
  std::stable_sort(event->objects.begin(), event->objects.end(),
                   [](const PhysicsObject& a, const PhysicsObject& b) { return a.pt > b.pt; });
  event->met = std::hypot(sum_x, sum_y);
  event->met_phi = std::atan2(-sum_y, -sum_x);
}

}  // namespace latentspace::sim
