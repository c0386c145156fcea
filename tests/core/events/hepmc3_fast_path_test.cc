// Tests of HepMC3Reader's fast path against HepMC3's ReaderAscii, the reference: showered listings
// written by WriterAscii, and the same listings bent out of the regular format in every way the
// fast path hands over (spacing, numbers, line kinds, units, run lines, foreign headers, cuts,
// refused lines), must give the same events and the same error, event by event, with one thread
// and with several.
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "core/events/hepmc3_reader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/hepmc3_outcome.h"
#include "tests/testing/paths.h"
#include "tests/testing/showered_hepmc.h"

namespace latentspace {
namespace {

using testing::HepMC3Outcome;
using testing::ReadHepMC3Outcome;
using testing::ShoweredHepMC3Listing;
using testing::ShoweredListingOptions;

// Reads `path` as ReadHepMC3Outcome does; an error must repeat.
HepMC3Outcome ReadOutcome(const std::string& path, bool reference, int threads) {
  HepMC3Outcome outcome = ReadHepMC3Outcome(path, reference, threads);
  if (!outcome.status.ok()) {
    EXPECT_EQ(outcome.repeated, outcome.status);  // the error is sticky
  }
  return outcome;
}

class HepMC3FastPathTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::ScratchDir(); }

  std::string WriteFile(const std::string& name, const std::string& content) {
    return testing::WriteFile((dir_ / name).string(), content);
  }

  // Reads `text` with the reference and on the fast path (1 and 3 threads) and expects the same;
  // returns the reference's outcome and the fast path's (3 threads).
  std::pair<HepMC3Outcome, HepMC3Outcome> ExpectSameAsReference(const std::string& name,
                                                                const std::string& text) {
    const std::string path = WriteFile(name, text);
    const HepMC3Outcome reference = ReadOutcome(path, true, 1);
    HepMC3Outcome fast;
    for (const int threads : {1, 3}) {
      fast = ReadOutcome(path, false, threads);
      EXPECT_EQ(fast.status, reference.status) << name << ", " << threads << " threads";
      EXPECT_EQ(fast.events.size(), reference.events.size()) << name << ", " << threads;
      for (size_t i = 0; i < std::min(fast.events.size(), reference.events.size()); ++i) {
        EXPECT_TRUE(fast.events[i] == reference.events[i])
            << name << ", " << threads << " threads: event " << i + 1 << " differs";
      }
    }
    EXPECT_EQ(reference.fast_path_events, 0);
    return {reference, fast};
  }

  std::filesystem::path dir_;
};

// The offset of the start of the n-th (1-based) line that begins with `prefix` after `from`.
size_t NthLine(const std::string& text, const std::string& prefix, int n, size_t from = 0) {
  size_t at = from;
  for (int i = 0; i < n; ++i) {
    at = text.find("\n" + prefix, at);
    if (at == std::string::npos) return at;
    ++at;
  }
  return at;
}

// The offset of the start of event `n` (1-based).
size_t EventStart(const std::string& text, int n) { return NthLine(text, "E ", n); }

// `t` with the px field (after "P id mother pdg") of particle line `particle` of event `event`
// replaced by `px`.
std::string WithPx(std::string t, int event, int particle, const std::string& px) {
  size_t field = NthLine(t, "P ", particle, EventStart(t, event));
  for (int i = 0; i < 4; ++i) field = t.find(' ', field + 1);
  return t.replace(field + 1, t.find(' ', field + 1) - field - 1, px);
}

std::string Small(bool mev = false) {
  ShoweredListingOptions options;
  options.events = 12;
  options.shower_partons = 25;
  options.mev = mev;
  return ShoweredHepMC3Listing(options);
}

TEST_F(HepMC3FastPathTest, ShoweredEventsReadAsTheReferenceReadsThem) {
  ShoweredListingOptions options;
  options.events = 40;
  for (const bool mev : {false, true}) {
    options.mev = mev;
    const std::string text = ShoweredHepMC3Listing(options);
    ASSERT_THAT(text, ::testing::HasSubstr(mev ? "U MEV MM" : "U GEV MM"));
    const auto [reference, fast] = ExpectSameAsReference("showered.hepmc", text);
    ASSERT_TRUE(reference.status.ok()) << reference.status;
    EXPECT_EQ(reference.events.size(), 40u);
    EXPECT_EQ(fast.fast_path_events, 40);  // all of them regular
    // Showered events make objects: jets, a b jet now and then, muons, MET of the neutralinos.
    size_t objects = 0;
    bool b_jet = false;
    for (const Event& event : reference.events) {
      objects += event.objects.size();
      EXPECT_GT(event.met, 0);
      for (const PhysicsObject& object : event.objects) b_jet |= object.type == ObjectType::kBJet;
    }
    EXPECT_GT(objects, 40u * 4);
    EXPECT_TRUE(b_jet);
  }
}

TEST_F(HepMC3FastPathTest, IrregularRecordsAreHandedToTheReference) {
  const std::string text = Small();
  struct Variant {
    std::string name;
    std::function<std::string(std::string)> change;
    int64_t fast_events;  // events read before the hand-over
  };
  const std::vector<Variant> variants = {
      {"two spaces in a particle line of event 4",
       [](std::string t) {
         return t.insert(t.find(' ', NthLine(t, "P ", 3, EventStart(t, 4))), " ");
       },
       3},
      {"a hexadecimal momentum in event 5",
       [](const std::string& t) { return WithPx(t, 5, 5, "0x1p3"); }, 4},
      {"an unknown line kind in event 3",
       [](std::string t) { return t.insert(NthLine(t, "P ", 2, EventStart(t, 3)), "X unknown\n"); },
       2},
      {"a tool line in event 2",
       [](std::string t) {
         return t.insert(NthLine(t, "P ", 2, EventStart(t, 2)), "T tool 1 a\n");
       },
       12},
      {"CRLF line ends",
       [](const std::string& t) {
         return absl::StrReplaceAll(t, {{"\n", "\r\n"}});
       },
       0},
      {"a run attribute names the process",
       [](std::string t) { return t.insert(EventStart(t, 1), "A signal_process_id 77\n"); }, 12},
      {"an escaped event attribute",
       [](std::string t) {
         return t.insert(NthLine(t, "P ", 1, EventStart(t, 2)),
                         "A 0 signal_process_id gluino\\_1600\n");
       },
       12},
      {"an event line with a position",
       [](std::string t) {
         const size_t line = EventStart(t, 3);
         return t.insert(t.find('\n', line), " @ 0.5 -1.5 2e-3 0");
       },
       12},
      {"concatenated listings, the second with three weights",
       [](const std::string& t) {
         return t + absl::StrReplaceAll(t, {{"\nW ", "\nW 2.5 "}});
       },
       24},
      {"a units line before an event line",
       [](std::string t) { return t.insert(EventStart(t, 1), "U MEV MM\n"); }, 0},
      // From here on errors, which must be the reference's.
      // ReaderAscii then reads events 5 and 6 as one, whose counts do not match.
      {"blank lines before an event line",
       [](std::string t) { return t.insert(EventStart(t, 6), "\n\n"); }, 4},
      {"a vertex listing a particle not read yet (a vertex too many)",
       [](std::string t) {
         const size_t line = NthLine(t, "P ", 3, EventStart(t, 7));
         return t.insert(line, "V -1 0 [40]\n");
       },
       6},
      {"a NaN momentum in event 8", [](const std::string& t) { return WithPx(t, 8, 4, "nan"); }, 7},
      {"a weight count that does not match the names",
       [](std::string t) {
         const size_t line = NthLine(t, "W ", 1, EventStart(t, 5));
         return t.insert(t.find('\n', line), " 3.0");
       },
       4},
      {"a foreign header inside event 6",
       [](std::string t) {
         return t.insert(NthLine(t, "P ", 4, EventStart(t, 6)),
                         "HepMC::IO_GenEvent-START_EVENT_LISTING\n");
       },
       5},
      {"a foreign header after the footer",
       [](const std::string& t) { return t + "HepMC::IO_GenEvent-START_EVENT_LISTING\nE 1\n"; },
       12},
      // Found by the fuzzer: ReaderAscii stops at a foreign header, also the very last line.
      {"a garbled footer",
       [](std::string t) { return t.replace(t.rfind("HepMC::Asciiv3"), 14, "HepMC::Asc`iv3"); },
       11},
      {"no footer", [](const std::string& t) { return t.substr(0, t.rfind("HepMC::")); }, 11},
      {"cut inside event 7",
       [](const std::string& t) { return t.substr(0, NthLine(t, "P ", 9, EventStart(t, 7)) + 7); },
       6},
      {"a particle id beyond the event's count (refused)",
       [](std::string t) {
         const size_t line = NthLine(t, "P ", 2, EventStart(t, 9));
         return t.replace(line, t.find(' ', line + 2) - line, "P 999999");
       },
       8},
      {"an event line with a negative particle count (refused)",
       [](std::string t) {
         const size_t line = EventStart(t, 10);
         return t.replace(line, t.find('\n', line) - line, "E 10 3 -1");
       },
       8},
      {"a missing particle line (counts do not match)",
       [](std::string t) {
         const size_t line = NthLine(t, "P ", 6, EventStart(t, 4));
         return t.erase(line, t.find('\n', line) + 1 - line);
       },
       3},
  };
  const size_t kFirstError = 10;
  for (size_t i = 0; i < variants.size(); ++i) {
    const Variant& variant = variants[i];
    SCOPED_TRACE(variant.name);
    const std::string changed = variant.change(text);
    ASSERT_NE(changed, text);
    const auto [reference, fast] = ExpectSameAsReference("variant.hepmc", changed);
    EXPECT_EQ(reference.status.ok(), i < kFirstError) << reference.status;
    EXPECT_EQ(fast.fast_path_events, variant.fast_events);
  }
}

// ReaderAscii keeps the unit of the last units line for an event that has none, and so does the
// fast path, also across a hand-over.
TEST_F(HepMC3FastPathTest, AnEventWithoutUnitsInheritsThePreviousUnit) {
  std::string text = Small(/*mev=*/true);
  for (const int event : {4, 7}) {
    const size_t units = NthLine(text, "U ", 1, EventStart(text, event));
    text.erase(units, text.find('\n', units) + 1 - units);
  }
  // And a hand-over just before event 7.
  const size_t line = NthLine(text, "P ", 1, EventStart(text, 7));
  text.insert(line, "X unknown\n");
  const auto [reference, fast] = ExpectSameAsReference("units.hepmc", text);
  ASSERT_TRUE(reference.status.ok()) << reference.status;
  EXPECT_EQ(fast.fast_path_events, 6);
  // In MeV, read as GeV, a 100 GeV neutralino pair would give a MET of tens of TeV.
  for (const Event& event : reference.events) EXPECT_LT(event.met, 1000) << event.event_id;
}

TEST_F(HepMC3FastPathTest, GzipListingReadsTheSame) {
  // The reader takes gzip files by content; the same text gives the same events.
  const std::string text = Small();
  const std::string plain = WriteFile("listing.hepmc", text);
  const std::string gz = (dir_ / "listing.hepmc.gz").string();
  gzFile file = gzopen(gz.c_str(), "wb");
  ASSERT_NE(file, nullptr);
  ASSERT_EQ(gzwrite(file, text.data(), static_cast<unsigned>(text.size())),
            static_cast<int>(text.size()));
  ASSERT_EQ(gzclose(file), Z_OK);
  const HepMC3Outcome a = ReadOutcome(plain, false, 2);
  const HepMC3Outcome b = ReadOutcome(gz, false, 2);
  ASSERT_TRUE(a.status.ok() && b.status.ok());
  EXPECT_TRUE(a.events == b.events);
  EXPECT_EQ(b.fast_path_events, 12);
}

TEST_F(HepMC3FastPathTest, NegativeThreadCountIsRefused) {
  HepMC3ReaderOptions options;
  options.threads = -1;
  const absl::StatusOr<std::unique_ptr<HepMC3Reader>> reader =
      HepMC3Reader::Open(WriteFile("a.hepmc", Small()), options);
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(reader.status().message()), ::testing::HasSubstr("threads = -1"));
}

}  // namespace
}  // namespace latentspace
