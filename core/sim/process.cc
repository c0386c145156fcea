// Hard process, ISR recoil and decays of one generator-level event.
#include "core/sim/process.h"

#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/sim/phase_space.h"

namespace latentspace::sim {
namespace {

// beta = 2 p* / m of m -> m1 m2.
double Beta(double mass, double m1, double m2) { return 2 * TwoBodyMomentum(mass, m1, m2) / mass; }

// The decay's threshold factor beta, averaged over the channels with their branchings (1 for
// decays into three or more particles).
double DecayThresholdFactor(const ParticleTable& particles, int id, double mass) {
  double factor = 0;
  for (const DecayChannel& decay : particles.species(id).decays) {
    const std::vector<int>& p = decay.products;
    factor += decay.branching * (p.size() == 2 ? Beta(mass, particles.species(p[0]).mass,
                                                      particles.species(p[1]).mass)
                                               : 1.0);
  }
  return factor;
}

absl::StatusOr<MassSampler> ChannelMassSampler(const ParticleTable& particles,
                                               const Channel& channel) {
  const Production& production = channel.production;
  const InitialState state = production.initial_state;
  for (int id : production.produced) {
    if (id < 0 || id >= particles.size()) {
      return absl::InternalError(
          absl::StrCat("channel '", channel.process_id, "' produces unknown species ", id));
    }
  }
  if (production.produced.size() == 1) {
    const int id = production.produced[0];
    const Species& resonance = particles.species(id);
    if (!(resonance.width > 0) || resonance.decays.empty()) {
      return absl::InternalError(absl::StrCat("channel '", channel.process_id, "': resonance '",
                                              resonance.name, "' needs a width and decays"));
    }
    const double pole = resonance.mass;
    const double width = resonance.width;
    return MassSampler::Create(
        [&](double m) {
          const double off_shell = m * m - pole * pole;
          return PartonLuminosity(state, m) * DecayThresholdFactor(particles, id, m) /
                 (off_shell * off_shell + pole * pole * width * width);
        },
        particles.MinMass(id), particles.MaxMass(id));
  }
  if (production.produced.size() == 2) {
    const double m1 = particles.species(production.produced[0]).mass;
    const double m2 = particles.species(production.produced[1]).mass;
    const int power = production.threshold_power;
    return MassSampler::Create(
        [&](double m) { return PartonLuminosity(state, m) * std::pow(Beta(m, m1, m2), power); },
        m1 + m2, kCollisionEnergy);
  }
  return absl::InternalError(absl::StrCat("channel '", channel.process_id, "' produces ",
                                          production.produced.size(),
                                          " particles (expected 1 or 2)"));
}

}  // namespace

absl::StatusOr<EventGenerator> EventGenerator::Create(ProcessModel model) {
  if (model.channels.empty()) return absl::InternalError("a process without channels");
  std::vector<MassSampler> masses;
  std::vector<IsrOptions> isr;
  double fractions = 0;
  for (const Channel& channel : model.channels) {
    absl::StatusOr<MassSampler> sampler = ChannelMassSampler(model.particles, channel);
    if (!sampler.ok()) {
      return absl::Status(sampler.status().code(), absl::StrCat("channel '", channel.process_id,
                                                                "': ", sampler.status().message()));
    }
    masses.push_back(*std::move(sampler));
    isr.push_back(
        IsrOptionsFor(channel.production.initial_state, channel.production.leading_isr_pt_min));
    fractions += channel.fraction;
  }
  if (std::abs(fractions - 1) > 1e-9) {
    return absl::InternalError(absl::StrCat("channel fractions add up to ", fractions));
  }
  return EventGenerator(std::move(model), std::move(masses), std::move(isr));
}

void EventGenerator::Generate(RandomStream& random, TruthEvent* event) {
  int c = static_cast<int>(model_.channels.size()) - 1;
  if (c > 0) {
    double u = random.Uniform();
    for (int i = 0; i < c; ++i) {
      u -= model_.channels[i].fraction;
      if (u < 0) {
        c = i;
        break;
      }
    }
  }
  const Production& production = model_.channels[c].production;
  const ParticleTable& particles = model_.particles;
  const double mass = masses_[c].Sample(random);
  const double u1 = random.Uniform();  // two statements: the order of draws is fixed
  const double u2 = random.Uniform();
  const double rapidity = std::log(kCollisionEnergy / mass) * (u1 - u2);
  GenerateIsr(isr_[c], mass, rapidity, random, &emissions_);

  event->channel = c;
  event->particles.clear();
  double recoil_x = 0;
  double recoil_y = 0;
  for (const FourVector& emission : emissions_) {
    event->particles.push_back({emission, 0.0, -1, -1, ParticleKind::kGluon});
    recoil_x -= emission.px;
    recoil_y -= emission.py;
  }
  const FourVector hard = FourVector::FromTransverse(mass, recoil_x, recoil_y, rapidity);
  event->initial = hard;
  for (const FourVector& emission : emissions_) event->initial += emission;

  if (production.produced.size() == 1) {
    particles.AppendWithDecays(production.produced[0], hard, mass, -1, random, event);
    return;
  }
  double masses[2];
  FourVector first, second;
  particles.SampleMasses(production.produced, mass, random, masses);
  DecayTwoBody(hard, mass, masses[0], masses[1], random, &first, &second);
  particles.AppendWithDecays(production.produced[0], first, masses[0], -1, random, event);
  particles.AppendWithDecays(production.produced[1], second, masses[1], -1, random, event);
}

}  // namespace latentspace::sim
