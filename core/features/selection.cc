// Event selections named in science.md.
#include "core/features/selection.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace latentspace {
namespace {

bool PassesChannel1(const Event& event) {
  int jets_above_50 = 0;
  int jets_above_200 = 0;
  double ht = 0;
  for (const PhysicsObject& object : event.objects) {
    if (!IsJet(object.type)) continue;
    ht += object.pt;
    jets_above_50 += object.pt > 50;
    jets_above_200 += object.pt > 200;
  }
  return jets_above_50 >= 4 && jets_above_200 >= 1 && ht >= 600 && event.met >= 200 &&
         event.met >= 0.2 * ht;
}

bool PassesMonojet(const Event& event) {
  double first = 0;
  double second = 0;
  for (const PhysicsObject& object : event.objects) {
    if (!IsJet(object.type)) continue;
    if (object.pt > first) {
      second = first;
      first = object.pt;
    } else if (object.pt > second) {
      second = object.pt;
    }
  }
  return first > 100 && second > 50;
}

}  // namespace

absl::StatusOr<Selection> ParseSelection(absl::string_view name) {
  if (name == "none") return Selection::kNone;
  if (name == "chan1") return Selection::kDarkMachinesChannel1;
  if (name == "monojet") return Selection::kMonojet;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown selection '", name, "' (expected none, chan1 or monojet)"));
}

absl::string_view SelectionName(Selection selection) {
  switch (selection) {
    case Selection::kNone:
      return "none";
    case Selection::kDarkMachinesChannel1:
      return "chan1";
    case Selection::kMonojet:
      return "monojet";
  }
  return "none";
}

bool PassesSelection(const Event& event, Selection selection) {
  switch (selection) {
    case Selection::kNone:
      return true;
    case Selection::kDarkMachinesChannel1:
      return PassesChannel1(event);
    case Selection::kMonojet:
      return PassesMonojet(event);
  }
  return false;
}

}  // namespace latentspace
