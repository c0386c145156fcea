// Conversions between ObjectType and its Dark Machines code and display name.
#include "core/events/object_type.h"

#include <array>

namespace latentspace {
namespace {

struct TypeInfo {
  ObjectType type;
  absl::string_view code;
  absl::string_view name;
};

constexpr std::array<TypeInfo, kNumObjectTypes> kTypes = {{
    {ObjectType::kJet, "j", "jets"},
    {ObjectType::kBJet, "b", "bjets"},
    {ObjectType::kElectron, "e-", "electrons"},
    {ObjectType::kPositron, "e+", "positrons"},
    {ObjectType::kMuon, "m-", "muons"},
    {ObjectType::kAntiMuon, "m+", "antimuons"},
    {ObjectType::kPhoton, "g", "photons"},
}};

}  // namespace

absl::string_view DarkMachinesCode(ObjectType type) { return kTypes[static_cast<int>(type)].code; }

std::optional<ObjectType> ObjectTypeFromDarkMachinesCode(absl::string_view code) {
  for (const TypeInfo& info : kTypes) {
    if (info.code == code) return info.type;
  }
  return std::nullopt;
}

absl::string_view ObjectTypeName(ObjectType type) { return kTypes[static_cast<int>(type)].name; }

}  // namespace latentspace
