// The feature presets of arXiv:2407.20315.
#include "core/features/preset.h"

#include <algorithm>
#include <array>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/features/kinematics.h"

namespace latentspace {
namespace {

using JetQuantity = FeaturePreset::JetQuantity;

constexpr int kMaxPresetJets = 8;

absl::string_view JetQuantityName(JetQuantity quantity) {
  switch (quantity) {
    case JetQuantity::kE:
      return "e";
    case JetQuantity::kPt:
      return "pt";
    case JetQuantity::kEta:
      return "eta";
    case JetQuantity::kPhi:
      return "phi";
    case JetQuantity::kMass:
      return "m";
    case JetQuantity::kDeltaPhiMet:
      return "dphi";
  }
  return "";
}

double JetValue(const PhysicsObject& jet, JetQuantity quantity, double met_phi) {
  switch (quantity) {
    case JetQuantity::kE:
      return jet.e;
    case JetQuantity::kPt:
      return jet.pt;
    case JetQuantity::kEta:
      return jet.eta;
    case JetQuantity::kPhi:
      return jet.phi;
    case JetQuantity::kMass:
      return ObjectMass(jet);
    case JetQuantity::kDeltaPhiMet:
      return DeltaPhi(jet.phi, met_phi);
  }
  return 0;
}

}  // namespace

absl::StatusOr<MissingJetPolicy> ParseMissingJetPolicy(absl::string_view name) {
  if (name == "skip") return MissingJetPolicy::kSkip;
  if (name == "zero") return MissingJetPolicy::kZeroPad;
  if (name == "error") return MissingJetPolicy::kError;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown missing-jet policy '", name, "' (expected skip, zero or error)"));
}

absl::string_view MissingJetPolicyName(MissingJetPolicy policy) {
  switch (policy) {
    case MissingJetPolicy::kSkip:
      return "skip";
    case MissingJetPolicy::kZeroPad:
      return "zero";
    case MissingJetPolicy::kError:
      return "error";
  }
  return "skip";
}

absl::StatusOr<FeaturePreset> FeaturePreset::Get(absl::string_view name) {
  if (name == "gluino") {
    return FeaturePreset(
        "gluino", 4,
        {JetQuantity::kPt, JetQuantity::kEta, JetQuantity::kMass, JetQuantity::kDeltaPhiMet},
        /*pair_masses=*/true, Selection::kNone);
  }
  if (name == "monojet") {
    return FeaturePreset(
        "monojet", 2,
        {JetQuantity::kPt, JetQuantity::kEta, JetQuantity::kDeltaPhiMet, JetQuantity::kMass},
        /*pair_masses=*/false, Selection::kMonojet);
  }
  if (name == "darkmachines") {
    return FeaturePreset("darkmachines", 4,
                         {JetQuantity::kE, JetQuantity::kPt, JetQuantity::kEta, JetQuantity::kPhi},
                         /*pair_masses=*/false, Selection::kNone);
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown feature preset '", name, "' (expected ",
                                                 absl::StrJoin(KnownNames(), ", "), ")"));
}

std::vector<std::string> FeaturePreset::KnownNames() {
  return {"gluino", "monojet", "darkmachines"};
}

FeaturePreset::FeaturePreset(std::string name, int jets, std::vector<JetQuantity> per_jet,
                             bool pair_masses, Selection selection)
    : name_(std::move(name)),
      jets_(jets),
      per_jet_(std::move(per_jet)),
      pair_masses_(pair_masses),
      selection_(selection) {
  for (int j = 1; j <= jets_; ++j) {
    for (JetQuantity quantity : per_jet_) {
      feature_names_.push_back(absl::StrCat("jet", j, "_", JetQuantityName(quantity)));
    }
  }
  feature_names_.push_back("met");
  if (pair_masses_) {
    for (int a = 1; a <= jets_; ++a) {
      for (int b = a + 1; b <= jets_; ++b) {
        feature_names_.push_back(absl::StrCat("m2_jet", a, "_jet", b));
      }
    }
  }
}

ExtractOutcome FeaturePreset::Extract(const Event& event, const FeatureOptions& options,
                                      absl::Span<double> out) const {
  // The leading jets by decreasing pt; ties keep file order.
  std::array<const PhysicsObject*, kMaxPresetJets> leading{};
  int found = 0;
  for (const PhysicsObject& object : event.objects) {
    if (!IsJet(object.type)) continue;
    int slot = std::min(found, jets_);
    while (slot > 0 && leading[slot - 1]->pt < object.pt) {
      if (slot < jets_) leading[slot] = leading[slot - 1];
      --slot;
    }
    if (slot < jets_) leading[slot] = &object;
    found = std::min(found + 1, jets_);
  }
  if (found < jets_ && options.missing_jets != MissingJetPolicy::kZeroPad) {
    return ExtractOutcome::kTooFewJets;
  }
  if (!PassesSelection(event, options.selection.value_or(selection_))) {
    return ExtractOutcome::kFailedSelection;
  }
  size_t i = 0;
  for (int j = 0; j < jets_; ++j) {
    for (JetQuantity quantity : per_jet_) {
      out[i++] = j < found ? JetValue(*leading[j], quantity, event.met_phi) : 0.0;
    }
  }
  out[i++] = event.met;
  if (pair_masses_) {
    for (int a = 0; a < jets_; ++a) {
      for (int b = a + 1; b < jets_; ++b) {
        out[i++] = b < found ? PairMassSquared(*leading[a], *leading[b]) : 0.0;
      }
    }
  }
  return ExtractOutcome::kAccepted;
}

}  // namespace latentspace
