// Line-by-line checks of a HepMC ASCII listing before HepMC3 parses it.
#include "core/events/hepmc_listing_check.h"

#include <limits>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace latentspace {
namespace {

// The longest HepMC2 line HepMC3 reads (getline into 512 bytes).
constexpr size_t kHepMC2LineBytes = 511;
// The longest attribute name HepMC3 3.1 copies (sprintf into 64 bytes).
constexpr size_t kMaxAttributeNameBytes = 63;

// Whether `text` ends with a backslash that escapes nothing: HepMC3 3.1's unescape then reads
// past the end of the string.
bool EndsWithLoneBackslash(absl::string_view text) {
  size_t backslashes = 0;
  while (backslashes < text.size() && text[text.size() - 1 - backslashes] == '\\') ++backslashes;
  return backslashes % 2 == 1;
}

// The fields of a line as HepMC3 reads them: each step moves to the next ' ' after the current
// position (strchr(cursor + 1, ' ')) and reads an integer there as atoi does, so that runs of
// spaces read the same number again, exactly as HepMC3 sees it.
class FieldWalk {
 public:
  explicit FieldWalk(absl::string_view line) : line_(line) {}

  // False when the line has no further ' ' (HepMC3 then refuses the line itself).
  bool Next() {
    const size_t space = line_.find(' ', cursor_ + 1);
    if (space == absl::string_view::npos) return false;
    cursor_ = space;
    return true;
  }

  // The integer atoi reads at the current position; false when there is none (atoi reads 0) or
  // it does not fit in an int (atoi's result is then undefined).
  bool Integer(int64_t* value) const {
    size_t i = cursor_;
    while (i < line_.size() && IsSpace(line_[i])) ++i;
    bool negative = false;
    if (i < line_.size() && (line_[i] == '-' || line_[i] == '+')) negative = line_[i++] == '-';
    if (i == line_.size() || line_[i] < '0' || line_[i] > '9') return false;
    int64_t magnitude = 0;
    for (; i < line_.size() && line_[i] >= '0' && line_[i] <= '9'; ++i) {
      magnitude = magnitude * 10 + (line_[i] - '0');
      if (magnitude > int64_t{std::numeric_limits<int>::max()} + 1) return false;
    }
    *value = negative ? -magnitude : magnitude;
    return *value >= std::numeric_limits<int>::min() && *value <= std::numeric_limits<int>::max();
  }

 private:
  static bool IsSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
  }

  absl::string_view line_;
  size_t cursor_ = 0;
};

// Walks `steps` fields and reads the integer there into *value; false when the line ends first
// (HepMC3 refuses such a line itself) and, setting *problem, when the field is not an int.
bool FieldAt(FieldWalk& walk, int steps, absl::string_view name, int64_t* value,
             std::string* problem) {
  for (int i = 0; i < steps; ++i) {
    if (!walk.Next()) return false;
  }
  if (!walk.Integer(value)) {
    *problem = absl::StrCat(name, " is not an integer that fits in an int");
    return false;
  }
  return true;
}

std::string OutOfRange(absl::string_view name, int64_t value, int64_t low, int64_t high) {
  return absl::StrCat(name, " ", value, " is outside ", low, "..", high);
}

}  // namespace

std::string HepMCListingCheck::Check(absl::string_view line) {
  line = line.substr(0, line.find('\0'));  // HepMC3 reads lines as C strings
  if (foreign_ || line.empty()) return "";
  if (absl::StartsWith(line, "HepMC")) {
    // HepMC3 ends the event there and reads what follows as the start of another.
    in_event_ = false;
    vertex_seen_ = false;
    // HepMC3 stops reading at a header line of another listing (and the reader reports it).
    foreign_ = !absl::StartsWith(line, "HepMC::Version") &&
               !absl::StartsWith(line, listing_ == HepMCListing::kHepMC3 ? "HepMC::Asciiv3"
                                                                         : "HepMC::IO_GenEvent");
    return "";
  }
  return listing_ == HepMCListing::kHepMC3 ? CheckHepMC3(line[0], line)
                                           : CheckHepMC2(line[0], line.substr(0, kHepMC2LineBytes));
}

std::string HepMCListingCheck::CheckHepMC3(char kind, absl::string_view line) {
  FieldWalk walk(line);
  std::string problem;
  int64_t value = 0;
  switch (kind) {
    case 'E': {  // E number vertices particles [@ x y z t]
      int64_t vertices = 0;
      int64_t particles = 0;
      if (!FieldAt(walk, 2, "the vertex count", &vertices, &problem) ||
          !FieldAt(walk, 1, "the particle count", &particles, &problem)) {
        return problem;
      }
      if (vertices < 0 || vertices > kMaxEntriesPerEvent) {
        return OutOfRange("the vertex count", vertices, 0, kMaxEntriesPerEvent);
      }
      if (particles < 0 || particles > kMaxEntriesPerEvent) {
        return OutOfRange("the particle count", particles, 0, kMaxEntriesPerEvent);
      }
      vertices_ = vertices;
      particles_ = particles;
      in_event_ = true;
      ++events_;
      return "";
    }
    case 'A':  // in an event: A id name value; before one, a run attribute: A name value
    case 'T':
    case 'W': {  // weight names (before an event) or values (in one)
      if (EndsWithLoneBackslash(line)) return "the line ends with a lone backslash";
      if (kind != 'A') return "";
      const size_t name_start =
          in_event_ ? line.find(' ', line.find(' ', 1) + 1) : line.find(' ', 1);
      if (name_start == absl::string_view::npos) return "";
      const size_t name_end = line.find(' ', name_start + 1);
      if (name_end != absl::string_view::npos &&
          name_end - name_start - 1 > kMaxAttributeNameBytes) {
        return absl::StrCat("the attribute name is longer than ", kMaxAttributeNameBytes,
                            " characters");
      }
      return "";
    }
    case 'V': {  // V id status [in,...] [@ x y z t]
      if (events_ == 0) return "a vertex line before the first event line";
      if (!FieldAt(walk, 1, "the vertex id", &value, &problem)) return problem;
      if (value < -vertices_ || value > -1) {
        return OutOfRange("the vertex id", value, -vertices_, -1);
      }
      // The incoming particles, resolved when the event ends: each must be one of the event's.
      const size_t open = line.find('[');
      const size_t close = line.find(']', open);
      if (open == absl::string_view::npos || close == absl::string_view::npos) return "";
      for (absl::string_view id : absl::StrSplit(line.substr(open + 1, close - open - 1), ',')) {
        const std::string text = absl::StrCat(" ", id);
        int64_t particle = 0;
        if (!FieldWalk(text).Integer(&particle)) {
          // atoi reads 0 (ignored) where there is no number, garbage where it overflows.
          if (id.find_first_of("0123456789") == absl::string_view::npos) continue;
          return "an incoming particle id is not an integer that fits in an int";
        }
        if (particle > particles_) {
          return OutOfRange("the incoming particle id", particle, 1, particles_);
        }
      }
      return "";
    }
    case 'P': {  // P id mother pdg px py pz e m status
      if (events_ == 0) return "a particle line before the first event line";
      if (!FieldAt(walk, 1, "the particle id", &value, &problem)) return problem;
      if (value < 1 || value > particles_)
        return OutOfRange("the particle id", value, 1, particles_);
      if (!FieldAt(walk, 1, "the mother id", &value, &problem)) return problem;
      if (value < -vertices_ || value > particles_) {
        return OutOfRange("the mother id", value, -vertices_, particles_);
      }
      return "";
    }
    default:
      return "";
  }
}

std::string HepMCListingCheck::CheckHepMC2(char kind, absl::string_view line) {
  FieldWalk walk(line);
  std::string problem;
  int64_t value = 0;
  switch (kind) {
    case 'E': {
      // E number mpi scale alphaQCD alphaQED process process_vertex vertices beam1 beam2
      //   random_count random... weight_count weight...
      if (!FieldAt(walk, 8, "the vertex count", &value, &problem)) return problem;
      if (value < 0 || value > kMaxEntriesPerEvent) {
        return OutOfRange("the vertex count", value, 0, kMaxEntriesPerEvent);
      }
      int64_t random_states = 0;
      if (!FieldAt(walk, 3, "the random state count", &random_states, &problem)) return problem;
      if (random_states < 0 || random_states > static_cast<int64_t>(kHepMC2LineBytes)) {
        return OutOfRange("the random state count", random_states, 0, kHepMC2LineBytes);
      }
      if (!FieldAt(walk, static_cast<int>(random_states) + 1, "the weight count", &value,
                   &problem)) {
        return problem;
      }
      if (value < 0 || value > static_cast<int64_t>(kHepMC2LineBytes)) {
        return OutOfRange("the weight count", value, 0, kHepMC2LineBytes);
      }
      vertex_seen_ = false;
      ++events_;
      return "";
    }
    case 'N':  // N count "name"...
      if (!FieldAt(walk, 1, "the weight name count", &value, &problem)) return problem;
      if (value > static_cast<int64_t>(kHepMC2LineBytes)) {
        return OutOfRange("the weight name count", value, 1, kHepMC2LineBytes);
      }
      return "";
    case 'V':  // V barcode id x y z ctau orphans out weight_count weight...
      // HepMC3 3.1 drops a vertex without incoming or outgoing particles when the event ends and
      // then dereferences it if it had weights; nothing here uses vertex weights.
      if (!FieldAt(walk, 9, "the vertex weight count", &value, &problem)) return problem;
      if (value != 0) {
        return absl::StrCat("the vertex weight count ", value,
                            " is not 0 (vertex weights are not supported)");
      }
      vertex_seen_ = events_ > 0;
      return "";
    case 'P':
      if (!vertex_seen_) return "a particle line before the event's first vertex line";
      return "";
    default:
      return "";
  }
}

}  // namespace latentspace
