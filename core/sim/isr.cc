// Initial-state radiation by pT-ordered emission from a tabulated Sudakov exponent.
#include "core/sim/isr.h"

#include <algorithm>
#include <cmath>

namespace latentspace::sim {
namespace {

constexpr double kAlphaS = 0.12;
constexpr double kCA = 3.0;
constexpr double kCF = 4.0 / 3.0;

// Power of the fall above the hard scale.
constexpr double kTailPower = 4.0;

// H(r) = integral over r' <= r of ln(1 + e^(4 r')) / 4, r = ln(Q / pT): the expected number of
// emissions harder than pT, per unit kappa. Tabulated on [kLow, kHigh]; H(kLow) ~ e^-40 / 16.
class SudakovTable {
 public:
  static constexpr double kLow = -10;
  static constexpr double kHigh = 15;
  static constexpr int kPoints = 8193;

  SudakovTable() : values_(kPoints) {
    const auto integrand = [](double r) {
      return std::log1p(std::exp(kTailPower * r)) / kTailPower;
    };
    values_[0] = std::exp(kTailPower * kLow) / (kTailPower * kTailPower);
    for (int i = 1; i < kPoints; ++i) {
      values_[i] = values_[i - 1] + 0.5 * kStep * (integrand(R(i - 1)) + integrand(R(i)));
    }
  }

  double H(double r) const {
    if (r <= kLow) return 0;
    const double position = std::min((r - kLow) / kStep, kPoints - 1.0);
    const int i = std::min(static_cast<int>(position), kPoints - 2);
    const double fraction = position - i;
    return values_[i] + fraction * (values_[i + 1] - values_[i]);
  }

  // The r where H(r) = h (kHigh beyond the table: softer than any emission made).
  double InverseH(double h) const {
    const size_t upper = std::upper_bound(values_.begin(), values_.end(), h) - values_.begin();
    if (upper == 0) return kLow;
    if (upper >= values_.size()) return kHigh;
    const double fraction = (h - values_[upper - 1]) / (values_[upper] - values_[upper - 1]);
    return R(upper - 1) + fraction * kStep;
  }

 private:
  static constexpr double kStep = (kHigh - kLow) / (kPoints - 1);
  static double R(size_t i) { return kLow + kStep * static_cast<double>(i); }

  std::vector<double> values_;
};

const SudakovTable& Sudakov() {
  static const SudakovTable* const table = new SudakovTable();
  return *table;
}

}  // namespace

IsrOptions IsrOptionsFor(InitialState state, double leading_pt_min) {
  double colour = kCA;
  if (state == InitialState::kQuarkAntiquark || state == InitialState::kQuarkQuark) {
    colour = kCF;
  } else if (state == InitialState::kQuarkGluon) {
    colour = (kCA + kCF) / 2;
  }
  IsrOptions options;
  options.kappa = kAlphaS * colour / M_PI;
  options.leading_pt_min = leading_pt_min;
  return options;
}

double ExpectedEmissions(const IsrOptions& options, double hard_mass, double low, double high) {
  const double q = hard_mass / 2;
  const SudakovTable& sudakov = Sudakov();
  return options.kappa * (sudakov.H(std::log(q / low)) - sudakov.H(std::log(q / high)));
}

double MaxEmissionPt(double hard_mass) {
  return (kCollisionEnergy - hard_mass) * (kCollisionEnergy + hard_mass) / (2 * kCollisionEnergy);
}

void GenerateIsr(const IsrOptions& options, double hard_mass, double hard_rapidity,
                 RandomStream& random, std::vector<FourVector>* emissions) {
  emissions->clear();
  const double max_pt = MaxEmissionPt(hard_mass);
  if (options.kappa <= 0 || max_pt <= options.min_pt) return;
  const SudakovTable& sudakov = Sudakov();
  double scale = hard_mass / 2;
  // The first emission's Sudakov exponent, counted from the kinematic limit; with a generator
  // cut, drawn from the exponential truncated at the exponent of the cut, so that the hardest
  // emission is always above it.
  double exponent = random.Exponential();
  if (options.leading_pt_min > 0) {
    const double at_cut =
        ExpectedEmissions(options, hard_mass, std::min(options.leading_pt_min, max_pt), max_pt);
    exponent = -std::log1p(random.Uniform() * std::expm1(-at_cut));
  }
  double h = sudakov.H(std::log(scale / max_pt)) + exponent / options.kappa;
  double pt = scale * std::exp(-sudakov.InverseH(h));
  while (pt >= options.min_pt && static_cast<int>(emissions->size()) < options.max_emissions) {
    scale = std::max(scale, pt);
    const double half_range = 1 + std::log1p(scale / pt);
    const double y = hard_rapidity + half_range * (2 * random.Uniform() - 1);
    const double phi = 2 * M_PI * random.Uniform();
    emissions->push_back(FourVector::FromTransverse(0, pt * std::cos(phi), pt * std::sin(phi), y));
    h = sudakov.H(std::log(scale / pt)) + random.Exponential() / options.kappa;
    pt = scale * std::exp(-sudakov.InverseH(h));
  }
}

}  // namespace latentspace::sim
