// The Rapidity-Mass Matrix of arXiv:1805.11650.
#include "core/features/rapidity_mass_matrix.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "absl/strings/str_cat.h"

namespace latentspace {
namespace {

constexpr std::array<const char*, kRmmObjectTypes> kTypeNames = {"jet", "bjet", "muon", "electron",
                                                                 "photon"};

// The RMM type (index into kTypeNames) of an object.
int RmmType(ObjectType type) {
  switch (type) {
    case ObjectType::kJet:
      return 0;
    case ObjectType::kBJet:
      return 1;
    case ObjectType::kMuon:
    case ObjectType::kAntiMuon:
      return 2;
    case ObjectType::kElectron:
    case ObjectType::kPositron:
      return 3;
    case ObjectType::kPhoton:
      return 4;
  }
  return 0;
}

// An object as the four-vector the matrix is built from, GeV.
struct FourVector {
  double e = 0, px = 0, py = 0, pz = 0;
  double et = 0;        // E sin(theta)
  double rapidity = 0;  // y
};

FourVector ToFourVector(const PhysicsObject& object) {
  FourVector v;
  const double p = object.pt * std::cosh(object.eta);
  v.e = std::max(object.e, p);
  v.px = object.pt * std::cos(object.phi);
  v.py = object.pt * std::sin(object.phi);
  v.pz = object.pt * std::sinh(object.eta);
  v.et = p > 0 ? v.e * object.pt / p : 0;
  v.rapidity = v.e > std::abs(v.pz) ? 0.5 * std::log((v.e + v.pz) / (v.e - v.pz)) : object.eta;
  return v;
}

double PairMass(const FourVector& a, const FourVector& b) {
  const double e = a.e + b.e, px = a.px + b.px, py = a.py + b.py, pz = a.pz + b.pz;
  return std::sqrt(std::max(e * e - px * px - py * py - pz * pz, 0.0));
}

double TransverseMassWithMet(const FourVector& v, const Event& event) {
  const double et = v.et + event.met;
  const double px = v.px + event.met * std::cos(event.met_phi);
  const double py = v.py + event.met * std::sin(event.met_phi);
  return std::sqrt(std::max(et * et - px * px - py * py, 0.0));
}

// C (cosh(x) - 1), saturating at 1.
double RapidityTerm(double x) { return std::min(1.0, kRmmRapidityScale * (std::cosh(x) - 1)); }

std::string SlotName(int objects_per_type, int slot) {
  if (slot == 0) return "met";
  return absl::StrCat(kTypeNames[(slot - 1) / objects_per_type], (slot - 1) % objects_per_type + 1);
}

}  // namespace

int RmmSize(int objects_per_type) {
  const int side = 1 + kRmmObjectTypes * objects_per_type;
  return side * side;
}

std::vector<std::string> RmmFeatureNames(int objects_per_type) {
  const int side = 1 + kRmmObjectTypes * objects_per_type;
  std::vector<std::string> names;
  names.reserve(side * side);
  for (int row = 0; row < side; ++row) {
    for (int col = 0; col < side; ++col) {
      const std::string a = SlotName(objects_per_type, std::min(row, col));
      const std::string b = SlotName(objects_per_type, std::max(row, col));
      if (row == 0 && col == 0) {
        names.push_back("et_miss");
      } else if (row == 0) {
        names.push_back("mt_" + b);
      } else if (col == 0) {
        names.push_back("hl_" + b);
      } else if (row == col) {
        names.push_back(((row - 1) % objects_per_type == 0 ? "et_" : "det_") + a);
      } else {
        names.push_back(absl::StrCat(row < col ? "m_" : "h_", a, "_", b));
      }
    }
  }
  return names;
}

void FillRapidityMassMatrix(const Event& event, int objects_per_type, absl::Span<double> out) {
  const int n = objects_per_type;
  const int side = 1 + kRmmObjectTypes * n;
  std::fill(out.begin(), out.end(), 0.0);
  std::array<std::vector<FourVector>, kRmmObjectTypes> by_type;
  for (const PhysicsObject& object : event.objects) {
    by_type[RmmType(object.type)].push_back(ToFourVector(object));
  }
  // The occupied slots' four-vectors, by slot index (0 = MET, unused).
  std::vector<const FourVector*> slots(side, nullptr);
  for (int t = 0; t < kRmmObjectTypes; ++t) {
    std::vector<FourVector>& objects = by_type[t];
    std::stable_sort(objects.begin(), objects.end(),
                     [](const FourVector& a, const FourVector& b) { return a.et > b.et; });
    for (int k = 0; k < std::min<int>(n, objects.size()); ++k) slots[1 + t * n + k] = &objects[k];
  }
  const auto cell = [&out, side](int row, int col) -> double& { return out[row * side + col]; };
  cell(0, 0) = event.met / kRmmSqrtS;
  for (int i = 1; i < side; ++i) {
    if (slots[i] == nullptr) continue;
    const FourVector& v = *slots[i];
    cell(0, i) = TransverseMassWithMet(v, event) / kRmmSqrtS;
    cell(i, 0) = RapidityTerm(v.rapidity);
    if ((i - 1) % n == 0) {
      cell(i, i) = v.et / kRmmSqrtS;
    } else {
      const double previous = slots[i - 1]->et;
      cell(i, i) = previous + v.et > 0 ? (previous - v.et) / (previous + v.et) : 0.0;
    }
    for (int j = i + 1; j < side; ++j) {
      if (slots[j] == nullptr) continue;
      cell(i, j) = PairMass(v, *slots[j]) / kRmmSqrtS;
      cell(j, i) = RapidityTerm((v.rapidity - slots[j]->rapidity) / 2);
    }
  }
}

}  // namespace latentspace
