// Line-by-line checks of a HepMC ASCII listing before HepMC3 parses it. HepMC3's readers (3.1 in
// Debian 12) trust parts of the record they should not: a HepMC2 particle line before the event's
// first vertex line crashes them; count fields (HepMC2 vertices, random states, weights, weight
// names; HepMC3 vertices and particles in later versions) are allocated before anything they count
// is read, so a 60-byte file can make them allocate gigabytes; an attribute name longer than 63
// characters overflows a buffer on the stack; a lone backslash at the end of an attribute makes
// them read past its end; a HepMC2 vertex with weights but without incoming or outgoing particles
// crashes them (vertex weights are refused: nothing here uses them, generators leave them empty).
// These checks read the fields as HepMC3 does and refuse such lines, and ids outside the event's
// declared counts, so that a malformed file is an error naming the line.
#ifndef LATENTSPACE_CORE_EVENTS_HEPMC_LISTING_CHECK_H_
#define LATENTSPACE_CORE_EVENTS_HEPMC_LISTING_CHECK_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace latentspace {

enum class HepMCListing { kHepMC3, kHepMC2 };

class HepMCListingCheck {
 public:
  // HepMC3 fails on its own on longer lines (it reads HepMC3 lines into 256 KiB and HepMC2 lines
  // into 512 bytes), so every line it parses is checked whole.
  static constexpr size_t kCheckedBytes = size_t{1} << 18;
  // The most vertices or particles one event may declare: far beyond a collider event (hundreds
  // to thousands of particles), small enough that HepMC3's tables for them stay near 100 MB.
  static constexpr int kMaxEntriesPerEvent = 1000000;

  explicit HepMCListingCheck(HepMCListing listing) : listing_(listing) {}

  // The problem with the next line of the listing (without its newline; its first kCheckedBytes
  // bytes suffice), or "" when HepMC3 may parse it.
  std::string Check(absl::string_view line);

  // Event lines accepted so far.
  int64_t events() const { return events_; }
  // Whether a header line of another listing came (HepMC3 stops reading there).
  bool foreign() const { return foreign_; }

 private:
  std::string CheckHepMC3(char kind, absl::string_view line);
  std::string CheckHepMC2(char kind, absl::string_view line);

  HepMCListing listing_;
  int64_t events_ = 0;
  // Of the current event: its declared counts and, for HepMC2, whether a vertex line came.
  int64_t vertices_ = 0;
  int64_t particles_ = 0;
  bool vertex_seen_ = false;
  // Whether an event line came since the last header line (HepMC3 3.1 reads 'A' lines as the
  // event's attributes then, and as run attributes before).
  bool in_event_ = false;
  // After a header line of another listing, where HepMC3 stops reading.
  bool foreign_ = false;
};

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_EVENTS_HEPMC_LISTING_CHECK_H_
