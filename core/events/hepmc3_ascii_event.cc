// A parser of regular HepMC3 ASCII event records, read as HepMC3 3.1's ReaderAscii reads them.
#include "core/events/hepmc3_ascii_event.h"

#include <charconv>
#include <cmath>
#include <string>
#include <system_error>
#include <vector>

#include "absl/strings/str_cat.h"

namespace latentspace {
namespace {

// Splits `line` at single spaces into at most kMax fields; false when a field is empty (a space
// at either end or two in a row) or there are more than kMax.
template <size_t kMax>
bool SplitFields(absl::string_view line, absl::string_view (&fields)[kMax], size_t* count) {
  size_t n = 0;
  size_t start = 0;
  while (true) {
    const size_t space = line.find(' ', start);
    const size_t end = space == absl::string_view::npos ? line.size() : space;
    if (end == start || n == kMax) return false;
    fields[n++] = line.substr(start, end - start);
    if (space == absl::string_view::npos) break;
    start = space + 1;
  }
  *count = n;
  return true;
}

bool ReadInt(absl::string_view text, int* value) {
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, *value);
  return ec == std::errc() && ptr == end;
}

// A finite decimal number read whole: what atof and an istream read the same way.
bool ReadFinite(absl::string_view text, double* value) {
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, *value, std::chars_format::general);
  return ec == std::errc() && ptr == end && std::isfinite(*value);
}

// ReaderAscii's unescaping of attribute values and names: "\|" is a newline, "\c" is c. False
// for a lone backslash at the end (which ReaderAscii would read past).
bool Unescape(absl::string_view text, std::string* out) {
  out->clear();
  out->reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\') {
      out->push_back(text[i]);
      continue;
    }
    if (++i == text.size()) return false;
    out->push_back(text[i] == '|' ? '\n' : text[i]);
  }
  return true;
}

bool IsStreamSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// An attribute line, "A name value" (a run's) or, with_id, "A id name value" (an event's, its id
// into *id): the name and the unescaped value.
bool ParseAttribute(absl::string_view line, bool with_id, int* id, absl::string_view* name,
                    std::string* value) {
  if (line.size() < 2 || line[1] != ' ') return false;
  size_t start = 2;
  if (with_id) {
    const size_t space = line.find(' ', start);
    if (space == absl::string_view::npos || !ReadInt(line.substr(start, space - start), id)) {
      return false;
    }
    start = space + 1;
  }
  const size_t space = line.find(' ', start);
  if (space == absl::string_view::npos || space == start) return false;
  *name = line.substr(start, space - start);
  return Unescape(line.substr(space + 1), value);
}

// The fields after "@" of an event or vertex line: four finite numbers (the position).
bool RegularPosition(const absl::string_view* fields, size_t count) {
  if (count != 5 || fields[0] != "@") return false;
  double unused;
  for (size_t i = 1; i < count; ++i) {
    if (!ReadFinite(fields[i], &unused)) return false;
  }
  return true;
}

// What the record's lines add up to while it is read.
struct RecordState {
  int declared_vertices = 0;
  int declared_particles = 0;
  int vertices = 0;
  std::vector<char> has_end_vertex;  // per particle read so far
};

// "P id mother pdg px py pz e m status" (ReaderAscii reads the generated mass m with atof, which
// takes any text, and nothing here uses it). A particle whose mother is a particle without an end
// vertex gives that mother one (ReaderAscii's implicit vertex, counted among the event's).
bool ParseParticle(absl::string_view line, RecordState* state, GeneratorEvent* event) {
  absl::string_view f[10];
  size_t n = 0;
  if (!SplitFields(line, f, &n) || n != 10) return false;
  int id = 0;
  int mother = 0;
  GeneratorParticle particle;
  const int count = static_cast<int>(event->particles.size());
  if (!ReadInt(f[1], &id) || id != count + 1 || !ReadInt(f[2], &mother) ||
      !ReadInt(f[3], &particle.pdg) || !ReadFinite(f[4], &particle.px) ||
      !ReadFinite(f[5], &particle.py) || !ReadFinite(f[6], &particle.pz) ||
      !ReadFinite(f[7], &particle.e) || !ReadInt(f[9], &particle.status)) {
    return false;
  }
  if (mother > 0 && mother <= count && !state->has_end_vertex[mother - 1]) {
    state->has_end_vertex[mother - 1] = 1;
    ++state->vertices;
  }
  event->particles.push_back(particle);
  state->has_end_vertex.push_back(0);
  return true;
}

// "V id status [in,in,...] [@ x y z t]", the incoming particles already listed.
bool ParseVertex(absl::string_view line, RecordState* state) {
  absl::string_view f[9];
  size_t n = 0;
  int unused = 0;
  if (!SplitFields(line, f, &n) || n < 4 || !ReadInt(f[1], &unused) || !ReadInt(f[2], &unused)) {
    return false;
  }
  if (n > 4 && !RegularPosition(f + 4, n - 4)) return false;
  absl::string_view list = f[3];
  if (list.size() < 3 || list.front() != '[' || list.back() != ']') return false;
  list = list.substr(1, list.size() - 2);
  const int count = static_cast<int>(state->has_end_vertex.size());
  while (true) {
    const size_t comma = list.find(',');
    int particle = 0;
    if (!ReadInt(list.substr(0, comma), &particle) || particle < 1 || particle > count) {
      return false;
    }
    state->has_end_vertex[particle - 1] = 1;
    if (comma == absl::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  ++state->vertices;
  return true;
}

// "E number vertices particles [@ x y z t]".
bool ParseEventLine(absl::string_view line, RecordState* state, GeneratorEvent* event) {
  absl::string_view f[9];
  size_t n = 0;
  if (!SplitFields(line, f, &n) || n < 4 || f[0] != "E" || !ReadInt(f[1], &event->event_number) ||
      !ReadInt(f[2], &state->declared_vertices) || !ReadInt(f[3], &state->declared_particles) ||
      state->declared_vertices < 0 || state->declared_particles < 0) {
    return false;
  }
  if (n > 4 && !RegularPosition(f + 4, n - 4)) return false;
  event->particles.reserve(state->declared_particles);
  state->has_end_vertex.reserve(state->declared_particles);
  return true;
}

// "W value..." in an event: as many finite numbers as the run has weight names (when it has any).
bool ParseWeights(absl::string_view line, const HepMC3RunLines& run, GeneratorEvent* event) {
  int count = 0;
  double first = 1;
  if (line.size() > 1) {
    if (line[1] != ' ') return false;
    absl::string_view rest = line.substr(2);
    while (true) {
      const size_t space = rest.find(' ');
      double value = 0;
      if (!ReadFinite(rest.substr(0, space), &value)) return false;
      if (count++ == 0) first = value;
      if (space == absl::string_view::npos) break;
      rest.remove_prefix(space + 1);
    }
  }
  if (run.weight_names() > 0 && count != run.weight_names()) return false;
  event->weight = first;
  return true;
}

}  // namespace

bool HepMC3RunLines::Add(absl::string_view line) {
  if (line.size() < 2 || line[1] != ' ' || line.find('\0') != absl::string_view::npos) {
    return false;
  }
  std::string value;
  switch (line[0]) {
    case 'W': {  // weight names, whitespace-separated once unescaped
      if (!Unescape(line.substr(2), &value)) return false;
      int names = 0;
      for (size_t i = 0; i < value.size(); ++i) {
        if (!IsStreamSpace(value[i]) && (i == 0 || IsStreamSpace(value[i - 1]))) ++names;
      }
      weight_names_ = names;
      break;
    }
    case 'A': {
      int unused = 0;
      absl::string_view name;
      if (!ParseAttribute(line, /*with_id=*/false, &unused, &name, &value)) return false;
      if (name == "signal_process_id") process_id_ = value;
      break;
    }
    case 'T':
      break;
    default:
      return false;
  }
  absl::StrAppend(&text_, line, "\n");
  return true;
}

bool ParseRegularUnits(absl::string_view line, bool* mev) {
  absl::string_view f[4];
  size_t n = 0;
  if (!SplitFields(line, f, &n) || n != 3 || f[0] != "U" || (f[2] != "MM" && f[2] != "CM")) {
    return false;
  }
  if (f[1] != "GEV" && f[1] != "MEV") return false;
  *mev = f[1] == "MEV";
  return true;
}

bool ParseRegularHepMC3Event(absl::string_view record, const HepMC3RunLines& run, bool mev,
                             GeneratorEvent* event) {
  if (record.find('\0') != absl::string_view::npos) return false;
  event->mev = mev;
  event->weight = 1;
  event->process_id.clear();
  event->run_process_id = run.process_id();
  event->particles.clear();
  RecordState state;
  bool first = true;
  std::string value;
  while (!record.empty()) {
    const size_t newline = record.find('\n');
    const absl::string_view line = record.substr(0, newline);
    record.remove_prefix(newline == absl::string_view::npos ? record.size() : newline + 1);
    if (line.empty()) continue;
    if (first) {
      if (!ParseEventLine(line, &state, event)) return false;
      first = false;
      continue;
    }
    bool regular = false;
    switch (line[0]) {
      case 'P':
        regular = ParseParticle(line, &state, event);
        break;
      case 'V':
        regular = ParseVertex(line, &state);
        break;
      case 'U':
        regular = ParseRegularUnits(line, &event->mev);
        break;
      case 'W':
        regular = ParseWeights(line, run, event);
        break;
      case 'A': {
        int id = 0;
        absl::string_view name;
        regular = ParseAttribute(line, /*with_id=*/true, &id, &name, &value);
        if (regular && id == 0 && name == "signal_process_id") event->process_id = value;
        break;
      }
      case 'T':  // a tool: ReaderAscii only needs a space after the T
        regular = line.find(' ') != absl::string_view::npos;
        break;
      default:
        break;
    }
    if (!regular) return false;
  }
  return !first && state.vertices == state.declared_vertices &&
         static_cast<int>(event->particles.size()) == state.declared_particles;
}

}  // namespace latentspace
