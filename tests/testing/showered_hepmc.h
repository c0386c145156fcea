// HepMC3 ASCII listings of showered-looking collider events, written by HepMC3's own WriterAscii,
// for the reader tests and the HepMC benchmark: two beam protons into a hard vertex, hard partons
// that branch into a parton shower (each branching behind a carbon copy of its parent, as Pythia 8
// records them), partons that hadronise through a cluster into two hadrons, some hadrons decaying
// (neutral pions into photon pairs, B mesons), an occasional isolated muon, and an invisible
// neutralino pair. The kinematics are plausible, not physical: momentum is shared at each
// branching, not conserved exactly. Seeded, so a listing is the same on every machine.
#ifndef LATENTSPACE_TESTS_TESTING_SHOWERED_HEPMC_H_
#define LATENTSPACE_TESTS_TESTING_SHOWERED_HEPMC_H_

#include <cmath>
#include <cstdint>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "HepMC3/Attribute.h"
#include "HepMC3/GenEvent.h"
#include "HepMC3/GenParticle.h"
#include "HepMC3/GenRunInfo.h"
#include "HepMC3/GenVertex.h"
#include "HepMC3/WriterAscii.h"

namespace latentspace::testing {

struct ShoweredListingOptions {
  int events = 10;
  int shower_partons =
      220;           // leaves of the shower per event (about 2.6 final-state particles each)
  bool mev = false;  // write momenta in MeV
  uint64_t seed = 1;
};

namespace showered_internal {

struct Momentum {
  double px, py, pz;
  double Magnitude() const { return std::sqrt(px * px + py * py + pz * pz); }
};

class EventBuilder {
 public:
  EventBuilder(const ShoweredListingOptions& options, std::mt19937_64* random,
               std::shared_ptr<HepMC3::GenRunInfo> run_info, int number)
      : options_(options),
        random_(*random),
        event_(options.mev ? HepMC3::Units::MEV : HepMC3::Units::GEV, HepMC3::Units::MM),
        scale_(options.mev ? 1000.0 : 1.0) {
    event_.set_run_info(std::move(run_info));
    event_.set_event_number(number);
    event_.weights() = {Uniform(0.5, 1.5), Uniform(0.4, 1.6)};
    if (number % 3 == 0) {
      event_.add_attribute("signal_process_id",
                           std::make_shared<HepMC3::IntAttribute>(1000 + number % 7));
    }
  }

  HepMC3::GenEvent& Build() {
    auto hard = std::make_shared<HepMC3::GenVertex>();
    hard->add_particle_in(Make(Momentum{0, 0, 6500}, 0.938, 2212, 4));
    hard->add_particle_in(Make(Momentum{0, 0, -6500}, 0.938, 2212, 4));
    event_.add_vertex(hard);
    const int hard_partons = 4;
    std::vector<HepMC3::GenParticlePtr> open;
    for (int i = 0; i < hard_partons; ++i) {
      const int pdg = i == 0 ? 5 : (i % 2 == 0 ? 21 : 1 + i % 3);
      HepMC3::GenParticlePtr parton = Make(
          FromPtEtaPhi(Uniform(80, 700), Uniform(-2.5, 2.5), Uniform(-M_PI, M_PI)), 0, pdg, 23);
      hard->add_particle_out(parton);
      open.push_back(parton);
    }
    for (int i = 0; i < 2; ++i) {  // the invisible pair
      hard->add_particle_out(Make(
          FromPtEtaPhi(Uniform(20, 300), Uniform(-2, 2), Uniform(-M_PI, M_PI)), 100, 1000022, 1));
    }
    if (Uniform(0, 1) < 0.3) {
      hard->add_particle_out(Make(
          FromPtEtaPhi(Uniform(15, 120), Uniform(-2.3, 2.3), Uniform(-M_PI, M_PI)), 0.106, 13, 1));
    }
    // The shower: branch a random open parton until there are enough leaves.
    for (int attempts = 0; static_cast<int>(open.size()) < options_.shower_partons &&
                           attempts < 100 * options_.shower_partons;
         ++attempts) {
      const size_t pick = static_cast<size_t>(Uniform(0, 1) * open.size()) % open.size();
      HepMC3::GenParticlePtr parent = open[pick];
      const Momentum p = MomentumOf(parent);
      if (p.Magnitude() < 2) continue;
      parent->set_status(52);
      HepMC3::GenParticlePtr copy = Decay(parent, {{p, 0, parent->pid(), 51}})[0];
      const double z = Uniform(0.15, 0.85);
      const Momentum kick = Kick(p, 0.08);
      const int daughter_pdg = parent->pid() == 21 ? 21 : parent->pid();
      std::vector<HepMC3::GenParticlePtr> daughters =
          Decay(copy, {{Add(Scale(p, z), kick), 0, daughter_pdg, 51},
                       {Add(Scale(p, 1 - z), Scale(kick, -1)), 0, 21, 51}});
      copy->set_status(52);
      open[pick] = daughters[0];
      open.push_back(daughters[1]);
    }
    // Hadronisation: each parton through a cluster into two hadrons, some of which decay.
    bool b_hadron_made = false;
    for (const HepMC3::GenParticlePtr& parton : open) {
      const Momentum p = MomentumOf(parton);
      parton->set_status(71);
      HepMC3::GenParticlePtr cluster = Decay(parton, {{p, 1.2, 91, 2}})[0];
      const double z = Uniform(0.2, 0.8);
      const Momentum kick = Kick(p, 0.05);
      const bool b_hadron = std::abs(parton->pid()) == 5 && !b_hadron_made;
      b_hadron_made = b_hadron_made || b_hadron;
      std::vector<HepMC3::GenParticlePtr> hadrons =
          Decay(cluster,
                {{Add(Scale(p, z), kick), b_hadron ? 5.28 : 0.1396, b_hadron ? 511 : Hadron(), 1},
                 {Add(Scale(p, 1 - z), Scale(kick, -1)), 0.1396, Hadron(), 1}});
      for (const HepMC3::GenParticlePtr& hadron : hadrons) {
        const bool decays = hadron->pid() == 111 || hadron->pid() == 511 || Uniform(0, 1) < 0.15;
        if (!decays) continue;
        hadron->set_status(2);
        const Momentum h = MomentumOf(hadron);
        const Momentum hk = Kick(h, 0.03);
        const int product = hadron->pid() == 111 ? 22 : 211;
        Decay(hadron,
              {{Add(Scale(h, 0.5), hk), 0, product, 1},
               {Add(Scale(h, 0.5), Scale(hk, -1)), 0, hadron->pid() == 111 ? 22 : -211, 1}});
      }
    }
    return event_;
  }

 private:
  struct Product {
    Momentum p;
    double mass;
    int pdg;
    int status;
  };

  double Uniform(double low, double high) {
    return std::uniform_real_distribution<double>(low, high)(random_);
  }
  int Hadron() {
    static constexpr int kHadrons[] = {211, -211, 111, 321, -321, 130, 2212, -2112, 22};
    return kHadrons[static_cast<size_t>(Uniform(0, 1) * 9) % 9];
  }
  static Momentum FromPtEtaPhi(double pt, double eta, double phi) {
    return Momentum{pt * std::cos(phi), pt * std::sin(phi), pt * std::sinh(eta)};
  }
  static Momentum Scale(const Momentum& p, double s) {
    return Momentum{p.px * s, p.py * s, p.pz * s};
  }
  static Momentum Add(const Momentum& a, const Momentum& b) {
    return Momentum{a.px + b.px, a.py + b.py, a.pz + b.pz};
  }
  // A random momentum of about `fraction` of |p|.
  Momentum Kick(const Momentum& p, double fraction) {
    const double size = fraction * p.Magnitude();
    return Momentum{Uniform(-size, size), Uniform(-size, size), Uniform(-size, size)};
  }
  Momentum MomentumOf(const HepMC3::GenParticlePtr& particle) const {
    const HepMC3::FourVector& m = particle->momentum();
    return Momentum{m.px() / scale_, m.py() / scale_, m.pz() / scale_};
  }
  HepMC3::GenParticlePtr Make(const Momentum& p, double mass, int pdg, int status) const {
    const double e = std::sqrt(p.px * p.px + p.py * p.py + p.pz * p.pz + mass * mass);
    auto particle = std::make_shared<HepMC3::GenParticle>(
        HepMC3::FourVector(p.px * scale_, p.py * scale_, p.pz * scale_, e * scale_), pdg, status);
    particle->set_generated_mass(mass * scale_);
    return particle;
  }
  std::vector<HepMC3::GenParticlePtr> Decay(const HepMC3::GenParticlePtr& parent,
                                            const std::vector<Product>& products) {
    auto vertex = std::make_shared<HepMC3::GenVertex>();
    vertex->add_particle_in(parent);
    std::vector<HepMC3::GenParticlePtr> made;
    for (const Product& product : products) {
      made.push_back(Make(product.p, product.mass, product.pdg, product.status));
      vertex->add_particle_out(made.back());
    }
    event_.add_vertex(vertex);
    return made;
  }

  const ShoweredListingOptions& options_;
  std::mt19937_64& random_;
  HepMC3::GenEvent event_;
  double scale_;
};

}  // namespace showered_internal

// The listing, as WriterAscii writes it (weight names "nominal" and "scale_up").
inline std::string ShoweredHepMC3Listing(const ShoweredListingOptions& options) {
  auto run_info = std::make_shared<HepMC3::GenRunInfo>();
  run_info->set_weight_names({"nominal", "scale_up"});
  std::mt19937_64 random(options.seed);
  std::ostringstream out;
  HepMC3::WriterAscii writer(out, run_info);
  for (int i = 0; i < options.events; ++i) {
    showered_internal::EventBuilder builder(options, &random, run_info, i + 1);
    writer.write_event(builder.Build());
  }
  writer.close();
  return out.str();
}

}  // namespace latentspace::testing

#endif  // LATENTSPACE_TESTS_TESTING_SHOWERED_HEPMC_H_
