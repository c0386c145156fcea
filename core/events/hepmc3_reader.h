// Streaming reader of HepMC generator output (HepMC3 ASCII, or HepMC2 IO_GenEvent ASCII; plain or
// gzip-compressed) that turns each generator-level event into analysis objects: isolated leptons
// and photons, anti-kt jets of the remaining visible final-state particles (FastJet, b-tagged by
// nearby b hadrons and b quarks) and the truth missing transverse energy of the invisible
// particles.
#ifndef LATENTSPACE_CORE_EVENTS_HEPMC3_READER_H_
#define LATENTSPACE_CORE_EVENTS_HEPMC3_READER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/events/event.h"
#include "core/events/event_reader.h"

namespace HepMC3 {
class GenEvent;
class Reader;
}  // namespace HepMC3

namespace latentspace {

// How generator-level particles become analysis objects. Momenta are in GeV, angles in radians;
// dR = sqrt(deta^2 + dphi^2) with the pseudorapidity eta. "Visible final state" means status 1 and
// not invisible; invisible are neutrinos (|pdg| 12, 14, 16), the lightest neutralino (1000022),
// the gravitino (1000039), the PDG dark-matter codes 51, 52, 53 (scalar, fermion and vector dark
// matter, as in the DMsimp models) and extra_invisible_pdg_ids, all matched by |pdg|.
struct HepMC3ReaderOptions {
  // Anti-kt distance parameter, and the cuts a clustered jet must pass (pt > jet_min_pt,
  // |eta| <= jet_max_abs_eta; the eta cut stands for the calorimeter acceptance).
  double jet_radius = 0.4;
  double jet_min_pt = 20;
  double jet_max_abs_eta = 5.0;
  // Electrons (|pdg| 11), muons (13) and photons (22) in the visible final state become objects
  // when pt > lepton_min_pt (photon_min_pt for photons), |eta| <= lepton_max_abs_eta (photons
  // too) and they are isolated: the scalar sum of the pt of all other visible final-state particles
  // within dR < isolation_cone is at most isolation_max_ratio times their pt. They are then left
  // out of jet clustering; candidates that fail a cut are clustered like any other particle.
  double lepton_min_pt = 10;
  double photon_min_pt = 10;
  double lepton_max_abs_eta = 2.5;
  double isolation_cone = 0.3;
  double isolation_max_ratio = 0.15;
  // A jet is b-tagged when a b hadron or b quark (any status) with pt > btag_min_pt lies within
  // dR < btag_cone of the jet axis (plain dR matching, no ghost association).
  double btag_cone = 0.4;
  double btag_min_pt = 5;
  // More particle ids to treat as invisible (either sign).
  std::vector<int> extra_invisible_pdg_ids;
  // The process id of events that carry no "signal_process_id" attribute (or carry 0, which the
  // HepMC2 format writes when the generator gives none). HepMC3Reader::Open replaces an empty
  // value by the file's base name without its extensions (".gz" and one more: "ttbar.hepmc.gz"
  // gives "ttbar").
  std::string process_id;
};

// Converts one generator-level event into *event (reusing its storage), as described above:
// - event_id is the HepMC event number, weight the first event weight (1 when there is none),
//   process_id the event's (or else the run's) "signal_process_id" attribute when set and not 0,
//   otherwise options.process_id;
// - met is the truth missing transverse energy: the magnitude of the vector sum of the transverse
//   momenta of the invisible final-state particles, met_phi its azimuth (0 when there are none);
// - objects (jets, b jets, e-, e+, mu-, mu+, photons) are sorted by decreasing pt.
// Momenta are converted to GeV from the event's momentum unit. INVALID_ARGUMENT when a particle's
// momentum is not finite, when the options are invalid, or when the result fails ValidateEvent.
// Never throws.
absl::Status ConvertGenEvent(const HepMC3::GenEvent& gen_event, const HepMC3ReaderOptions& options,
                             Event* event);

// Checks that the options are usable: all finite, jet_radius > 0, everything else >= 0.
absl::Status ValidateHepMC3ReaderOptions(const HepMC3ReaderOptions& options);

// Silences HepMC3's and FastJet's own printing once per process (every generator-level reader
// does). The FastJet banner is not suppressed (its licence asks third-party code not to) but sent
// to stderr, so that stdout stays clean.
void QuietGeneratorLibraries();

// The process id of events from `path` that name none: the file's base name without ".gz" and one
// more extension ("ttbar.hepmc.gz" gives "ttbar").
std::string ProcessIdFromPath(const std::string& path);

// Reads a HepMC file event by event. The format is detected from the content: the first non-blank
// lines must be "HepMC::Version ..." (optional) and "HepMC::Asciiv3-START_EVENT_LISTING" (HepMC3)
// or "HepMC::IO_GenEvent-START_EVENT_LISTING" (HepMC2); gzip files are recognised by their content.
// The file must end with the END_EVENT_LISTING footer, otherwise it is taken as truncated.
//
// Opening a reader (or converting an event) silences HepMC3's warnings, errors and debug output
// and FastJet's warnings and errors process-wide; problems are reported as absl errors instead.
// The FastJet banner, which its licence asks not to suppress, goes to stderr instead of stdout.
// HepMC3 3.1 still writes a line or two to stdout for some malformed files (particle and vertex
// counts that do not match, an unknown HepMC header line).
class HepMC3Reader : public EventReader {
 public:
  // NOT_FOUND "PATH: no such file" for a missing file, INVALID_ARGUMENT for a directory, a file
  // that is not a HepMC ASCII listing ("PATH:1: not a HepMC file (first line '...')") or invalid
  // options, FAILED_PRECONDITION when the file cannot be read. An empty file opens; Next reports
  // it.
  static absl::StatusOr<std::unique_ptr<HepMC3Reader>> Open(const std::string& path,
                                                            const HepMC3ReaderOptions& options);

  ~HepMC3Reader() override;
  HepMC3Reader(const HepMC3Reader&) = delete;
  HepMC3Reader& operator=(const HepMC3Reader&) = delete;

  // Errors name the file and the 1-based ordinal of the event in it: "PATH: event #N: malformed
  // HepMC record" (INVALID_ARGUMENT), a failed conversion or validation ("PATH: event #N (number
  // K): ..."), a file without events ("PATH: holds no events (empty file)"), a missing footer, or
  // a decompression failure (DATA_LOSS). After an error every call returns the same error.
  absl::StatusOr<bool> Next(Event* event) override;

  // Bytes of the file (compressed bytes for gzip files) consumed so far, read ahead included.
  int64_t bytes_consumed() const override;
  int64_t file_bytes() const override { return file_bytes_; }

  const std::string& path() const { return path_; }

 private:
  class Input;  // the decompressing stream the HepMC3 reader parses

  HepMC3Reader(std::string path, HepMC3ReaderOptions options, int64_t file_bytes);
  absl::Status Fail(absl::Status status);

  std::string path_;
  HepMC3ReaderOptions options_;
  int64_t file_bytes_;
  std::unique_ptr<Input> input_;                 // null for a file without any content
  std::unique_ptr<HepMC3::Reader> reader_;       // parses input_
  std::unique_ptr<HepMC3::GenEvent> gen_event_;  // reused between events
  int64_t events_read_ = 0;
  bool done_ = false;
  absl::Status status_;  // the first error, returned again by every later call
};

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_EVENTS_HEPMC3_READER_H_
