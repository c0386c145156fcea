// Event levels: names, parsing and the warning of a comparison across levels.
#include "server/validation/event_level.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace latentspace::server {
namespace {

constexpr size_t kModelsNamed = 4;  // named in a warning; the rest are counted

// How a level reads in a warning.
absl::string_view Describe(absl::string_view level) {
  if (level == "truth") {
    return "truth level (generator objects: no detector smearing or efficiencies, MET from the "
           "invisible particles)";
  }
  if (level == "parton") return "parton level (hard-process partons: no shower, no detector)";
  return "detector level";
}

}  // namespace

absl::StatusOr<std::string> EventLevelName(int level, absl::string_view field) {
  switch (level) {
    case v1::EVENT_LEVEL_UNSPECIFIED:
    case v1::EVENT_LEVEL_DETECTOR:
      return "detector";
    case v1::EVENT_LEVEL_TRUTH:
      return "truth";
    case v1::EVENT_LEVEL_PARTON:
      return "parton";
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("field '", field, "': ", level,
                       " is not an EventLevel (1 detector, 2 truth, 3 parton; 0 reads as 1)"));
  }
}

v1::EventLevel EventLevelFromName(absl::string_view name) {
  if (name == "truth") return v1::EVENT_LEVEL_TRUTH;
  if (name == "parton") return v1::EVENT_LEVEL_PARTON;
  return v1::EVENT_LEVEL_DETECTOR;
}

std::vector<std::string> LevelWarnings(absl::string_view query_level,
                                       const std::vector<ModelLevel>& models) {
  std::map<std::string, std::vector<std::string>> other;  // level -> its models, in order
  size_t differing = 0;
  for (const ModelLevel& model : models) {
    if (model.level == query_level) continue;
    other[model.level].push_back(model.model);
    ++differing;
  }
  if (differing == 0) return {};
  std::vector<std::string> parts;
  for (const auto& [level, names] : other) {
    std::vector<std::string> named(names.begin(),
                                   names.begin() + std::min(names.size(), kModelsNamed));
    if (names.size() > kModelsNamed)
      named.push_back(absl::StrCat(names.size() - kModelsNamed, " more"));
    parts.push_back(
        absl::StrCat(names.size(), " ", Describe(level), " (", absl::StrJoin(named, ", "), ")"));
  }
  return {absl::StrCat(
      "the query's events are ", Describe(query_level), " but ", differing, " of the ",
      models.size(), " known models are not: ", absl::StrJoin(parts, "; "),
      ". Their latent points differ for that alone, so the ranking, the fit and the inferred "
      "parameters compare unlike things: smear truth-level events first (latentctl samples "
      "upload --smear) or compare with known models of the query's level")};
}

}  // namespace latentspace::server
