// The feature presets of arXiv:2407.20315 (science.md, "Features"): which numbers describe an
// event, under stable names such as "jet1_pt" and "met". Jets are light and b-tagged jets ordered
// by decreasing pt; leptons and photons are not used by these presets.
//   gluino        pt, eta, m, dphi(jet, MET) of 4 jets; MET; m^2 of the 6 jet pairs   (23)
//   monojet       pt, eta, dphi, m of 2 jets; MET; selection "monojet"                 (9)
//   darkmachines  E, pt, eta, phi of 4 jets; MET                                        (17)
#ifndef LATENTSPACE_CORE_FEATURES_PRESET_H_
#define LATENTSPACE_CORE_FEATURES_PRESET_H_

#include <optional>
#include <string>
#include <vector>
#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "core/events/event.h"
#include "core/features/selection.h"

namespace latentspace {

// What to do with an event that has fewer jets than the preset describes.
enum class MissingJetPolicy {
  kSkip,     // leave it out and count it (default)
  kZeroPad,  // fill the missing jets' features (and their pair masses) with zeros
  kError,    // refuse the whole input
};

// "skip", "zero", "error".
absl::StatusOr<MissingJetPolicy> ParseMissingJetPolicy(absl::string_view name);
absl::string_view MissingJetPolicyName(MissingJetPolicy policy);

struct FeatureOptions {
  MissingJetPolicy missing_jets = MissingJetPolicy::kSkip;
  std::optional<Selection> selection;  // unset: the preset's own selection
};

// Why an event was or was not turned into a feature row.
enum class ExtractOutcome { kAccepted, kTooFewJets, kFailedSelection };

class FeaturePreset {
 public:
  // The per-jet quantities a preset can use.
  enum class JetQuantity { kE, kPt, kEta, kPhi, kMass, kDeltaPhiMet };

  // "gluino", "monojet" or "darkmachines"; an unknown name lists the known ones.
  static absl::StatusOr<FeaturePreset> Get(absl::string_view name);
  static std::vector<std::string> KnownNames();

  const std::string& name() const { return name_; }
  const std::vector<std::string>& feature_names() const { return feature_names_; }
  int num_features() const { return static_cast<int>(feature_names_.size()); }
  int jets() const { return jets_; }
  Selection selection() const { return selection_; }

  // Writes num_features() values to `out` when the outcome is kAccepted (kTooFewJets never
  // happens under kZeroPad); `out` is unspecified otherwise.
  ExtractOutcome Extract(const Event& event, const FeatureOptions& options,
                         absl::Span<double> out) const;

 private:
  FeaturePreset(std::string name, int jets, std::vector<JetQuantity> per_jet, bool pair_masses,
                Selection selection);

  std::string name_;
  int jets_;
  std::vector<JetQuantity> per_jet_;
  bool pair_masses_;
  Selection selection_;
  std::vector<std::string> feature_names_;
};

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_FEATURES_PRESET_H_
