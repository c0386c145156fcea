// Conversions between ObjectType and its Dark Machines code (j b e- e+ m- m+ g) and display name.
#ifndef LATENTSPACE_CORE_EVENTS_OBJECT_TYPE_H_
#define LATENTSPACE_CORE_EVENTS_OBJECT_TYPE_H_

#include <optional>
#include "absl/strings/string_view.h"

#include "core/events/event.h"

namespace latentspace {

// The Dark Machines code of `type`, e.g. "j" or "m+".
absl::string_view DarkMachinesCode(ObjectType type);

// The type of a Dark Machines code, or nullopt when `code` is not one of j b e- e+ m- m+ g.
std::optional<ObjectType> ObjectTypeFromDarkMachinesCode(absl::string_view code);

// A plural name for tables and JSON: "jets", "bjets", "electrons", "positrons", "muons",
// "antimuons", "photons".
absl::string_view ObjectTypeName(ObjectType type);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_EVENTS_OBJECT_TYPE_H_
