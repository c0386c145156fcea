// The feature presets of arXiv:2407.20315 and the Rapidity-Mass Matrix.
#include "core/features/preset.h"

#include <algorithm>
#include <array>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "core/features/feature_table.h"
#include "core/features/kinematics.h"
#include "core/features/rapidity_mass_matrix.h"

namespace latentspace {
namespace {

using JetQuantity = FeaturePreset::JetQuantity;

constexpr int kMaxPresetJets = 8;
// Objects per type of the preset "rmm".
constexpr int kDefaultRmmObjects = 5;

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

// N of "rmm" or "rmm-N" (N in 1..kRmmMaxObjectsPerType, written without leading zeros), or 0.
int RmmObjects(absl::string_view name) {
  if (name == "rmm") return kDefaultRmmObjects;
  int objects = 0;
  if (!absl::ConsumePrefix(&name, "rmm-") || !absl::SimpleAtoi(name, &objects) || objects < 1 ||
      objects > kRmmMaxObjectsPerType || absl::StrCat(objects) != name) {
    return 0;
  }
  return objects;
}

}  // namespace

absl::StatusOr<MissingJetPolicy> ParseMissingJetPolicy(absl::string_view name) {
  if (name == "skip") return MissingJetPolicy::kSkip;
  if (name == "zero") return MissingJetPolicy::kZeroPad;
  if (name == "error") return MissingJetPolicy::kError;
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown missing-jet policy '", absl::CHexEscape(name), "' (expected skip, zero or error)"));
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
  if (const int objects = RmmObjects(name); objects > 0) return FeaturePreset(objects);
  if (absl::ConsumePrefix(&name, kColumnsPrefix)) {
    std::vector<std::string> columns = absl::StrSplit(name, ',');
    if (columns.size() > kMaxColumns) {
      return absl::InvalidArgumentError(absl::StrCat(
          "feature preset 'columns:' names ", columns.size(), " columns; at most ", kMaxColumns));
    }
    if (absl::Status names = CheckColumnNames(columns); !names.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("feature preset 'columns:': ", names.message()));
    }
    return FeaturePreset(std::move(columns));
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown feature preset '", absl::CHexEscape(name), "' (expected ",
      absl::StrJoin(KnownNames(), ", "), ", rmm-N with N in 1..", kRmmMaxObjectsPerType,
      " or columns:NAME,NAME,... naming feature-table columns)"));
}

std::vector<std::string> FeaturePreset::KnownNames() {
  return {"gluino", "monojet", "darkmachines", "rmm"};
}

std::string FeaturePreset::DescribeNames() {
  std::vector<std::string> names;
  for (const std::string& name : KnownNames()) {
    const std::string resolved = Get(name)->name();
    names.push_back(absl::StrCat(name, name == kDefaultName ? " (default)" : "",
                                 resolved != name ? absl::StrCat(" (= ", resolved, ")") : ""));
  }
  return absl::StrCat(absl::StrJoin(names, ", "), ", rmm-1 .. rmm-", kRmmMaxObjectsPerType,
                      " or columns:NAME,NAME,... (feature-table columns)");
}

FeaturePreset::FeaturePreset(std::vector<std::string> columns)
    : name_(absl::StrCat(kColumnsPrefix, absl::StrJoin(columns, ","))),
      jets_(0),
      pair_masses_(false),
      selection_(Selection::kNone),
      reads_tables_(true),
      feature_names_(std::move(columns)) {}

absl::Status CheckTakesEvents(const FeaturePreset& preset, absl::string_view source) {
  if (!preset.reads_tables()) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat(source, ": preset '", preset.name(),
                   "' reads the named columns of feature tables; events cannot give its features"));
}

FeaturePreset::FeaturePreset(int rmm_objects)
    : name_(absl::StrCat("rmm-", rmm_objects)),
      jets_(0),
      pair_masses_(false),
      selection_(Selection::kNone),
      rmm_objects_(rmm_objects),
      feature_names_(RmmFeatureNames(rmm_objects)) {}

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
  if (rmm_objects_ > 0) {
    if (!PassesSelection(event, options.selection.value_or(selection_))) {
      return ExtractOutcome::kFailedSelection;
    }
    FillRapidityMassMatrix(event, rmm_objects_, out);
    return ExtractOutcome::kAccepted;
  }
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
