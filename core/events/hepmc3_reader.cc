// Streaming reader of HepMC ASCII files that turns generator-level events into analysis objects.
#include "core/events/hepmc3_reader.h"

#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <exception>
#include <iostream>
#include <istream>
#include <limits>
#include <mutex>
#include <streambuf>
#include <utility>

#include "HepMC3/GenEvent.h"
#include "HepMC3/GenParticle.h"
#include "HepMC3/GenRunInfo.h"
#include "HepMC3/ReaderAscii.h"
#include "HepMC3/ReaderAsciiHepMC2.h"
#include "HepMC3/Setup.h"
#include "HepMC3/Units.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "core/events/compressed_file.h"
#include "core/events/event_checks.h"
#include "core/events/hepmc_listing_check.h"
#include "core/status_macros.h"
#include "fastjet/ClusterSequence.hh"
#include "fastjet/Error.hh"
#include "fastjet/JetDefinition.hh"
#include "fastjet/LimitedWarning.hh"
#include "fastjet/PseudoJet.hh"

namespace latentspace {
namespace {

// The format is recognised from the first lines; a file whose first bytes hold no such line within
// this many bytes is not a HepMC file.
constexpr int64_t kMaxHeaderScanBytes = int64_t{1} << 20;
// The longest part of a line quoted in a message.
constexpr size_t kQuoteLimit = 60;
constexpr double kMevPerGev = 1000.0;

constexpr absl::string_view kHepMC3Listing = "HepMC::Asciiv3-START_EVENT_LISTING";
constexpr absl::string_view kHepMC2Listing = "HepMC::IO_GenEvent-START_EVENT_LISTING";
constexpr absl::string_view kFooterSuffix = "END_EVENT_LISTING";

// The offending text in quotes, escaped and shortened so that a binary file cannot flood a message.
std::string Quote(absl::string_view text) {
  const bool shortened = text.size() > kQuoteLimit;
  return absl::StrCat("'", absl::CHexEscape(text.substr(0, kQuoteLimit)), shortened ? "...'" : "'");
}

// A particle's four-momentum in GeV with the derived quantities used for matching.
struct Particle {
  double px, py, pz, e;
  double pt, eta, phi;
  int pdg;
};

// Pseudorapidity; +-infinity along the beam axis.
double Eta(double px, double py, double pz) {
  const double pt = std::hypot(px, py);
  if (pt == 0) {
    if (pz == 0) return 0;
    return pz > 0 ? std::numeric_limits<double>::infinity()
                  : -std::numeric_limits<double>::infinity();
  }
  return std::asinh(pz / pt);
}

Particle MakeParticle(double px, double py, double pz, double e, int pdg) {
  return Particle{px, py, pz, e, std::hypot(px, py), Eta(px, py, pz), std::atan2(py, px), pdg};
}

// dR^2 = deta^2 + dphi^2; NaN (so never "within") when both etas are the same infinity.
double DeltaR2(const Particle& a, const Particle& b) {
  const double deta = a.eta - b.eta;
  const double dphi = std::remainder(a.phi - b.phi, 2 * M_PI);
  return deta * deta + dphi * dphi;
}

PhysicsObject MakeObject(ObjectType type, const Particle& p) {
  PhysicsObject object;
  object.type = type;
  object.e = p.e;
  object.pt = p.pt;
  object.eta = p.eta;
  object.phi = p.phi;
  return object;
}

long long AbsPdg(int pdg) { return std::llabs(static_cast<long long>(pdg)); }

bool IsInvisible(int pdg, const HepMC3ReaderOptions& options) {
  const long long id = AbsPdg(pdg);
  switch (id) {
    case 12:       // nu_e
    case 14:       // nu_mu
    case 16:       // nu_tau
    case 51:       // scalar dark matter
    case 52:       // fermion dark matter
    case 53:       // vector dark matter
    case 1000022:  // lightest neutralino
    case 1000039:  // gravitino
      return true;
    default:
      break;
  }
  for (const int extra : options.extra_invisible_pdg_ids) {
    if (AbsPdg(extra) == id) return true;
  }
  return false;
}

// b quarks and hadrons with a b valence quark (mesons 0 nq2 nq3 J, baryons nq1 nq2 nq3 J; the
// radial and orbital excitations up to |pdg| < 10^6 included, diquarks and SUSY codes excluded).
bool IsBQuarkOrHadron(int pdg) {
  const long long id = AbsPdg(pdg);
  if (id == 5) return true;
  if (id < 100 || id >= 1000000) return false;
  const long long nq3 = (id / 10) % 10;
  const long long nq2 = (id / 100) % 10;
  const long long nq1 = (id / 1000) % 10;
  if (nq3 == 0) return false;  // diquarks and special codes
  return nq1 == 5 || nq2 == 5;
}

// Empty, or the HepMC2 placeholder 0.
bool IsUnsetProcessId(absl::string_view id) {
  id = absl::StripAsciiWhitespace(id);
  return id.empty() || id == "0";
}

std::string ProcessId(const HepMC3::GenEvent& gen_event, const HepMC3ReaderOptions& options) {
  static const std::string kAttribute = "signal_process_id";
  std::string id = gen_event.attribute_as_string(kAttribute);
  if (IsUnsetProcessId(id) && gen_event.run_info() != nullptr) {
    id = gen_event.run_info()->attribute_as_string(kAttribute);
  }
  if (IsUnsetProcessId(id)) return options.process_id;
  return std::string(absl::StripAsciiWhitespace(id));
}

absl::Status ConvertUnchecked(const HepMC3::GenEvent& gen_event, const HepMC3ReaderOptions& options,
                              Event* event) {
  const double scale = gen_event.momentum_unit() == HepMC3::Units::MEV ? 1 / kMevPerGev : 1.0;
  event->event_id = std::to_string(gen_event.event_number());
  event->process_id = ProcessId(gen_event, options);
  event->weight = gen_event.weights().empty() ? 1.0 : gen_event.weights()[0];
  event->objects.clear();

  // Sort the particles into visible final state, invisible (summed into MET) and b-tag seeds.
  std::vector<Particle> visible;
  std::vector<Particle> b_seeds;
  double invisible_px = 0;
  double invisible_py = 0;
  int id = 0;  // HepMC particle ids count from 1 in record order
  for (const HepMC3::ConstGenParticlePtr& gen_particle : gen_event.particles()) {
    ++id;
    const HepMC3::FourVector& p = gen_particle->momentum();
    if (!std::isfinite(p.px()) || !std::isfinite(p.py()) || !std::isfinite(p.pz()) ||
        !std::isfinite(p.e())) {
      return absl::InvalidArgumentError(absl::StrCat("particle ", id, " (pdg ", gen_particle->pid(),
                                                     "): momentum (", p.px(), ", ", p.py(), ", ",
                                                     p.pz(), ", ", p.e(), ") is not finite"));
    }
    const Particle particle = MakeParticle(p.px() * scale, p.py() * scale, p.pz() * scale,
                                           p.e() * scale, gen_particle->pid());
    if (IsBQuarkOrHadron(particle.pdg) && particle.pt > options.btag_min_pt) {
      b_seeds.push_back(particle);
    }
    if (gen_particle->status() != 1) continue;
    if (IsInvisible(particle.pdg, options)) {
      invisible_px += particle.px;
      invisible_py += particle.py;
    } else {
      visible.push_back(particle);
    }
  }
  event->met = std::hypot(invisible_px, invisible_py);
  event->met_phi = event->met > 0 ? std::atan2(invisible_py, invisible_px) : 0.0;

  // Isolated electrons, muons and photons; the cone sum runs over all other visible particles.
  const double isolation_cone2 = options.isolation_cone * options.isolation_cone;
  std::vector<bool> taken(visible.size(), false);
  for (size_t i = 0; i < visible.size(); ++i) {
    const Particle& candidate = visible[i];
    ObjectType type;
    double min_pt;
    switch (candidate.pdg) {
      case 11:
        type = ObjectType::kElectron;
        min_pt = options.lepton_min_pt;
        break;
      case -11:
        type = ObjectType::kPositron;
        min_pt = options.lepton_min_pt;
        break;
      case 13:
        type = ObjectType::kMuon;
        min_pt = options.lepton_min_pt;
        break;
      case -13:
        type = ObjectType::kAntiMuon;
        min_pt = options.lepton_min_pt;
        break;
      case 22:
      case -22:
        type = ObjectType::kPhoton;
        min_pt = options.photon_min_pt;
        break;
      default:
        continue;
    }
    if (!(candidate.pt > min_pt) || !(std::abs(candidate.eta) <= options.lepton_max_abs_eta)) {
      continue;
    }
    double cone_pt = 0;
    for (size_t j = 0; j < visible.size(); ++j) {
      if (j != i && DeltaR2(candidate, visible[j]) < isolation_cone2) cone_pt += visible[j].pt;
    }
    if (cone_pt > options.isolation_max_ratio * candidate.pt) continue;
    taken[i] = true;
    event->objects.push_back(MakeObject(type, candidate));
  }

  // Anti-kt jets of everything else.
  std::vector<fastjet::PseudoJet> inputs;
  inputs.reserve(visible.size());
  for (size_t i = 0; i < visible.size(); ++i) {
    if (!taken[i]) inputs.emplace_back(visible[i].px, visible[i].py, visible[i].pz, visible[i].e);
  }
  if (!inputs.empty()) {
    const fastjet::JetDefinition definition(fastjet::antikt_algorithm, options.jet_radius);
    const fastjet::ClusterSequence sequence(inputs, definition);
    const double btag_cone2 = options.btag_cone * options.btag_cone;
    for (const fastjet::PseudoJet& jet : sequence.inclusive_jets(options.jet_min_pt)) {
      const Particle axis = MakeParticle(jet.px(), jet.py(), jet.pz(), jet.e(), 0);
      if (!(axis.pt > options.jet_min_pt) || !(std::abs(axis.eta) <= options.jet_max_abs_eta)) {
        continue;
      }
      const bool b_tagged = std::any_of(b_seeds.begin(), b_seeds.end(), [&](const Particle& seed) {
        return DeltaR2(axis, seed) < btag_cone2;
      });
      event->objects.push_back(MakeObject(b_tagged ? ObjectType::kBJet : ObjectType::kJet, axis));
    }
  }

  std::stable_sort(event->objects.begin(), event->objects.end(),
                   [](const PhysicsObject& a, const PhysicsObject& b) { return a.pt > b.pt; });
  return ValidateEvent(*event);
}

// Reads the next line that is not blank into *line (at most kQuoteLimit + 1 bytes kept, a trailing
// "\r" dropped) and its 1-based number into *line_number; false at the end of the file. A line
// that is still going when *budget bytes have been scanned is returned as it is.
absl::StatusOr<bool> NextNonBlankLine(gzFile file, const std::string& path, int64_t* budget,
                                      int64_t* line_number, std::string* line) {
  while (true) {
    line->clear();
    bool blank = true;
    bool any = false;
    int c;
    while ((c = gzgetc(file)) != -1) {
      any = true;
      if (--*budget < 0) return true;
      if (c == '\n') break;
      if (line->size() <= kQuoteLimit) line->push_back(static_cast<char>(c));
      if (c != ' ' && c != '\t' && c != '\r') blank = false;
    }
    if (c == -1) {
      int code = Z_OK;
      const char* message = gzerror(file, &code);
      if (code != Z_OK) {
        return absl::DataLossError(
            absl::StrCat(path, ":", *line_number + 1, ": cannot read: ", message));
      }
      if (!any) return false;
    }
    ++*line_number;
    if (!line->empty() && line->back() == '\r') line->pop_back();
    if (!blank) return true;
    if (c == -1) return false;
  }
}

enum class ListingFormat { kEmpty, kHepMC3, kHepMC2 };

// Recognises the listing from its first non-blank lines: an optional "HepMC::Version ..." line,
// then the START_EVENT_LISTING line of HepMC3 or HepMC2.
absl::StatusOr<ListingFormat> DetectFormat(gzFile file, const std::string& path) {
  int64_t budget = kMaxHeaderScanBytes;
  int64_t line_number = 0;
  std::string line;
  absl::StatusOr<bool> found = NextNonBlankLine(file, path, &budget, &line_number, &line);
  if (!found.ok()) return found.status();
  if (!*found) return ListingFormat::kEmpty;
  const bool versioned = absl::StartsWith(line, "HepMC::Version");
  if (versioned) {
    found = NextNonBlankLine(file, path, &budget, &line_number, &line);
    if (!found.ok()) return found.status();
    if (!*found) return ListingFormat::kEmpty;
  }
  if (absl::StartsWith(line, kHepMC3Listing)) return ListingFormat::kHepMC3;
  if (absl::StartsWith(line, kHepMC2Listing)) return ListingFormat::kHepMC2;
  if (!versioned) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ":", line_number, ": not a HepMC file (first line ", Quote(line), ")"));
  }
  return absl::InvalidArgumentError(
      absl::StrCat(path, ":", line_number, ": not a HepMC ASCII event listing (line ", Quote(line),
                   "; expected ", kHepMC3Listing, " or ", kHepMC2Listing, ")"));
}

absl::Status CheckOption(const char* name, double value, bool must_be_positive) {
  if (!std::isfinite(value) || value < 0 || (must_be_positive && value == 0)) {
    return absl::InvalidArgumentError(absl::StrCat("HepMC3 reader option ", name, " = ", value,
                                                   ": must be finite and ",
                                                   must_be_positive ? "> 0" : ">= 0"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateHepMC3ReaderOptions(const HepMC3ReaderOptions& options) {
  const std::pair<const char*, double> positive[] = {
      {"jet_radius", options.jet_radius},
  };
  const std::pair<const char*, double> non_negative[] = {
      {"jet_min_pt", options.jet_min_pt},
      {"jet_max_abs_eta", options.jet_max_abs_eta},
      {"lepton_min_pt", options.lepton_min_pt},
      {"photon_min_pt", options.photon_min_pt},
      {"lepton_max_abs_eta", options.lepton_max_abs_eta},
      {"isolation_cone", options.isolation_cone},
      {"isolation_max_ratio", options.isolation_max_ratio},
      {"btag_cone", options.btag_cone},
      {"btag_min_pt", options.btag_min_pt},
  };
  for (const auto& [name, value] : positive) {
    LATENT_RETURN_IF_ERROR(CheckOption(name, value, true));
  }
  for (const auto& [name, value] : non_negative) {
    LATENT_RETURN_IF_ERROR(CheckOption(name, value, false));
  }
  if (options.jet_radius > fastjet::JetDefinition::max_allowable_R) {
    return absl::InvalidArgumentError(
        absl::StrCat("HepMC3 reader option jet_radius = ", options.jet_radius, ": exceeds ",
                     fastjet::JetDefinition::max_allowable_R));
  }
  return absl::OkStatus();
}

void QuietGeneratorLibraries() {
  static std::once_flag once;
  std::call_once(once, [] {
    HepMC3::Setup::set_print_warnings(false);
    HepMC3::Setup::set_print_errors(false);
    HepMC3::Setup::set_debug_level(0);
    fastjet::ClusterSequence::set_fastjet_banner_stream(&std::cerr);
    fastjet::Error::set_print_errors(false);
    fastjet::LimitedWarning::set_default_stream(nullptr);
  });
}

std::string ProcessIdFromPath(const std::string& path) {
  absl::string_view name = path;
  if (const size_t slash = name.rfind('/'); slash != absl::string_view::npos) {
    name.remove_prefix(slash + 1);
  }
  absl::string_view stem = name;
  absl::ConsumeSuffix(&stem, ".gz");
  if (const size_t dot = stem.rfind('.'); dot != absl::string_view::npos && dot > 0) {
    stem = stem.substr(0, dot);
  }
  if (stem.empty()) stem = name;
  return std::string(stem);
}

absl::Status ConvertGenEvent(const HepMC3::GenEvent& gen_event, const HepMC3ReaderOptions& options,
                             Event* event) {
  QuietGeneratorLibraries();
  LATENT_RETURN_IF_ERROR(ValidateHepMC3ReaderOptions(options));
  try {
    return ConvertUnchecked(gen_event, options, event);
  } catch (const fastjet::Error& error) {
    return absl::InvalidArgumentError(absl::StrCat("jet clustering failed: ", error.message()));
  } catch (const std::exception& error) {
    return absl::InvalidArgumentError(absl::StrCat("conversion failed: ", error.what()));
  } catch (...) {
    return absl::InvalidArgumentError("conversion failed: unknown exception");
  }
}

// A std::istream over a gzFile (which reads plain files transparently) that hands HepMC3 only
// lines the listing check (hepmc_listing_check.h) accepts: the stream ends before the first line
// it refuses. It remembers that refusal, the last bytes it delivered, to check for the footer, and
// a read error, which the istream interface hides.
class HepMC3Reader::Input : public std::streambuf {
 public:
  Input(gzFile file, HepMCListing listing)
      : file_(file),
        check_(listing),
        buffer_(kReadChunkBytes + HepMCListingCheck::kCheckedBytes),
        stream_(this) {}
  ~Input() override { gzclose(file_); }
  Input(const Input&) = delete;
  Input& operator=(const Input&) = delete;

  std::istream& stream() { return stream_; }
  // Raw (compressed) bytes consumed from the file so far.
  int64_t offset() const {
    const int64_t offset = gzoffset(file_);
    return offset < 0 ? 0 : offset;
  }
  // True when the stream has handed over everything it will: the whole file, or all before a
  // refused line.
  bool exhausted() const {
    return gptr() == egptr() && (!refusal_.empty() || (eof_ && checked_ == end_));
  }
  // The decompression or read error, empty when there was none.
  const std::string& error() const { return error_; }
  // "line N: problem" for the line the check refused, empty when none was.
  const std::string& refusal() const { return refusal_; }
  // The events that end before the refused line (the one it belongs to is not among them).
  int64_t events_before_refusal() const { return events_before_refusal_; }
  // Whether the last non-blank text delivered ends with END_EVENT_LISTING.
  bool EndsWithFooter() const {
    return absl::EndsWith(absl::StripTrailingAsciiWhitespace(tail_), kFooterSuffix);
  }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    // Drop what was delivered; the unchecked rest (the start of a line) moves to the front.
    std::memmove(buffer_.data(), buffer_.data() + checked_, end_ - checked_);
    end_ -= checked_;
    checked_ = 0;
    while (checked_ == 0 && refusal_.empty()) {
      CheckLines();
      if (checked_ > 0 || !refusal_.empty()) break;
      if (eof_) {
        if (end_ == 0) return traits_type::eof();
        if (Accept(absl::string_view(buffer_.data(), end_))) checked_ = end_;  // no final newline
        break;
      }
      if (!Read()) return traits_type::eof();
    }
    if (checked_ == 0) return traits_type::eof();
    Remember(buffer_.data(), checked_);
    setg(buffer_.data(), buffer_.data(), buffer_.data() + checked_);
    return traits_type::to_int_type(*gptr());
  }

 private:
  static constexpr size_t kTailBytes = 256;

  // Reads more of the file after the unchecked bytes; false at the end of the file or on an error.
  bool Read() {
    const int got = gzread(file_, buffer_.data() + end_, static_cast<unsigned>(kReadChunkBytes));
    int code = Z_OK;
    const char* message = gzerror(file_, &code);
    if (got < 0 || (got == 0 && code != Z_OK)) {
      error_ = message;
      eof_ = true;
      return false;
    }
    if (got == 0) eof_ = true;
    end_ += static_cast<size_t>(got);
    return true;
  }

  // Moves checked_ over the lines in [checked_, end_) that the check accepts: whole lines, and
  // the start of a line of kCheckedBytes or more, whose rest follows unchecked.
  void CheckLines() {
    size_t pos = checked_;
    while (pos < end_) {
      const char* start = buffer_.data() + pos;
      if (in_long_line_) {
        const void* newline = std::memchr(start, '\n', end_ - pos);
        if (newline == nullptr) {
          pos = end_;
          break;
        }
        pos = static_cast<const char*>(newline) - buffer_.data() + 1;
        in_long_line_ = false;
        ++lines_;
        continue;
      }
      const size_t available = std::min(end_ - pos, HepMCListingCheck::kCheckedBytes);
      const void* newline = std::memchr(start, '\n', available);
      if (newline != nullptr) {
        const size_t length = static_cast<const char*>(newline) - start;
        if (!Accept(absl::string_view(start, length))) break;
        pos += length + 1;
        ++lines_;
      } else if (available == HepMCListingCheck::kCheckedBytes) {
        if (!Accept(absl::string_view(start, available))) break;
        pos += available;
        in_long_line_ = true;
      } else {
        break;  // the start of a line: more to read first
      }
    }
    checked_ = pos;
  }

  bool Accept(absl::string_view line) {
    const int64_t events = check_.events();
    const std::string problem = check_.Check(line);
    if (problem.empty()) return true;
    refusal_ = absl::StrCat("line ", lines_ + 1, ": ", problem);
    // A refused event line ends the event before it; any other line is part of the last one.
    events_before_refusal_ = line[0] == 'E' ? events : std::max<int64_t>(events - 1, 0);
    return false;
  }

  // Keeps the last kTailBytes delivered, for the footer.
  void Remember(const char* data, size_t size) {
    if (size >= kTailBytes) {
      tail_.assign(data + size - kTailBytes, kTailBytes);
    } else {
      tail_.append(data, size);
      if (tail_.size() > kTailBytes) tail_.erase(0, tail_.size() - kTailBytes);
    }
  }

  gzFile file_;
  HepMCListingCheck check_;
  std::vector<char> buffer_;
  size_t checked_ = 0;  // buffer_[0, checked_) is checked (and delivered once the stream has it)
  size_t end_ = 0;      // one past the last byte read into buffer_
  bool in_long_line_ = false;
  int64_t lines_ = 0;  // complete lines checked
  std::string tail_;
  bool eof_ = false;
  std::string error_;
  std::string refusal_;
  int64_t events_before_refusal_ = 0;
  std::istream stream_;
};

HepMC3Reader::HepMC3Reader(std::string path, HepMC3ReaderOptions options, int64_t file_bytes)
    : path_(std::move(path)), options_(std::move(options)), file_bytes_(file_bytes) {}

HepMC3Reader::~HepMC3Reader() {
  // The HepMC3 reader refers to the stream, so it goes first.
  reader_.reset();
  input_.reset();
}

absl::StatusOr<std::unique_ptr<HepMC3Reader>> HepMC3Reader::Open(
    const std::string& path, const HepMC3ReaderOptions& options) {
  QuietGeneratorLibraries();
  LATENT_RETURN_IF_ERROR(ValidateHepMC3ReaderOptions(options));
  LATENT_ASSIGN_OR_RETURN(OpenedFile opened, OpenCompressedFile(path));
  gzFile file = opened.file;
  const absl::StatusOr<ListingFormat> format = DetectFormat(file, path);
  if (!format.ok() || *format == ListingFormat::kEmpty || gzrewind(file) != 0) {
    gzclose(file);
    if (!format.ok()) return format.status();
    if (*format != ListingFormat::kEmpty) {
      return absl::FailedPreconditionError(absl::StrCat(path, ": cannot rewind the file"));
    }
    file = nullptr;
  }

  HepMC3ReaderOptions reader_options = options;
  if (reader_options.process_id.empty()) {
    reader_options.process_id = ProcessIdFromPath(path);
  }
  std::unique_ptr<HepMC3Reader> reader(
      new HepMC3Reader(path, std::move(reader_options), opened.file_bytes));
  if (file == nullptr) return reader;  // no content: Next reports the empty file
  reader->input_ = std::make_unique<Input>(
      file, *format == ListingFormat::kHepMC3 ? HepMCListing::kHepMC3 : HepMCListing::kHepMC2);
  try {
    if (*format == ListingFormat::kHepMC3) {
      reader->reader_ = std::make_unique<HepMC3::ReaderAscii>(reader->input_->stream());
    } else {
      reader->reader_ = std::make_unique<HepMC3::ReaderAsciiHepMC2>(reader->input_->stream());
    }
    reader->gen_event_ = std::make_unique<HepMC3::GenEvent>();
  } catch (const std::exception& error) {
    return absl::InternalError(
        absl::StrCat(path, ": cannot set up the HepMC3 reader: ", error.what()));
  }
  return reader;
}

int64_t HepMC3Reader::bytes_consumed() const {
  if (input_ == nullptr) return done_ || !status_.ok() ? file_bytes_ : 0;
  return input_->offset();
}

absl::Status HepMC3Reader::Fail(absl::Status status) {
  status_ = std::move(status);
  return status_;
}

absl::StatusOr<bool> HepMC3Reader::Next(Event* event) {
  if (!status_.ok()) return status_;
  if (done_) return false;
  const absl::Status no_events =
      absl::InvalidArgumentError(absl::StrCat(path_, ": holds no events (empty file)"));
  if (input_ == nullptr) return Fail(no_events);

  const std::string where = absl::StrCat(path_, ": event #", events_read_ + 1);
  bool parsed = false;
  try {
    parsed = reader_->read_event(*gen_event_);
  } catch (const std::exception& error) {
    return Fail(absl::InvalidArgumentError(
        absl::StrCat(where, ": malformed HepMC record: ", error.what())));
  } catch (...) {
    return Fail(absl::InvalidArgumentError(absl::StrCat(where, ": malformed HepMC record")));
  }
  if (!input_->error().empty()) {
    return Fail(absl::DataLossError(absl::StrCat(where, ": cannot read: ", input_->error())));
  }
  // Everything before a refused line is read as usual; the event that holds it fails.
  const bool refused = !input_->refusal().empty() && input_->exhausted();
  if (refused && events_read_ >= input_->events_before_refusal()) {
    return Fail(absl::InvalidArgumentError(
        absl::StrCat(where, ": malformed HepMC record (", input_->refusal(), ")")));
  }
  const std::istream& stream = input_->stream();
  if (!parsed || stream.bad()) {
    return Fail(absl::InvalidArgumentError(absl::StrCat(where, ": malformed HepMC record")));
  }
  const bool has_content = !gen_event_->particles().empty() || !gen_event_->vertices().empty();
  if (!refused && (stream.fail() || stream.eof())) {
    // The HepMC3 reader met the end of the input, or stopped reading before it.
    if (!input_->exhausted()) {
      return Fail(absl::InvalidArgumentError(absl::StrCat(
          where,
          ": malformed HepMC record (reading stopped before the end of the file: a line "
          "longer than 256 KiB or an unexpected HepMC header line)")));
    }
    if (!has_content && events_read_ == 0) return Fail(no_events);
    if (!input_->EndsWithFooter()) {
      return Fail(absl::InvalidArgumentError(absl::StrCat(
          where, ": the file ends without the END_EVENT_LISTING footer (truncated?)")));
    }
    if (!has_content) {
      done_ = true;
      return false;
    }
  }
  if (absl::Status status = ConvertGenEvent(*gen_event_, options_, event); !status.ok()) {
    return Fail(absl::Status(
        status.code(),
        absl::StrCat(where, " (number ", gen_event_->event_number(), "): ", status.message())));
  }
  ++events_read_;
  return true;
}

}  // namespace latentspace
