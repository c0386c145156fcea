// Streaming reader of Dark Machines CSV event files.
#include "core/events/darkmachines_reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/events/event_checks.h"
#include "core/events/object_type.h"
#include "core/status_macros.h"

namespace latentspace {
namespace {

// Energies are read in MeV as decimals and become GeV by moving the decimal point: the value is
// the double nearest to the decimal / 1000 (one rounding, not two), so that every GeV value the
// writer formats reads back exactly.
constexpr int kMevToGevExponent = -3;
constexpr int kHeaderFields = 5;  // eventID;processID;weight;MET;METphi
constexpr size_t kQuoteLimit = 60;

// The offending text in quotes, shortened so a corrupt line cannot flood a message.
std::string Quote(absl::string_view text) {
  if (text.size() <= kQuoteLimit) return absl::StrCat("'", text, "'");
  return absl::StrCat("'", text.substr(0, kQuoteLimit), "...'");
}

// Position of `c` in `text` at or after `start`, or npos.
size_t Find(absl::string_view text, char c, size_t start) {
  const void* found = std::memchr(text.data() + start, c, text.size() - start);
  return found == nullptr ? absl::string_view::npos : static_cast<const char*>(found) - text.data();
}

absl::Status FieldError(int field, absl::string_view what, absl::string_view text,
                        absl::string_view problem) {
  return absl::InvalidArgumentError(
      absl::StrCat("field ", field, " (", what, ") ", Quote(text), ": ", problem));
}

// Exact powers of ten, the range of Clinger's fast path.
constexpr double kPowersOfTen[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                   1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

// The common case of a decimal with at most 15 significant digits and a small exponent: the
// digits form an exact integer m and the value (times 10^shift) is m * 10^e or m / 10^-e with
// |e| <= 22, one correctly rounded operation on exact operands, so the result equals
// from_chars's. Returns the end of the number, or nullptr for anything else (which then goes
// through from_chars).
const char* ScanSimpleDecimal(const char* p, const char* end, int shift, double* value) {
  const bool negative = p != end && *p == '-';
  p += negative;
  uint64_t mantissa = 0;
  int digits = 0;
  int exponent = 0;
  for (; p != end && static_cast<unsigned>(*p - '0') < 10; ++p, ++digits) {
    mantissa = mantissa * 10 + static_cast<unsigned>(*p - '0');
  }
  if (p != end && *p == '.') {
    for (++p; p != end && static_cast<unsigned>(*p - '0') < 10; ++p, ++digits, --exponent) {
      mantissa = mantissa * 10 + static_cast<unsigned>(*p - '0');
    }
  }
  if (digits == 0 || digits > 15) return nullptr;
  if (p != end && (*p == 'e' || *p == 'E')) {
    ++p;
    const bool negative_exponent = p != end && *p == '-';
    p += p != end && (*p == '-' || *p == '+');
    int written = 0;
    int exponent_digits = 0;
    for (; p != end && static_cast<unsigned>(*p - '0') < 10 && exponent_digits < 4;
         ++p, ++exponent_digits) {
      written = written * 10 + (*p - '0');
    }
    if (exponent_digits == 0) return nullptr;
    exponent += negative_exponent ? -written : written;
  }
  exponent += shift;
  if (exponent < -22 || exponent > 22) return nullptr;
  const double magnitude = exponent >= 0 ? static_cast<double>(mantissa) * kPowersOfTen[exponent]
                                         : static_cast<double>(mantissa) / kPowersOfTen[-exponent];
  *value = negative ? -magnitude : magnitude;
  return p;
}

// Parses a whole field as a double times 10^shift, correctly rounded; like from_chars, accepts no
// spaces, no '+' and no trailing text, and refuses a decimal that is beyond the range of a double
// before the shift.
bool ParseDouble(absl::string_view text, int shift, double* value) {
  const char* end = text.data() + text.size();
  if (ScanSimpleDecimal(text.data(), end, shift, value) == end) return true;
  if (text.empty()) return false;
  const auto [stop, error] = std::from_chars(text.data(), end, *value);
  if (error != std::errc() || stop != end) return false;
  if (shift == 0 || !std::isfinite(*value) || *value == 0) return true;
  // The same digits with the exponent moved: "1.5e7" -> "1.5e4", "71234.1" -> "71234.1e-3".
  const size_t e = text.find_first_of("eE");
  long long exponent = 0;
  if (e != absl::string_view::npos) {
    const auto [exponent_stop, exponent_error] =
        std::from_chars(text.data() + e + 1 + (text[e + 1] == '+'), end, exponent);
    if (exponent_error != std::errc() || exponent_stop != end) return false;
  }
  const std::string shifted = absl::StrCat(text.substr(0, e), "e", exponent + shift);
  const auto [shifted_stop, shifted_error] =
      std::from_chars(shifted.data(), shifted.data() + shifted.size(), *value);
  return shifted_error == std::errc() && shifted_stop == shifted.data() + shifted.size();
}

// One pass over a well-formed line of simple decimals with its trailing ';', the form of every
// published Dark Machines file. Returns false for anything else, which the careful parser below
// then examines and either accepts or describes.
class FastLineParser {
 public:
  explicit FastLineParser(absl::string_view line)
      : p_(line.data()), end_(line.data() + line.size()) {}

  bool Parse(Event* event) {
    event->objects.clear();
    if (!Text(&event->event_id) || !Text(&event->process_id) ||
        !Number(';', 0, CheckWeight, &event->weight) ||
        !Number(';', kMevToGevExponent, CheckEnergy, &event->met) ||
        !Number(';', 0, CheckPhi, &event->met_phi)) {
      return false;
    }
    while (p_ != end_) {
      PhysicsObject& object = event->objects.emplace_back();
      if (!Code(&object.type) || !Number(',', kMevToGevExponent, CheckEnergy, &object.e) ||
          !Number(',', kMevToGevExponent, CheckEnergy, &object.pt) ||
          !Number(',', 0, CheckEta, &object.eta) || !Number(';', 0, CheckPhi, &object.phi)) {
        return false;
      }
    }
    return true;
  }

 private:
  bool Text(std::string* out) {
    const char* stop = static_cast<const char*>(std::memchr(p_, ';', end_ - p_));
    if (stop == nullptr || CheckId(absl::string_view(p_, stop - p_)) != nullptr) return false;
    out->assign(p_, stop - p_);
    p_ = stop + 1;
    return true;
  }

  bool Number(char delimiter, int shift, const char* (*check)(double), double* out) {
    const char* stop = ScanSimpleDecimal(p_, end_, shift, out);
    if (stop == nullptr || stop == end_ || *stop != delimiter) return false;
    p_ = stop + 1;
    return check(*out) == nullptr;
  }

  bool Code(ObjectType* type) {
    const char* comma =
        static_cast<const char*>(std::memchr(p_, ',', std::min<ptrdiff_t>(end_ - p_, 3)));
    if (comma == nullptr) return false;
    const std::optional<ObjectType> parsed =
        ObjectTypeFromDarkMachinesCode(absl::string_view(p_, comma - p_));
    if (!parsed) return false;
    *type = *parsed;
    p_ = comma + 1;
    return true;
  }

  const char* p_;
  const char* end_;
};

// Parses `text` into *value and applies `check`; `shift` converts MeV to GeV where needed.
absl::Status ParseQuantity(int field, absl::string_view what, absl::string_view text,
                           absl::string_view field_text, int shift, const char* (*check)(double),
                           double* value) {
  if (!ParseDouble(text, shift, value)) {
    return FieldError(field, what, field_text, absl::StrCat(Quote(text), " is not a number"));
  }
  if (!std::isfinite(*value)) {
    return FieldError(field, what, field_text, absl::StrCat(Quote(text), " is not finite"));
  }
  if (const char* problem = check(*value)) {
    return FieldError(field, what, field_text, absl::StrCat(Quote(text), " ", problem));
  }
  return absl::OkStatus();
}

absl::Status ParseObject(int field, absl::string_view text, PhysicsObject* object) {
  absl::string_view parts[5];
  size_t count = 0;
  size_t start = 0;
  while (true) {
    const size_t comma = Find(text, ',', start);
    const absl::string_view part = text.substr(
        start, comma == absl::string_view::npos ? absl::string_view::npos : comma - start);
    if (count < 5) parts[count] = part;
    ++count;
    if (comma == absl::string_view::npos) break;
    start = comma + 1;
  }
  if (count != 5) {
    return FieldError(
        field, "object", text,
        absl::StrCat("has ", count, " comma-separated values, expected 5 (code,E,pt,eta,phi)"));
  }
  const std::optional<ObjectType> type = ObjectTypeFromDarkMachinesCode(parts[0]);
  if (!type) {
    return FieldError(field, "object", text,
                      absl::StrCat("unknown object code ", Quote(parts[0]),
                                   " (expected j, b, e-, e+, m-, m+ or g)"));
  }
  object->type = *type;
  LATENT_RETURN_IF_ERROR(
      ParseQuantity(field, "object E", parts[1], text, kMevToGevExponent, CheckEnergy, &object->e));
  LATENT_RETURN_IF_ERROR(ParseQuantity(field, "object pt", parts[2], text, kMevToGevExponent,
                                       CheckEnergy, &object->pt));
  LATENT_RETURN_IF_ERROR(
      ParseQuantity(field, "object eta", parts[3], text, 0, CheckEta, &object->eta));
  return ParseQuantity(field, "object phi", parts[4], text, 0, CheckPhi, &object->phi);
}

// Field by field, naming the first problem found.
absl::Status ParseLineCarefully(absl::string_view line, Event* event) {
  event->objects.clear();
  int field = 0;
  size_t start = 0;
  while (start < line.size()) {
    const size_t semicolon = Find(line, ';', start);
    const size_t stop = semicolon == absl::string_view::npos ? line.size() : semicolon;
    const absl::string_view text = line.substr(start, stop - start);
    start = stop + 1;
    ++field;
    if (text.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("field ", field, " is empty (';;')"));
    }
    absl::Status status;
    switch (field) {
      case 1:
      case 2:
        if (const char* problem = CheckId(text)) {
          status = FieldError(field, field == 1 ? "eventID" : "processID", text, problem);
        }
        (field == 1 ? event->event_id : event->process_id).assign(text.data(), text.size());
        break;
      case 3:
        status = ParseQuantity(field, "weight", text, text, 0, CheckWeight, &event->weight);
        break;
      case 4:
        status =
            ParseQuantity(field, "MET", text, text, kMevToGevExponent, CheckEnergy, &event->met);
        break;
      case 5:
        status = ParseQuantity(field, "METphi", text, text, 0, CheckPhi, &event->met_phi);
        break;
      default:
        status = ParseObject(field, text, &event->objects.emplace_back());
    }
    if (!status.ok()) return status;
  }
  if (field < kHeaderFields) {
    return absl::InvalidArgumentError(
        absl::StrCat("found ", field, " ';'-separated fields, expected at least ", kHeaderFields,
                     " (eventID;processID;weight;MET;METphi)"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ParseDarkMachinesLine(absl::string_view line, Event* event) {
  if (FastLineParser(line).Parse(event)) return absl::OkStatus();
  return ParseLineCarefully(line, event);
}

absl::StatusOr<std::unique_ptr<DarkMachinesReader>> DarkMachinesReader::Open(
    const std::string& path) {
  LATENT_ASSIGN_OR_RETURN(std::unique_ptr<LineReader> lines, LineReader::Open(path));
  return std::unique_ptr<DarkMachinesReader>(new DarkMachinesReader(std::move(lines)));
}

absl::StatusOr<bool> DarkMachinesReader::Next(Event* event) {
  absl::string_view line;
  while (true) {
    LATENT_ASSIGN_OR_RETURN(bool more, lines_->Next(&line));
    if (!more) {
      if (events_read_ == 0) {
        return absl::InvalidArgumentError(
            absl::StrCat(lines_->path(), ": holds no events (empty file)"));
      }
      return false;
    }
    if (line.find_first_not_of(" \t") != absl::string_view::npos) break;
  }
  if (absl::Status status = ParseDarkMachinesLine(line, event); !status.ok()) {
    return absl::Status(status.code(), absl::StrCat(lines_->path(), ":", lines_->line_number(),
                                                    ": ", status.message()));
  }
  ++events_read_;
  return true;
}

}  // namespace latentspace
