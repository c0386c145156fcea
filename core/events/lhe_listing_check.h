// Line-by-line checks of a Les Houches Event file (LHEF, hep-ph/0609017) before HepMC3's LHEF
// parser (HepMC3 3.1, Debian 12) reads it. That parser allocates what the file's counts say before
// reading what they count (NPRUP processes, NUP particles per event), reads the particle table as a
// stream of numbers whatever the line breaks, opens other files named by <eventfile> tags, takes a
// file cut short as one that ended, and indexes past the end of its weight tables for a weight tag
// without a value. These checks read the <init> and <event> blocks as the standard lays them out
// (one line per process and per particle, with their numbers) and refuse anything else naming the
// line; and the parser is given only those lines, with the tags around them written anew: none of
// the file's header, comments, attributes or optional tags (weights, scales, PDF information),
// which nothing here uses (an event's weight is XWGTUP).
#ifndef LATENTSPACE_CORE_EVENTS_LHE_LISTING_CHECK_H_
#define LATENTSPACE_CORE_EVENTS_LHE_LISTING_CHECK_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace latentspace {

class LheListingCheck {
 public:
  // The most processes an <init> block and particles an event may declare: far beyond real files
  // (a few processes, tens of particles). An event has at least 2 (the incoming partons).
  static constexpr int kMaxProcesses = 10000;
  static constexpr int kMaxParticles = 10000;

  // The problem with the next line (without its newline), or "" when it may follow; then
  // *parsed is what the parser is to read for it ("" for nothing, else one line with its newline).
  std::string Check(absl::string_view line, std::string* parsed);
  // The problem with the file ending here, or "" after the closing </LesHouchesEvents>.
  std::string CheckEnd() const;

  // Events whose </event> was accepted.
  int64_t events() const { return events_; }

 private:
  enum class State {
    kStart,      // before <LesHouchesEvents
    kHeader,     // before <init>
    kInitFirst,  // the beams line of <init>
    kInitProcesses,
    kInitRest,    // after the process lines, until </init>
    kBetween,     // between events
    kEventFirst,  // the first line of an <event>
    kParticles,
    kEventRest,  // after the particle lines, until </event>
    kEnd,        // after </LesHouchesEvents>
  };

  std::string CheckLine(absl::string_view line);  // Check without *parsed
  std::string CheckInitFirst(absl::string_view line);
  std::string CheckEventFirst(absl::string_view line);
  std::string CheckParticle(absl::string_view line) const;

  State state_ = State::kStart;
  int64_t remaining_ = 0;  // process or particle lines still to come
  int64_t particles_ = 0;  // of the current event
  int64_t events_ = 0;
};

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_EVENTS_LHE_LISTING_CHECK_H_
