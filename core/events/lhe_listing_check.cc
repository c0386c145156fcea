// Line-by-line checks of a Les Houches Event file before HepMC3's LHEF parser reads it.
#include "core/events/lhe_listing_check.h"

#include <cmath>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace latentspace {
namespace {

std::vector<absl::string_view> Fields(absl::string_view line) {
  return absl::StrSplit(line, absl::ByAnyChar(" \t\r"), absl::SkipEmpty());
}

// Numbers as the parser's C++ streams read them: [+-]digits for an int (which must fit 32 bits),
// [+-]digits[.digits][(e|E)[+-]digits] for a finite double; nothing else (no hex, inf or nan),
// since a field the stream cannot read makes the parser throw and leak what it holds.
bool IsPlainNumber(absl::string_view text, bool integer) {
  size_t i = 0;
  const auto digits = [&] {
    const size_t start = i;
    while (i < text.size() && absl::ascii_isdigit(static_cast<unsigned char>(text[i]))) ++i;
    return i > start;
  };
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  bool mantissa = digits();
  if (integer) return mantissa && i == text.size();
  if (i < text.size() && text[i] == '.') {
    ++i;
    mantissa = digits() || mantissa;
  }
  if (!mantissa) return false;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == text.size();
}

bool IsInt(absl::string_view text, int64_t* value) {
  int32_t parsed = 0;
  if (!IsPlainNumber(text, true) || !absl::SimpleAtoi(text, &parsed)) return false;
  *value = parsed;
  return true;
}

bool IsFinite(absl::string_view text) {
  double value = 0;
  return IsPlainNumber(text, false) && absl::SimpleAtod(text, &value) && std::isfinite(value);
}

// "" when `line` holds `count` fields, else the problem.
std::string CountProblem(const std::vector<absl::string_view>& fields, size_t count,
                         absl::string_view what) {
  if (fields.size() == count) return "";
  return absl::StrCat(what, " has ", fields.size(), " fields, expected ", count);
}

// The text after the tag on a line that opens a block, e.g. "<init>": the block's numbers must
// start on the next line.
bool HasTextAfter(absl::string_view line, absl::string_view tag) {
  const size_t at = line.find(tag);
  absl::string_view rest = line.substr(at + tag.size());
  if (tag.back() != '>') rest = rest.substr(std::min(rest.size(), rest.find('>') + 1));
  return !absl::StripAsciiWhitespace(rest).empty();
}

}  // namespace

std::string LheListingCheck::Check(absl::string_view line, std::string* parsed) {
  parsed->clear();
  const State before = state_;
  std::string problem = CheckLine(line);
  if (!problem.empty()) return problem;
  // The lines the parser reads: the tags that open and close the blocks, written anew, and the
  // blocks' numbers as they are.
  switch (before) {
    case State::kStart:
      *parsed = "<LesHouchesEvents version=\"1.0\">\n";
      break;
    case State::kHeader:
      if (state_ == State::kInitFirst) *parsed = "<init>\n";
      break;
    case State::kInitFirst:
    case State::kInitProcesses:
    case State::kEventFirst:
    case State::kParticles:
      *parsed = absl::StrCat(line, "\n");
      break;
    case State::kInitRest:
      if (state_ == State::kBetween) *parsed = "</init>\n";
      break;
    case State::kBetween:
      if (state_ == State::kEventFirst) *parsed = "<event>\n";
      if (state_ == State::kEnd) *parsed = "</LesHouchesEvents>\n";
      break;
    case State::kEventRest:
      if (state_ == State::kBetween) *parsed = "</event>\n";
      break;
    case State::kEnd:
      break;
  }
  return "";
}

std::string LheListingCheck::CheckLine(absl::string_view line) {
  const bool blank = absl::StripAsciiWhitespace(line).empty();
  if (absl::StrContains(line, "<eventfile")) {
    return "an <eventfile> tag names another file; only single-file LHE is read";
  }
  switch (state_) {
    case State::kStart:
      if (!absl::StrContains(line, "<LesHouchesEvents")) {
        return "not a Les Houches Event file (the first line has no <LesHouchesEvents tag)";
      }
      if (!absl::StrContains(line, "version=\"1") && !absl::StrContains(line, "version=\"2") &&
          !absl::StrContains(line, "version=\"3")) {
        return "a LesHouchesEvents version other than 1, 2 or 3";
      }
      state_ = State::kHeader;
      return "";
    case State::kHeader:
      if (absl::StrContains(line, "</init>")) return "</init> before <init>";
      if (absl::StrContains(line, "<init>")) {
        if (HasTextAfter(line, "<init>")) return "text after <init> (the beams line comes next)";
        state_ = State::kInitFirst;
      }
      return "";
    case State::kInitFirst:
      return CheckInitFirst(line);
    case State::kInitProcesses: {
      const std::vector<absl::string_view> fields = Fields(line);
      int64_t id = 0;
      if (fields.size() != 4 || !IsFinite(fields[0]) || !IsFinite(fields[1]) ||
          !IsFinite(fields[2]) || !IsInt(fields[3], &id)) {
        return "an <init> process line must hold XSECUP XERRUP XMAXUP (numbers) and LPRUP";
      }
      if (--remaining_ == 0) state_ = State::kInitRest;
      return "";
    }
    case State::kInitRest:
      if (absl::StrContains(line, "</init>")) state_ = State::kBetween;
      return "";
    case State::kBetween:
      if (absl::StrContains(line, "</LesHouchesEvents>")) {
        state_ = State::kEnd;
        return "";
      }
      if (absl::StrContains(line, "<eventgroup")) {
        return "an <eventgroup> (NLO counter-events) is not read; give events one by one";
      }
      if (absl::StrContains(line, "<event")) {
        if (HasTextAfter(line, "<event")) {
          return "text after <event> (the event's first line comes next)";
        }
        state_ = State::kEventFirst;
      }
      return "";
    case State::kEventFirst:
      return CheckEventFirst(line);
    case State::kParticles: {
      std::string problem = CheckParticle(line);
      if (!problem.empty()) {
        return absl::StrCat("particle ", particles_ - remaining_ + 1, " of event #", events_ + 1,
                            ": ", problem);
      }
      if (--remaining_ == 0) state_ = State::kEventRest;
      return "";
    }
    case State::kEventRest:
      if (absl::StrContains(line, "</event>")) {
        ++events_;
        state_ = State::kBetween;
      } else if (absl::StrContains(line, "<event")) {
        return absl::StrCat("event #", events_ + 2, " begins before event #", events_ + 1,
                            " ends with </event>");
      }
      return "";
    case State::kEnd:
      return blank ? "" : "text after </LesHouchesEvents>";
  }
  return "";
}

std::string LheListingCheck::CheckInitFirst(absl::string_view line) {
  const std::vector<absl::string_view> fields = Fields(line);
  std::string problem =
      CountProblem(fields, 10,
                   "the <init> beams line (IDBMUP1 IDBMUP2 EBMUP1 EBMUP2 PDFGUP1 PDFGUP2 "
                   "PDFSUP1 PDFSUP2 IDWTUP NPRUP)");
  if (!problem.empty()) return problem;
  int64_t value = 0;
  for (int i : {0, 1, 4, 5, 6, 7, 8}) {
    if (!IsInt(fields[i], &value))
      return absl::StrCat("<init> field ", i + 1, " is not an integer");
  }
  if (!IsFinite(fields[2]) || !IsFinite(fields[3])) return "a beam energy is not a number";
  if (!IsInt(fields[9], &remaining_) || remaining_ < 1 || remaining_ > kMaxProcesses) {
    return absl::StrCat("NPRUP = '", fields[9], "' is not a number of processes in 1..",
                        kMaxProcesses);
  }
  state_ = State::kInitProcesses;
  return "";
}

std::string LheListingCheck::CheckEventFirst(absl::string_view line) {
  const std::vector<absl::string_view> fields = Fields(line);
  std::string problem = CountProblem(fields, 6,
                                     absl::StrCat("the first line of event #", events_ + 1,
                                                  " (NUP IDPRUP XWGTUP SCALUP AQEDUP AQCDUP)"));
  if (!problem.empty()) return problem;
  int64_t id = 0;
  // At least the two incoming partons: HepMC3 3.1 marks particles 1 and 2 as the beams.
  if (!IsInt(fields[0], &particles_) || particles_ < 2 || particles_ > kMaxParticles) {
    return absl::StrCat("event #", events_ + 1, ": NUP = '", fields[0],
                        "' is not a number of particles in 2..", kMaxParticles);
  }
  if (!IsInt(fields[1], &id))
    return absl::StrCat("event #", events_ + 1, ": IDPRUP is not an integer");
  for (int i = 2; i < 6; ++i) {
    if (!IsFinite(fields[i])) {
      return absl::StrCat("event #", events_ + 1, ": field ", i + 1, " ('", fields[i],
                          "') is not a finite number");
    }
  }
  remaining_ = particles_;
  state_ = State::kParticles;
  return "";
}

std::string LheListingCheck::CheckParticle(absl::string_view line) const {
  const std::vector<absl::string_view> fields = Fields(line);
  std::string problem = CountProblem(
      fields, 13,
      "the line (IDUP ISTUP MOTHUP1 MOTHUP2 ICOLUP1 ICOLUP2 PX PY PZ E M VTIMUP SPINUP)");
  if (!problem.empty()) return problem;
  int64_t value = 0;
  if (!IsInt(fields[0], &value)) return "IDUP is not an integer";
  if (!IsInt(fields[1], &value) ||
      (value != -1 && value != 1 && value != -2 && value != 2 && value != 3 && value != -9)) {
    return absl::StrCat("ISTUP = '", fields[1], "' is not a status (-1, 1, -2, 2, 3, -9)");
  }
  for (int i : {2, 3}) {
    if (!IsInt(fields[i], &value) || value < 0 || value > particles_) {
      return absl::StrCat("MOTHUP", i - 1, " = '", fields[i],
                          "' is not a particle of the event (0..", particles_, ")");
    }
  }
  for (int i : {4, 5}) {
    if (!IsInt(fields[i], &value) || value < 0) {
      return absl::StrCat("ICOLUP", i - 3, " = '", fields[i], "' is not a colour tag (>= 0)");
    }
  }
  static const char* const kMomentum[] = {"PX", "PY", "PZ", "E", "M", "VTIMUP", "SPINUP"};
  for (int i = 6; i < 13; ++i) {
    if (!IsFinite(fields[i])) {
      return absl::StrCat(kMomentum[i - 6], " = '", fields[i], "' is not a finite number");
    }
  }
  return "";
}

std::string LheListingCheck::CheckEnd() const {
  switch (state_) {
    case State::kEnd:
      return "";
    case State::kEventFirst:
    case State::kParticles:
    case State::kEventRest:
      return absl::StrCat("the file ends inside event #", events_ + 1, " (truncated?)");
    default:
      return "the file ends without </LesHouchesEvents> (truncated?)";
  }
}

}  // namespace latentspace
