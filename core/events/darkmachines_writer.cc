// Writer of Dark Machines CSV event files, atomic and exact.
#include "core/events/darkmachines_writer.h"

#include <charconv>
#include <cstdlib>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/events/event_checks.h"
#include "core/events/object_type.h"
#include "core/status_macros.h"

namespace latentspace {

void AppendShortest(double value, std::string* out) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out->append(buffer, result.ptr);
}

namespace {

// `gev` in MeV as the reader reads it back exactly (ParseDarkMachinesLine moves the decimal point
// three places): gev's own shortest digits with the point moved, in the shorter of plain and
// scientific notation (plain on a tie), as std::to_chars writes numbers. Allocates nothing: a
// sample's upload writes four such values per object.
void AppendMev(double gev, std::string* out) {
  char buffer[32];
  const char* const end =
      std::to_chars(buffer, buffer + sizeof(buffer), gev, std::chars_format::scientific).ptr;
  const char* text = buffer;  // "-d.ddde-XX"
  if (*text == '-') {
    out->push_back('-');
    ++text;
  }
  char digits[24];
  int n = 0;
  const char* e = text;
  for (; *e != 'e'; ++e) {
    if (*e != '.') digits[n++] = *e;
  }
  if (n == 1 && digits[0] == '0') {
    out->push_back('0');
    return;
  }
  int exponent = 0;  // of the first digit, in GeV
  std::from_chars(e + 1 + (e[1] == '+'), end, exponent);
  exponent += 3;
  const int magnitude = std::abs(exponent);
  const int plain_size = exponent >= n - 1 ? exponent + 1
                         : exponent >= 0   ? n + 1
                                           : n + 1 - exponent;
  const int exponent_digits = magnitude < 100 ? 2 : 3;
  const int scientific_size = (n > 1 ? n + 1 : 1) + 2 + exponent_digits;
  if (plain_size <= scientific_size) {
    if (exponent >= n - 1) {
      out->append(digits, n);
      out->append(exponent - (n - 1), '0');
    } else if (exponent >= 0) {
      out->append(digits, exponent + 1);
      out->push_back('.');
      out->append(digits + exponent + 1, n - exponent - 1);
    } else {
      out->append("0.");
      out->append(-exponent - 1, '0');
      out->append(digits, n);
    }
    return;
  }
  out->push_back(digits[0]);
  if (n > 1) {
    out->push_back('.');
    out->append(digits + 1, n - 1);
  }
  out->push_back('e');
  out->push_back(exponent < 0 ? '-' : '+');
  if (magnitude < 10) out->push_back('0');
  char exponent_text[8];
  out->append(exponent_text, std::to_chars(exponent_text, exponent_text + 8, magnitude).ptr);
}

bool HasSeparator(const std::string& text) {
  return text.find_first_of(";,\n\r") != std::string::npos;
}

}  // namespace

std::string FormatDarkMachinesLine(const Event& event) {
  std::string line;
  line.reserve(48 + 48 * event.objects.size());
  AppendDarkMachinesLine(event, &line);
  return line;
}

void AppendDarkMachinesLine(const Event& event, std::string* out) {
  absl::StrAppend(out, event.event_id, ";", event.process_id, ";");
  AppendShortest(event.weight, out);
  out->push_back(';');
  AppendMev(event.met, out);
  out->push_back(';');
  AppendShortest(event.met_phi, out);
  out->push_back(';');
  for (const PhysicsObject& object : event.objects) {
    absl::StrAppend(out, DarkMachinesCode(object.type), ",");
    AppendMev(object.e, out);
    out->push_back(',');
    AppendMev(object.pt, out);
    out->push_back(',');
    AppendShortest(object.eta, out);
    out->push_back(',');
    AppendShortest(object.phi, out);
    out->push_back(';');
  }
}

absl::StatusOr<std::unique_ptr<DarkMachinesWriter>> DarkMachinesWriter::Create(
    const std::string& path) {
  LATENT_ASSIGN_OR_RETURN(std::unique_ptr<TextFileWriter> file, TextFileWriter::Create(path));
  return std::unique_ptr<DarkMachinesWriter>(new DarkMachinesWriter(std::move(file)));
}

DarkMachinesWriter::DarkMachinesWriter(std::unique_ptr<TextFileWriter> file)
    : file_(std::move(file)) {}

absl::Status DarkMachinesWriter::Write(const Event& event) {
  const std::string& path = file_->path();
  if (absl::Status status = ValidateEvent(event); !status.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": event '", event.event_id, "': ", status.message()));
  }
  if (HasSeparator(event.event_id) || HasSeparator(event.process_id)) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": event '", event.event_id,
                     "': event and process ids must not contain ';', ',' or line breaks"));
  }
  line_.clear();
  AppendDarkMachinesLine(event, &line_);
  line_.push_back('\n');
  return file_->Write(line_);
}

absl::Status DarkMachinesWriter::Close() { return file_->Close(); }

}  // namespace latentspace
