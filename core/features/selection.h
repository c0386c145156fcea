// Event selections named in science.md: the Dark Machines channel-1 selection and the monojet
// selection of the paper's dark-matter study.
#ifndef LATENTSPACE_CORE_FEATURES_SELECTION_H_
#define LATENTSPACE_CORE_FEATURES_SELECTION_H_

#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"
#include "core/events/event.h"

namespace latentspace {

enum class Selection {
  kNone,
  // >= 4 jets (light or b) with pt > 50 GeV, >= 1 with pt > 200 GeV, HT >= 600 GeV,
  // MET >= 200 GeV, MET / HT >= 0.2; HT = scalar sum of the pt of all jets.
  kDarkMachinesChannel1,
  // Leading jet pt > 100 GeV, second jet pt > 50 GeV.
  kMonojet,
};

// "none", "chan1", "monojet".
absl::StatusOr<Selection> ParseSelection(absl::string_view name);
absl::string_view SelectionName(Selection selection);

bool PassesSelection(const Event& event, Selection selection);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_FEATURES_SELECTION_H_
