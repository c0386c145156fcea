// Writer of Dark Machines CSV event files, atomic and exact.
#include "core/events/darkmachines_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/events/event_checks.h"
#include "core/events/object_type.h"
#include "core/io/durable_file.h"

namespace latentspace {
namespace {

constexpr double kMevPerGev = 1000.0;
// The readers divide MeV by 1000; a few ulps around gev * 1000 always hold a value that divides
// back to gev exactly for values that came from a reader.
constexpr int kUlpSearch = 4;

void AppendShortest(double value, std::string* out) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out->append(buffer, result.ptr);
}

double MevFor(double gev) {
  const double mev = gev * kMevPerGev;
  if (mev / kMevPerGev == gev) return mev;
  double down = mev;
  double up = mev;
  for (int i = 0; i < kUlpSearch; ++i) {
    down = std::nextafter(down, -INFINITY);
    up = std::nextafter(up, INFINITY);
    if (down / kMevPerGev == gev) return down;
    if (up / kMevPerGev == gev) return up;
  }
  return mev;  // not reachable from a file; the nearest MeV value
}

void AppendMev(double gev, std::string* out) { AppendShortest(MevFor(gev), out); }

bool HasSeparator(const std::string& text) {
  return text.find_first_of(";,\n\r") != std::string::npos;
}

}  // namespace

std::string FormatDarkMachinesLine(const Event& event) {
  std::string line;
  line.reserve(48 + 48 * event.objects.size());
  absl::StrAppend(&line, event.event_id, ";", event.process_id, ";");
  AppendShortest(event.weight, &line);
  line.push_back(';');
  AppendMev(event.met, &line);
  line.push_back(';');
  AppendShortest(event.met_phi, &line);
  line.push_back(';');
  for (const PhysicsObject& object : event.objects) {
    absl::StrAppend(&line, DarkMachinesCode(object.type), ",");
    AppendMev(object.e, &line);
    line.push_back(',');
    AppendMev(object.pt, &line);
    line.push_back(',');
    AppendShortest(object.eta, &line);
    line.push_back(',');
    AppendShortest(object.phi, &line);
    line.push_back(';');
  }
  return line;
}

absl::StatusOr<std::unique_ptr<DarkMachinesWriter>> DarkMachinesWriter::Create(
    const std::string& path) {
  std::string partial_path = PartialPath(path);
  const int fd = open(partial_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return absl::FailedPreconditionError(absl::StrCat(path, ": cannot create: ", strerror(errno)));
  }
  // "T" writes plain text through the same interface.
  gzFile file = gzdopen(fd, absl::EndsWith(path, ".gz") ? "wb6" : "wbT");
  if (file == nullptr) {
    close(fd);
    unlink(partial_path.c_str());
    return absl::ResourceExhaustedError(absl::StrCat(path, ": cannot allocate a writer"));
  }
  return std::unique_ptr<DarkMachinesWriter>(
      new DarkMachinesWriter(path, std::move(partial_path), file));
}

DarkMachinesWriter::DarkMachinesWriter(std::string path, std::string partial_path, gzFile file)
    : path_(std::move(path)), partial_path_(std::move(partial_path)), file_(file) {}

DarkMachinesWriter::~DarkMachinesWriter() {
  if (!closed_) {
    gzclose(file_);
    unlink(partial_path_.c_str());
  }
}

absl::Status DarkMachinesWriter::Write(const Event& event) {
  if (closed_) return absl::FailedPreconditionError(absl::StrCat(path_, ": writer is closed"));
  if (absl::Status status = ValidateEvent(event); !status.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path_, ": event '", event.event_id, "': ", status.message()));
  }
  if (HasSeparator(event.event_id) || HasSeparator(event.process_id)) {
    return absl::InvalidArgumentError(
        absl::StrCat(path_, ": event '", event.event_id,
                     "': event and process ids must not contain ';', ',' or line breaks"));
  }
  line_ = FormatDarkMachinesLine(event);
  line_.push_back('\n');
  if (gzwrite(file_, line_.data(), static_cast<unsigned>(line_.size())) !=
      static_cast<int>(line_.size())) {
    int code = 0;
    return absl::DataLossError(absl::StrCat(path_, ": write failed: ", gzerror(file_, &code)));
  }
  return absl::OkStatus();
}

absl::Status DarkMachinesWriter::Close() {
  if (closed_) return absl::FailedPreconditionError(absl::StrCat(path_, ": writer is closed"));
  closed_ = true;
  const int finished = gzclose(file_);  // finishes the gzip stream and closes the descriptor
  if (finished != Z_OK) {
    unlink(partial_path_.c_str());
    return absl::DataLossError(absl::StrCat(path_, ": cannot finish writing"));
  }
  return CommitPartialFile(partial_path_, path_);
}

}  // namespace latentspace
