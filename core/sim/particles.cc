// Particle table and recursive decays.
#include "core/sim/particles.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "core/sim/phase_space.h"

namespace latentspace::sim {

absl::StatusOr<int> ParticleTable::Add(Species species) {
  const bool stable = species.decays.empty();
  if (stable == (species.kind == ParticleKind::kUnstable)) {
    return absl::InternalError(
        absl::StrCat("species '", species.name,
                     "': a stable species needs a detector kind, an unstable one none"));
  }
  double lowest = species.width > 0 ? species.mass - kWidthWindow * species.width : species.mass;
  double branchings = 0;
  for (const DecayChannel& decay : species.decays) {
    const int n = static_cast<int>(decay.products.size());
    if (n < 2 || n > kMaxDecayProducts) {
      return absl::InternalError(absl::StrCat("species '", species.name, "': a decay into ", n,
                                              " products (expected 2 to ", kMaxDecayProducts, ")"));
    }
    double threshold = 0;
    for (int product : decay.products) {
      if (product < 0 || product >= size()) {
        return absl::InternalError(
            absl::StrCat("species '", species.name, "': unknown decay product ", product));
      }
      threshold += min_mass_[product];
    }
    lowest = std::max(lowest, threshold);
    branchings += decay.branching;
  }
  if (!stable && std::abs(branchings - 1) > 1e-9) {
    return absl::InternalError(
        absl::StrCat("species '", species.name, "': branchings add up to ", branchings));
  }
  const double highest =
      species.width > 0 ? species.mass + kWidthWindow * species.width : species.mass;
  if (lowest > highest) {
    return absl::InternalError(absl::StrCat("species '", species.name, "' of mass ", species.mass,
                                            " GeV cannot decay: its products need ", lowest,
                                            " GeV"));
  }
  species_.push_back(std::move(species));
  min_mass_.push_back(lowest);
  return size() - 1;
}

double ParticleTable::MaxMass(int index) const {
  const Species& s = species_[index];
  return s.width > 0 ? s.mass + kWidthWindow * s.width : s.mass;
}

void ParticleTable::SampleMasses(absl::Span<const int> ids, double available, RandomStream& random,
                                 double* masses) const {
  double reserved = 0;  // the lowest masses of the particles not drawn yet
  for (int id : ids) reserved += min_mass_[id];
  double used = 0;
  for (size_t i = 0; i < ids.size(); ++i) {
    const Species& s = species_[ids[i]];
    reserved -= min_mass_[ids[i]];
    if (s.width > 0) {
      const double low = min_mass_[ids[i]];
      const double high = std::max(low, std::min(MaxMass(ids[i]), available - used - reserved));
      masses[i] = random.BreitWigner(s.mass, s.width, low, high);
    } else {
      masses[i] = s.mass;
    }
    used += masses[i];
  }
}

void ParticleTable::AppendWithDecays(int index, const FourVector& p, double mass, int parent,
                                     RandomStream& random, TruthEvent* event) const {
  const Species& s = species_[index];
  const int position = static_cast<int>(event->particles.size());
  event->particles.push_back({p, mass, index, parent, s.kind});
  if (s.decays.empty()) return;
  const DecayChannel* decay = &s.decays.back();
  if (s.decays.size() > 1) {
    double u = random.Uniform();
    for (const DecayChannel& candidate : s.decays) {
      u -= candidate.branching;
      if (u < 0) {
        decay = &candidate;
        break;
      }
    }
  }
  std::array<double, kMaxDecayProducts> masses;
  std::array<FourVector, kMaxDecayProducts> products;
  SampleMasses(decay->products, mass, random, masses.data());
  DecayNBody(p, mass, absl::MakeConstSpan(masses.data(), decay->products.size()), random,
             products.data());
  for (size_t i = 0; i < decay->products.size(); ++i) {
    AppendWithDecays(decay->products[i], products[i], masses[i], position, random, event);
  }
}

}  // namespace latentspace::sim
