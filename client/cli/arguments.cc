// Parsing latentctl's argument values.
#include "client/cli/arguments.h"

#include <algorithm>
#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace latentspace::cli {

absl::StatusOr<std::pair<std::string, double>> ParseParameter(absl::string_view text) {
  const size_t equals = text.find('=');
  if (equals == absl::string_view::npos || equals == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("--param '", text, "': expected NAME=VALUE, e.g. mzp=2000"));
  }
  const absl::string_view name = text.substr(0, equals);
  const absl::string_view value_text = text.substr(equals + 1);
  double value = 0;
  if (!absl::SimpleAtod(value_text, &value) || !std::isfinite(value) ||
      absl::StripAsciiWhitespace(value_text).size() != value_text.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--param '", text, "': value '", value_text, "' is not a finite number"));
  }
  return std::make_pair(std::string(name), value);
}

absl::StatusOr<std::map<std::string, double>> ParseParameters(
    const std::vector<std::string>& texts) {
  std::map<std::string, double> parameters;
  for (const std::string& text : texts) {
    absl::StatusOr<std::pair<std::string, double>> parameter = ParseParameter(text);
    if (!parameter.ok()) return parameter.status();
    if (!parameters.insert(*parameter).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("--param '", text, "': parameter '", parameter->first, "' given twice"));
    }
  }
  return parameters;
}

namespace {

// NAME or NAME:VERSION into *ref (an EncoderRef or a DetectorRef); `what` names the kind in
// errors.
template <typename Ref>
absl::StatusOr<Ref> ParseRef(absl::string_view what, absl::string_view text) {
  Ref ref;
  const size_t colon = text.rfind(':');
  const absl::string_view name = text.substr(0, colon);
  if (name.empty() || name.find(':') != absl::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " '", text, "': expected NAME or NAME:VERSION"));
  }
  ref.set_name(std::string(name));
  if (colon != absl::string_view::npos) {
    const absl::string_view version_text = text.substr(colon + 1);
    int64_t version = 0;
    const bool digits =
        !version_text.empty() && std::all_of(version_text.begin(), version_text.end(),
                                             [](char c) { return absl::ascii_isdigit(c); });
    if (!digits || !absl::SimpleAtoi(version_text, &version) || version < 1) {
      return absl::InvalidArgumentError(absl::StrCat(what, " '", text, "': version '", version_text,
                                                     "' is not a positive integer"));
    }
    ref.set_version(version);
  }
  return ref;
}

template <typename Ref>
std::string FormatRef(const Ref& ref) {
  if (ref.version() == 0) return ref.name();
  return absl::StrCat(ref.name(), ":", ref.version());
}

}  // namespace

absl::StatusOr<v1::EncoderRef> ParseEncoderRef(absl::string_view text) {
  return ParseRef<v1::EncoderRef>("encoder", text);
}

std::string FormatEncoderRef(const v1::EncoderRef& ref) { return FormatRef(ref); }

absl::StatusOr<v1::DetectorRef> ParseDetectorRef(absl::string_view text) {
  return ParseRef<v1::DetectorRef>("detector", text);
}

std::string FormatDetectorRef(const v1::DetectorRef& ref) { return FormatRef(ref); }

absl::StatusOr<double> ParseKeep(absl::string_view text) {
  double keep = 0;
  if (!absl::SimpleAtod(text, &keep) || !(keep >= 0 && keep <= 1) ||
      absl::StripAsciiWhitespace(text).size() != text.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--keep '", text,
                     "': expected the share of the reference kept, a number in [0, 1] (0: no cut), "
                     "e.g. 0.01"));
  }
  return keep;
}

absl::StatusOr<v1::JobState> ParseJobState(absl::string_view text) {
  std::string name = absl::AsciiStrToUpper(text);
  if (!absl::StartsWith(name, "JOB_STATE_")) name = absl::StrCat("JOB_STATE_", name);
  v1::JobState state = v1::JOB_STATE_UNSPECIFIED;
  if (!v1::JobState_Parse(name, &state) || state == v1::JOB_STATE_UNSPECIFIED) {
    return absl::InvalidArgumentError(absl::StrCat(
        "job state '", text, "': expected queued, running, succeeded, failed or cancelled"));
  }
  return state;
}

absl::StatusOr<EventFormat> ResolveEventFormat(absl::string_view option, absl::string_view path) {
  if (option == "auto") return GuessEventFormat(path);
  absl::StatusOr<EventFormat> format = ParseEventFormat(option);
  if (!format.ok())
    return absl::InvalidArgumentError(absl::StrCat("--format: ", format.status().message()));
  return format;
}

absl::string_view EventFormatName(EventFormat format) {
  switch (format) {
    case EventFormat::kHepMC3:
      return "hepmc3";
    case EventFormat::kLhe:
      return "lhe";
    case EventFormat::kDarkMachines:
      break;
  }
  return "darkmachines";
}

absl::string_view InputLevelNote(v1::EventLevel level) {
  switch (level) {
    case v1::EVENT_LEVEL_TRUTH:
      return "note: HepMC events are generator (truth) level: objects without detector smearing or "
             "efficiencies, MET from the invisible particles; they differ from detector-level "
             "known models (Dark Machines files, latentctl simulate)";
    case v1::EVENT_LEVEL_PARTON:
      return "note: LHE events are parton level: quarks and gluons clustered as jets, no shower, "
             "no hadronisation, no detector, MET from the invisible particles; they differ from "
             "detector-level known models (Dark Machines files, latentctl simulate)";
    default:
      return "";
  }
}

v1::EventLevel EventLevelOf(EventFormat format) {
  switch (format) {
    case EventFormat::kHepMC3:
      return v1::EVENT_LEVEL_TRUTH;
    case EventFormat::kLhe:
      return v1::EVENT_LEVEL_PARTON;
    case EventFormat::kDarkMachines:
      break;
  }
  return v1::EVENT_LEVEL_DETECTOR;
}

}  // namespace latentspace::cli
