// Streaming reader of Les Houches Event files (LHEF; plain or gzip-compressed) through HepMC3's
// ReaderLHEF: each event's outgoing particles are parton level (quarks, gluons, leptons, photons,
// invisible particles; no shower, no hadrons, no detector) and become analysis objects exactly as
// a HepMC event's final state does (ConvertGenEvent): partons clustered into anti-kt jets, b
// quarks tagging them, isolated leptons and photons, the truth MET of the invisible particles.
#ifndef LATENTSPACE_CORE_EVENTS_LHE_READER_H_
#define LATENTSPACE_CORE_EVENTS_LHE_READER_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/events/event.h"
#include "core/events/event_reader.h"
#include "core/events/hepmc3_reader.h"

namespace HepMC3 {
class GenEvent;
class ReaderLHEF;
}  // namespace HepMC3

namespace latentspace {

class LheReader : public EventReader {
 public:
  // NOT_FOUND for a missing file, FAILED_PRECONDITION when it cannot be read, INVALID_ARGUMENT for
  // invalid options or a file whose header or <init> block is malformed ("PATH:LINE: ...", see
  // core/events/lhe_listing_check.h). An empty file opens; Next reports it.
  static absl::StatusOr<std::unique_ptr<LheReader>> Open(const std::string& path,
                                                         const HepMC3ReaderOptions& options);

  ~LheReader() override;
  LheReader(const LheReader&) = delete;
  LheReader& operator=(const LheReader&) = delete;

  // Errors name the file and the line ("PATH:LINE: particle 3 of event #2: ...") or the event
  // ("PATH: event #N: ..." for a failed conversion), a file without events, one that ends before
  // </LesHouchesEvents> (truncated), or a decompression failure. After an error every call returns
  // the same error.
  absl::StatusOr<bool> Next(Event* event) override;

  int64_t bytes_consumed() const override;
  int64_t file_bytes() const override;

 private:
  class Input;  // the checked lines the LHEF parser reads

  LheReader(std::string path, HepMC3ReaderOptions options);
  absl::Status Fail(absl::Status status);

  std::string path_;
  HepMC3ReaderOptions options_;
  std::unique_ptr<Input> input_;
  std::unique_ptr<HepMC3::ReaderLHEF> reader_;  // parses input_
  std::unique_ptr<HepMC3::GenEvent> gen_event_;
  int64_t events_read_ = 0;
  bool done_ = false;
  absl::Status status_;
};

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_EVENTS_LHE_READER_H_
