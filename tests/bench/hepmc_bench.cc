// HepMC3 ASCII reading at generator scale (issue 21 item 7): a listing of showered-looking events
// (tests/testing/showered_hepmc.h, written by HepMC3's WriterAscii) read by HepMC3's ReaderAscii
// alone, parsing only (the anchor), by the fast path's own parser alone (parsing only), by
// HepMC3Reader on ReaderAscii (the reference path: checks,
// ReaderAscii, conversion into objects), and by HepMC3Reader's fast path with 1 thread and with
// every hardware thread, plain and gzip-compressed, each R times in turn. The fast path's events
// are checked against the reference path's, event by event. Prints one table: median and range of
// seconds over the repetitions, events/s, the ratio against the anchor (goal for the fast path
// with all threads: at least 5x).
//   hepmc_bench [--events 1000] [--shower-partons 220] [--repeat 3]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <stdlib.h>
#include <zlib.h>

#include "HepMC3/GenEvent.h"
#include "HepMC3/ReaderAscii.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/events/hepmc3_ascii_event.h"
#include "core/events/hepmc3_reader.h"
#include "core/events/hepmc_listing_check.h"
#include "tests/testing/showered_hepmc.h"

namespace latentspace {
namespace {

using Clock = std::chrono::steady_clock;
constexpr double kGoal = 5;

int Fail(const std::string& what) {
  std::fprintf(stderr, "hepmc_bench: %s\n", what.c_str());
  return 1;
}

struct Way {
  std::string name;
  std::function<absl::StatusOr<int64_t>()> run;  // events read
  bool goal = false;                             // the goal applies to it
  std::vector<double> seconds;
};

// The fast path's parsing alone, on one thread, of the listing's text in memory: every line through
// the listing check, as the reader does, records cut at event lines and parsed
// (hepmc3_ascii_event.h), nothing converted. (ReaderAscii's reading of the file from the page cache
// through an ifstream is a few per cent of its time.)
absl::StatusOr<int64_t> FastParserAlone(const std::string& text) {
  HepMCListingCheck check(HepMCListing::kHepMC3);
  HepMC3RunLines run;
  GeneratorEvent event;
  int64_t events = 0;
  size_t record = std::string::npos;  // the start of the record being cut
  size_t line_start = 0;
  const auto parse = [&](size_t end) -> absl::Status {
    if (record == std::string::npos) return absl::OkStatus();
    if (!ParseRegularHepMC3Event(absl::string_view(text).substr(record, end - record), run, false,
                                 &event)) {
      return absl::InternalError(absl::StrCat("record at byte ", record, " is not regular"));
    }
    ++events;
    return absl::OkStatus();
  };
  while (line_start < text.size()) {
    size_t end = text.find('\n', line_start);
    if (end == std::string::npos) end = text.size();
    const absl::string_view line = absl::string_view(text).substr(line_start, end - line_start);
    if (!check.Check(line).empty()) return absl::InternalError("a line is refused");
    if (!line.empty() && (line[0] == 'E' || line[0] == 'H')) {
      if (absl::Status status = parse(line_start); !status.ok()) return status;
      record = line[0] == 'E' ? line_start : std::string::npos;
    } else if (record == std::string::npos && !line.empty() && line[0] == 'W') {
      run.Add(line);
    }
    line_start = end + 1;
  }
  return events;
}

// Reads `path` with HepMC3Reader and returns the number of events.
absl::StatusOr<int64_t> CountWith(const std::string& path, bool reference, int threads);

// ReaderAscii alone: every event parsed into a GenEvent, nothing converted.
absl::StatusOr<int64_t> ReaderAsciiAlone(const std::string& path) {
  std::ifstream in(path);
  HepMC3::ReaderAscii reader(in);
  HepMC3::GenEvent event;
  int64_t events = 0;
  while (reader.read_event(event) && !reader.failed()) {
    if (event.particles().empty()) break;
    ++events;
  }
  return events;
}

absl::StatusOr<std::vector<Event>> ReadWith(const std::string& path, bool reference, int threads,
                                            bool keep) {
  HepMC3ReaderOptions options;
  options.reference_parser = reference;
  options.threads = threads;
  absl::StatusOr<std::unique_ptr<HepMC3Reader>> reader = HepMC3Reader::Open(path, options);
  if (!reader.ok()) return reader.status();
  std::vector<Event> events;
  Event event;
  int64_t count = 0;
  while (true) {
    absl::StatusOr<bool> more = (*reader)->Next(&event);
    if (!more.ok()) return more.status();
    if (!*more) break;
    ++count;
    if (keep) events.push_back(event);
  }
  if (!keep) events.resize(count);
  return events;
}

absl::StatusOr<int64_t> CountWith(const std::string& path, bool reference, int threads) {
  absl::StatusOr<std::vector<Event>> events = ReadWith(path, reference, threads, false);
  if (!events.ok()) return events.status();
  return static_cast<int64_t>(events->size());
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

}  // namespace
}  // namespace latentspace

int main(int argc, char** argv) {
  using namespace latentspace;  // NOLINT(google-build-using-namespace): a benchmark's main
  testing::ShoweredListingOptions listing;
  listing.events = 1000;
  int repeat = 3;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) return Fail("missing value for " + arg);
    const int value = std::atoi(argv[++i]);
    if (arg == "--events") {
      listing.events = value;
    } else if (arg == "--shower-partons") {
      listing.shower_partons = value;
    } else if (arg == "--repeat") {
      repeat = value;
    } else {
      return Fail("unknown option " + arg);
    }
  }
  if (listing.events < 1 || listing.shower_partons < 4 || repeat < 1) {
    return Fail("--events, --shower-partons and --repeat must be positive (shower partons >= 4)");
  }

  std::string dir_pattern = std::filesystem::temp_directory_path() / "hepmc_bench.XXXXXX";
  if (mkdtemp(dir_pattern.data()) == nullptr) return Fail("cannot make a scratch directory");
  const std::filesystem::path dir = dir_pattern;
  const std::string plain = (dir / "showered.hepmc").string();
  const std::string packed = (dir / "showered.hepmc.gz").string();
  const std::string text = testing::ShoweredHepMC3Listing(listing);
  std::ofstream(plain, std::ios::binary) << text;
  gzFile gz = gzopen(packed.c_str(), "wb6");
  if (gz == nullptr ||
      gzwrite(gz, text.data(), static_cast<unsigned>(text.size())) !=
          static_cast<int>(text.size()) ||
      gzclose(gz) != Z_OK) {
    return Fail("cannot write " + packed);
  }
  const double gzip_mb = static_cast<double>(std::filesystem::file_size(packed)) / 1e6;
  // Particles an event, and those in the final state (status 1, the line's last field).
  int64_t particles = 0;
  int64_t final_state = 0;
  for (size_t at = text.find("\nP "); at != std::string::npos; at = text.find("\nP ", at + 1)) {
    ++particles;
    const size_t end = text.find('\n', at + 1);
    if (text.compare(end - 2, 2, " 1") == 0) ++final_state;
  }

  const int hardware = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  std::vector<Way> ways = {
      {"ReaderAscii alone (parse only)", [&] { return ReaderAsciiAlone(plain); }, false, {}},
      {"fast path's parser alone (check + parse only, text in memory, 1 thread)",
       [&] { return FastParserAlone(text); },
       false,
       {}},
      {"HepMC3Reader on ReaderAscii (reference, 1 thread)",
       [&] { return CountWith(plain, true, 1); },
       false,
       {}},
  };
  for (const auto& [path, label] : {std::pair{plain, "plain"}, std::pair{packed, "gzip"}}) {
    const std::vector<int> thread_counts =
        hardware == 1 ? std::vector<int>{1} : std::vector<int>{1, hardware};
    for (const int threads : thread_counts) {
      ways.push_back(Way{absl::StrFormat("HepMC3Reader fast path, %s, %d thread%s", label, threads,
                                         threads == 1 ? "" : "s"),
                         [path = path, threads] { return CountWith(path, false, threads); },
                         threads == hardware,
                         {}});
    }
  }

  // The fast path's events are the reference's.
  {
    absl::StatusOr<std::vector<Event>> reference = ReadWith(plain, true, 1, true);
    absl::StatusOr<std::vector<Event>> fast = ReadWith(packed, false, hardware, true);
    if (!reference.ok()) return Fail(reference.status().ToString());
    if (!fast.ok()) return Fail(fast.status().ToString());
    if (*reference != *fast) return Fail("the fast path's events differ from the reference's");
    std::fprintf(stderr, "checked: the fast path's %zu events are the reference's\n", fast->size());
  }

  for (int r = 0; r < repeat; ++r) {
    for (Way& way : ways) {
      const Clock::time_point start = Clock::now();
      absl::StatusOr<int64_t> events = way.run();
      const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
      if (!events.ok()) return Fail(way.name + ": " + events.status().ToString());
      if (*events != listing.events) {
        return Fail(absl::StrCat(way.name, " read ", *events, " events of ", listing.events));
      }
      way.seconds.push_back(seconds);
      std::fprintf(stderr, "%s, repetition %d: %.3f s\n", way.name.c_str(), r + 1, seconds);
    }
  }
  std::filesystem::remove_all(dir);

  std::printf(
      "HepMC3 ASCII reading: %d showered events, %.0f particles (%.0f final-state) and %.3f MB "
      "an event (%.1f MB plain, %.1f MB gzip), %d repetitions, %d hardware threads\n\n",
      listing.events, static_cast<double>(particles) / listing.events,
      static_cast<double>(final_state) / listing.events,
      static_cast<double>(text.size()) / listing.events / 1e6, text.size() / 1e6, gzip_mb, repeat,
      hardware);
  std::printf("| reader | seconds, median [min, max] | events/s | x anchor | goal |\n");
  std::printf("|---|---|---|---|---|\n");
  const double anchor = Median(ways[0].seconds);
  for (size_t i = 0; i < ways.size(); ++i) {
    const Way& way = ways[i];
    const double median = Median(way.seconds);
    const auto [low, high] = std::minmax_element(way.seconds.begin(), way.seconds.end());
    std::string goal;
    if (i == 0) {
      goal = "anchor";
    } else if (way.goal) {
      goal = absl::StrFormat(">= %.0fx: %s", kGoal, anchor / median >= kGoal ? "met" : "NOT met");
    }
    std::printf("| %s | %.3f [%.3f, %.3f] | %.0f | %.2f | %s |\n", way.name.c_str(), median, *low,
                *high, listing.events / median, anchor / median, goal.c_str());
  }
  return 0;
}
