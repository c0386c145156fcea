// Physics labels in Pango markup for features and theory parameters.
#include "client/cli/physics_labels.h"

#include <array>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "client/plot/text.h"

namespace latentspace::cli {
namespace {

constexpr char kMet[] = "<i>E</i><sub>T</sub><sup>miss</sup>";

// Markup and unit of a per-jet quantity of the presets ("pt", "eta", ...), with `jet` the object;
// empty when unknown.
std::string JetQuantityLabel(absl::string_view quantity, const std::string& jet) {
  if (quantity == "pt") return absl::StrCat("<i>p</i><sub>T</sub>(", jet, ") [GeV]");
  if (quantity == "e") return absl::StrCat("<i>E</i>(", jet, ") [GeV]");
  if (quantity == "m") return absl::StrCat("<i>m</i>(", jet, ") [GeV]");
  if (quantity == "eta") return absl::StrCat("<i>η</i>(", jet, ")");
  if (quantity == "phi") return absl::StrCat("<i>φ</i>(", jet, ") [rad]");
  if (quantity == "dphi") return absl::StrCat("Δ<i>φ</i>(", jet, ", ", kMet, ") [rad]");
  return "";
}

// "jetN" -> "jet N"; empty when `word` is not one.
std::string JetName(absl::string_view word) {
  int index = 0;
  if (!absl::ConsumePrefix(&word, "jet") || !absl::SimpleAtoi(word, &index) || index < 1) {
    return "";
  }
  return absl::StrCat("jet ", index);
}

}  // namespace

std::string FeatureLabel(const std::string& feature) {
  if (feature == "met") return absl::StrCat(kMet, " [GeV]");
  const std::vector<absl::string_view> words = absl::StrSplit(feature, '_');
  if (words.size() == 2) {
    const std::string jet = JetName(words[0]);
    if (!jet.empty()) {
      std::string label = JetQuantityLabel(words[1], jet);
      if (!label.empty()) return label;
    }
  }
  if (words.size() == 3 && words[0] == "m2") {
    const std::string a = JetName(words[1]), b = JetName(words[2]);
    if (!a.empty() && !b.empty()) {
      return absl::StrCat("<i>m</i><sup>2</sup>(", a, ", ", b, ") [GeV<sup>2</sup>]");
    }
  }
  return plot::EscapeMarkup(feature);
}

std::string ParameterLabel(const std::string& parameter) {
  // The simulator's mass parameters (docs/simulator.md), all in GeV.
  static constexpr std::array<std::pair<absl::string_view, absl::string_view>, 7> kMasses = {{
      {"mgluino", "gluino"},
      {"mneutralino", "neutralino"},
      {"msquark", "squark"},
      {"mstop", "stop"},
      {"mmed", "med"},
      {"mdm", "DM"},
      {"mzprime", "Z′"},
  }};
  for (const auto& [name, particle] : kMasses) {
    if (parameter == name) return absl::StrCat("<i>m</i><sub>", particle, "</sub> [GeV]");
  }
  return plot::EscapeMarkup(parameter);
}

}  // namespace latentspace::cli
