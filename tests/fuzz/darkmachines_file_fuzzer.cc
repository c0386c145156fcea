// libFuzzer target: a whole Dark Machines CSV file, plain or gzip (DarkMachinesReader over
// LineReader). Errors name the file; every event read is valid; a plain file reads exactly as its
// lines split at '\n' and parsed one by one; and what was read, written again (plain or gzip,
// DarkMachinesWriter), reads back identically.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/events/darkmachines_reader.h"
#include "core/events/darkmachines_writer.h"
#include "core/events/event.h"
#include "core/events/event_checks.h"
#include "core/events/event_reader.h"
#include "core/events/line_reader.h"
#include "tests/fuzz/fuzz_support.h"

namespace latentspace::fuzz {
namespace {

// What reading a file gave: its events up to the first error, and that error (OK when none).
struct Reading {
  std::vector<Event> events;
  absl::Status status;
};

Reading ReadWithReader(const std::string& path) {
  Reading reading;
  absl::StatusOr<std::unique_ptr<DarkMachinesReader>> reader = DarkMachinesReader::Open(path);
  Require(reader.ok(), "an existing file opens", reader.status().ToString());
  while (true) {
    Event event;
    absl::StatusOr<bool> more = (*reader)->Next(&event);
    Require((*reader)->bytes_consumed() <= (*reader)->file_bytes(),
            "no more bytes consumed than the file holds");
    if (!more.ok()) {
      reading.status = more.status();
      return reading;
    }
    if (!*more) return reading;
    Require(ValidateEvent(event).ok(), "an event read is valid", ValidateEvent(event).ToString());
    reading.events.push_back(std::move(event));
  }
}

// The reader's contract for a plain file, line by line, with its messages: blank lines (spaces and
// tabs) hold no event, a trailing '\r' is dropped, a line longer than LineReader::kMaxLineBytes or
// one that does not parse is the error, and a file without events is one too.
Reading ReadLineByLine(absl::string_view content, const std::string& path) {
  Reading reading;
  std::vector<absl::string_view> lines = absl::StrSplit(content, '\n');
  if (!lines.empty() && lines.back().empty()) lines.pop_back();  // after the final newline
  for (size_t i = 0; i < lines.size(); ++i) {
    absl::string_view line = lines[i];
    const std::string where = absl::StrCat(path, ":", i + 1, ": ");
    if (line.size() > LineReader::kMaxLineBytes) {
      reading.status = absl::InvalidArgumentError(absl::StrCat(
          where, "line longer than ", LineReader::kMaxLineBytes, " bytes; not an event file?"));
      return reading;
    }
    absl::ConsumeSuffix(&line, "\r");
    if (line.find_first_not_of(" \t") == absl::string_view::npos) continue;
    Event event;
    if (absl::Status status = ParseDarkMachinesLine(line, &event); !status.ok()) {
      reading.status = absl::Status(status.code(), where + std::string(status.message()));
      return reading;
    }
    reading.events.push_back(std::move(event));
  }
  if (reading.events.empty()) {
    reading.status = absl::InvalidArgumentError(path + ": holds no events (empty file)");
  }
  return reading;
}

bool Writable(const std::vector<Event>& events) {
  for (const Event& event : events) {
    if (event.event_id.find_first_of(";,\r\n") != std::string::npos ||
        event.process_id.find_first_of(";,\r\n") != std::string::npos) {
      return false;
    }
  }
  return true;
}

void Run(absl::string_view content) {
  const std::string path = Scratch().Write("events.csv", content);
  const Reading reading = ReadWithReader(path);
  if (!reading.status.ok()) {
    const absl::StatusCode code = reading.status.code();
    Require(code == absl::StatusCode::kInvalidArgument || code == absl::StatusCode::kDataLoss,
            "a bad file is INVALID_ARGUMENT or DATA_LOSS", reading.status.ToString());
    Require(absl::StartsWith(reading.status.message(), path + ":"), "an error names the file",
            reading.status.ToString());
  }
  // zlib reads anything without the gzip magic as it is.
  if (!absl::StartsWith(content, "\x1f\x8b")) {
    const Reading expected = ReadLineByLine(content, path);
    Require(reading.events == expected.events, "a plain file reads as its lines");
    Require(reading.status == expected.status, "a plain file fails as its first bad line",
            reading.status.ToString() + " vs " + expected.status.ToString());
  }
  if (reading.events.empty() || !Writable(reading.events)) return;
  for (const char* name : {"copy.csv", "copy.csv.gz"}) {
    const std::string copy = Scratch().Path(name);
    absl::StatusOr<std::unique_ptr<DarkMachinesWriter>> writer = DarkMachinesWriter::Create(copy);
    Require(writer.ok(), "the writer opens", writer.status().ToString());
    for (const Event& event : reading.events) {
      const absl::Status written = (*writer)->Write(event);
      Require(written.ok(), "the writer takes every event read", written.ToString());
    }
    Require((*writer)->Close().ok(), "the writer closes");
    absl::StatusOr<std::vector<Event>> again = ReadEventFile(copy, EventFormat::kDarkMachines);
    Require(again.ok(), "the written file reads", again.status().ToString());
    Require(*again == reading.events, "the written file reads back identically", name);
  }
}

}  // namespace
}  // namespace latentspace::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  latentspace::fuzz::Run(latentspace::fuzz::AsText(data, size));
  return 0;
}
