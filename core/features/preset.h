// The feature presets of arXiv:2407.20315 (science.md, "Features") and the Rapidity-Mass Matrix:
// which numbers describe an event, under stable names such as "jet1_pt" and "met". In the jet
// presets, jets are light and b-tagged jets ordered by decreasing pt, and leptons and photons are
// not used; the RMM uses every object, with b-jets apart from light jets, and takes no selection.
//   gluino        pt, eta, m, dphi(jet, MET) of 4 jets; MET; m^2 of the 6 jet pairs   (23)
//   monojet       pt, eta, dphi, m of 2 jets; MET; selection "monojet"                 (9)
//   darkmachines  E, pt, eta, phi of 4 jets; MET                                        (17)
//   rmm-N         the Rapidity-Mass Matrix of arXiv:1805.11650 with N = 1..10 objects of each
//                 of five types, every value in [0, 1] (rapidity_mass_matrix.h) ((1 + 5N)^2)
//   rmm           rmm-5 (676): the five leading jets cover the jet multiplicity of most Dark
//                 Machines channel-1 events (background median 5, signals 5-6)
//   columns:A,B   the named columns of feature tables (feature_table.h), in that order: features a
//                 user computed, read from tables instead of computed from events (no jets, no
//                 selection)
#ifndef LATENTSPACE_CORE_FEATURES_PRESET_H_
#define LATENTSPACE_CORE_FEATURES_PRESET_H_

#include <optional>
#include <string>
#include <vector>
#include "absl/strings/string_view.h"

#include "absl/status/status.h"
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

  // "gluino", "monojet", "darkmachines", "rmm", "rmm-N" or "columns:" and 1..kMaxColumns column
  // names (CheckColumnNames); an unknown name lists the known ones. "rmm" is named by what it
  // stands for: Get("rmm")->name() is "rmm-5".
  static absl::StatusOr<FeaturePreset> Get(absl::string_view name);
  // One name per preset family: "gluino", "monojet", "darkmachines", "rmm".
  static std::vector<std::string> KnownNames();
  static constexpr char kColumnsPrefix[] = "columns:";
  static constexpr int kMaxColumns = 4096;
  // The preset a training request without one gets.
  static constexpr char kDefaultName[] = "darkmachines";
  // Every name Get takes, for help texts, the default marked: "gluino, monojet, darkmachines
  // (default), rmm (= rmm-5), rmm-1 .. rmm-10 or columns:NAME,NAME,... (feature-table columns)".
  static std::string DescribeNames();

  const std::string& name() const { return name_; }
  const std::vector<std::string>& feature_names() const { return feature_names_; }
  int num_features() const { return static_cast<int>(feature_names_.size()); }
  int jets() const { return jets_; }
  Selection selection() const { return selection_; }
  // True when every value is already in [0, 1] (the RMM), so that models need not standardise.
  bool unit_scaled() const { return rmm_objects_ > 0; }
  // True for "columns:...": its features come from feature tables, never from events.
  bool reads_tables() const { return reads_tables_; }

  // Writes num_features() values to `out` when the outcome is kAccepted (kTooFewJets never
  // happens under kZeroPad); `out` is unspecified otherwise. Callers refuse events for a preset
  // that reads_tables() before they get here (CheckTakesEvents).
  ExtractOutcome Extract(const Event& event, const FeatureOptions& options,
                         absl::Span<double> out) const;

 private:
  FeaturePreset(std::string name, int jets, std::vector<JetQuantity> per_jet, bool pair_masses,
                Selection selection);
  // The RMM with `rmm_objects` objects per type.
  explicit FeaturePreset(int rmm_objects);
  // "columns:" + the columns.
  explicit FeaturePreset(std::vector<std::string> columns);

  std::string name_;
  int jets_;
  std::vector<JetQuantity> per_jet_;
  bool pair_masses_;
  Selection selection_;
  int rmm_objects_ = 0;  // objects per type of the RMM; 0 for the jet presets
  bool reads_tables_ = false;
  std::vector<std::string> feature_names_;
};

// FAILED_PRECONDITION naming `source` when `preset` reads feature tables: events cannot give its
// features.
absl::Status CheckTakesEvents(const FeaturePreset& preset, absl::string_view source);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_FEATURES_PRESET_H_
