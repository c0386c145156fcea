// End to end: the bad-request corpus (issue 7). One latentd with small limits, three stored samples
// and one small trained encoder serve a table of bad requests over every service, and a table of
// bad event files given to latentctl. Each case asserts the exact gRPC status code (latentctl:
// exit code 1), a message naming the problem (field and value; for files the file and line), a
// message safe to print (printable ASCII), and then that latentd still serves (grpc.health.v1
// SERVING) and the store is exactly as before: the listings of samples, encoders and jobs, the
// files under blobs/ (names and sizes), and nothing staged. A case is one row: add rows to
// BadRequests() or BadFiles().
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "core/events/line_reader.h"
#include "tests/client/latentctl_runner.h"
#include "tests/e2e/server_e2e.h"
#include "tests/testing/hdf5_files.h"

namespace latentspace::e2e {
namespace {

using Code = grpc::StatusCode;

constexpr char kZprime[] = "zprime_monojet_2000_50";  // 791 events
constexpr char kSquark[] = "squark_1800_800";         // 1975 events
constexpr char kBackground[] = "background";          // 700 events, stored, not a known model
constexpr char kEncoder[] = "corpus_enc";             // trained on kZprime and kSquark
constexpr char kDetector[] = "corpus_ae";             // an autoencoder on kBackground
constexpr char kTable[] = "corpus_table";             // a feature table: columns a, b, c
constexpr int kMaxEventsPerSample = 5000;
constexpr int kMaxEventsPerRequest = 2000;
constexpr int kMaxMessageMb = 1;

// ---- The shared latentd and the store it holds before every case.

struct StoreState {
  v1::ListSamplesResponse samples;
  v1::ListEncodersResponse encoders;       // every version
  v1::ListDetectorsResponse detectors;     // every version
  v1::ListJobsResponse jobs;               // every state
  std::map<std::string, uintmax_t> blobs;  // file under blobs/ -> size in bytes
};

// Regular files under `dir` (recursively) with their sizes; none when it does not exist.
std::map<std::string, uintmax_t> FilesUnder(const std::string& dir) {
  std::map<std::string, uintmax_t> files;
  std::error_code error;
  for (std::filesystem::recursive_directory_iterator it(dir, error), end; !error && it != end;
       it.increment(error)) {
    if (it->is_regular_file()) files[it->path().string()] = it->file_size();
  }
  return files;
}

// `rows` rows of `columns`, value (row + first_row) + column / 10.
v1::FeatureTable TableOf(const std::vector<std::string>& columns, size_t rows,
                         size_t first_row = 0) {
  v1::FeatureTable table;
  table.mutable_columns()->Add(columns.begin(), columns.end());
  for (size_t r = 0; r < rows; ++r) {
    for (size_t c = 0; c < columns.size(); ++c) {
      const double value = static_cast<double>(r + first_row) + static_cast<double>(c) / 10;
      table.mutable_values()->append(reinterpret_cast<const char*>(&value), sizeof(value));
    }
  }
  return table;
}

// An upload of 300 rows of columns a, b, c as sample `name`, 100 rows a chunk.
std::vector<v1::UploadSampleRequest> TableUpload(const std::string& name) {
  std::vector<v1::UploadSampleRequest> chunks(3);
  chunks[0].mutable_header()->set_name(name);
  for (size_t i = 0; i < chunks.size(); ++i) {
    *chunks[i].mutable_table() = TableOf({"a", "b", "c"}, 100, 100 * i);
  }
  chunks.back().set_complete(true);
  return chunks;
}

class CorpusServer : public ::testing::Environment {
 public:
  void SetUp() override {
    data_dir_ = absl::StrCat(::testing::TempDir(), "/latentspace-e2e/BadRequestCorpus.", getpid());
    std::filesystem::remove_all(data_dir_);
    server_ = std::make_unique<testing::LatentdProcess>(
        data_dir_,
        std::vector<std::string>{"--max-events-per-sample", std::to_string(kMaxEventsPerSample),
                                 "--max-events-per-request", std::to_string(kMaxEventsPerRequest),
                                 "--max-message-mb", std::to_string(kMaxMessageMb)});
    ASSERT_TRUE(server_->Start()) << "latentd did not start; its log:\n" << server_->log();
    api_ = std::make_unique<Api>(server_->address());
    for (const char* sample : {kZprime, kSquark, kBackground}) {
      ASSERT_TRUE(IsOk(UploadBundled(*api_, sample))) << sample;
    }
    ASSERT_TRUE(IsOk(api_->UploadChunks(TableUpload(kTable))));
    v1::TrainingRequest request = TrainingRequest(kEncoder, {kZprime, kSquark}, 2);
    request.set_initialisations(1);
    v1::Job job;
    ASSERT_TRUE(IsOk(api_->Submit(request, &job)));
    job = api_->AwaitJob(job.id(), seconds(600));
    ASSERT_EQ(job.state(), v1::JOB_STATE_SUCCEEDED) << job.DebugString();
    trained_job_ = job.id();
    v1::DetectorTrainingRequest detector;
    detector.set_detector(kDetector);
    detector.set_reference(kBackground);
    detector.set_epochs(3);
    ASSERT_TRUE(IsOk(api_->SubmitDetector(detector, &job)));
    job = api_->AwaitJob(job.id(), seconds(600));
    ASSERT_EQ(job.state(), v1::JOB_STATE_SUCCEEDED) << job.DebugString();
    // Loaded once now, so that the listings' `loaded` does not change under the cases.
    v1::Encoder encoder;
    ASSERT_TRUE(IsOk(api_->GetEncoder(kEncoder, 0, &encoder)));
    v1::Detector loaded_detector;
    ASSERT_TRUE(IsOk(api_->GetDetector(kDetector, 0, &loaded_detector)));
    feature_names_.assign(encoder.feature_names().begin(), encoder.feature_names().end());
    ASSERT_TRUE(Snapshot(&baseline_));
    // So that "unchanged" is no empty claim: four sample blobs and two checkpoints, nothing
    // staged.
    ASSERT_EQ(baseline_.blobs.size(), 6u) << ::testing::PrintToString(baseline_.blobs);
    ASSERT_TRUE(std::filesystem::is_directory(data_dir_ + "/staging"));
    ASSERT_TRUE(FilesUnder(data_dir_ + "/staging").empty());
    ready_ = true;
  }

  void TearDown() override {
    api_.reset();
    if (server_ != nullptr) server_->Kill();
    if (!::testing::UnitTest::GetInstance()->Failed()) {
      std::error_code ignored;
      std::filesystem::remove_all(data_dir_, ignored);
    }
  }

  ::testing::AssertionResult Snapshot(StoreState* state) {
    if (grpc::Status s = api_->ListSamples(&state->samples); !s.ok()) return Fail(s);
    if (grpc::Status s = api_->ListEncoders(true, &state->encoders); !s.ok()) return Fail(s);
    if (grpc::Status s = api_->ListDetectors(true, &state->detectors); !s.ok()) return Fail(s);
    if (grpc::Status s = api_->ListJobs(v1::JOB_STATE_UNSPECIFIED, &state->jobs); !s.ok()) {
      return Fail(s);
    }
    state->blobs = FilesUnder(data_dir_ + "/blobs");
    return ::testing::AssertionSuccess();
  }

  // latentd still serves, and its store is as it was before the cases. A refused upload is
  // answered before its staging file is removed, so the files get a moment to settle.
  void ExpectHealthyAndUnchanged() {
    grpc::Status status;
    EXPECT_EQ(api_->CheckHealth("", &status), grpc::health::v1::HealthCheckResponse::SERVING)
        << Describe(status);
    StoreState now;
    ASSERT_TRUE(Snapshot(&now));
    EXPECT_TRUE(ProtoEquals(baseline_.samples, now.samples)) << "ListSamples";
    EXPECT_TRUE(ProtoEquals(baseline_.encoders, now.encoders)) << "ListEncoders";
    EXPECT_TRUE(ProtoEquals(baseline_.detectors, now.detectors, true)) << "ListDetectors";
    EXPECT_TRUE(ProtoEquals(baseline_.jobs, now.jobs)) << "ListJobs";
    const bool settled = WaitFor(
        [&] {
          return FilesUnder(data_dir_ + "/blobs") == baseline_.blobs &&
                 FilesUnder(data_dir_ + "/staging").empty();
        },
        seconds(5));
    EXPECT_TRUE(settled) << "blobs now: "
                         << ::testing::PrintToString(FilesUnder(data_dir_ + "/blobs"))
                         << "\nbefore: " << ::testing::PrintToString(baseline_.blobs)
                         << "\nstaged: "
                         << ::testing::PrintToString(FilesUnder(data_dir_ + "/staging"));
  }

  bool ready() const { return ready_; }
  Api& api() { return *api_; }
  const std::string& address() const { return server_->address(); }
  const std::string& trained_job() const { return trained_job_; }
  // The encoder's preset's feature names, in column order.
  const std::vector<std::string>& feature_names() const { return feature_names_; }
  std::string log() const { return server_ == nullptr ? "" : server_->log(); }

 private:
  static ::testing::AssertionResult Fail(const grpc::Status& status) {
    return ::testing::AssertionFailure() << "listing the store: " << Describe(status);
  }

  std::string data_dir_;
  std::unique_ptr<testing::LatentdProcess> server_;
  std::unique_ptr<Api> api_;
  std::string trained_job_;
  std::vector<std::string> feature_names_;
  StoreState baseline_;
  bool ready_ = false;
};

CorpusServer* const corpus =
    static_cast<CorpusServer*>(::testing::AddGlobalTestEnvironment(new CorpusServer));

// Every byte printable ASCII: a message that quotes a client's bytes escapes them.
::testing::AssertionResult IsPrintable(const std::string& message) {
  for (size_t i = 0; i < message.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(message[i]);
    if (c < 0x20 || c > 0x7e) {
      return ::testing::AssertionFailure() << "byte " << i << " of the message is " << int{c}
                                           << ", not printable ASCII: \"" << message << "\"";
    }
  }
  return ::testing::AssertionSuccess();
}

// ---- Request builders: a valid request, changed by one edit.

const std::vector<v1::Event>& Squark() { return BundledEvents(kSquark); }

// `n` real events: the squark sample's, over again from its start when n is larger.
std::vector<v1::Event> Events(size_t n) {
  std::vector<v1::Event> events;
  events.reserve(n);
  for (size_t i = 0; i < n; ++i) events.push_back(Squark()[i % Squark().size()]);
  return events;
}

using Chunks = std::vector<v1::UploadSampleRequest>;

// An upload of `events` real events as sample `name` in chunks of `per_chunk`: the header in the
// first, the last marked complete.
Chunks UploadChunks(const std::string& name, size_t events, size_t per_chunk = 100) {
  v1::SampleHeader header = HeaderOf(Bundled(kSquark));
  header.set_name(name);
  const std::vector<v1::Event> all = Events(events);
  Chunks chunks;
  for (size_t begin = 0; begin < all.size() || chunks.empty(); begin += per_chunk) {
    v1::UploadSampleRequest& chunk = chunks.emplace_back();
    if (chunks.size() == 1) *chunk.mutable_header() = header;
    for (const v1::Event& event : testing::Slice(all, begin, begin + per_chunk)) {
      *chunk.add_events() = event;
    }
  }
  chunks.back().set_complete(true);
  return chunks;
}

// The server's answer to a request, given the shared server.
using Call = std::function<grpc::Status(CorpusServer&)>;

// Upload of 300 events as "corpus_new" (3 chunks), after `edit`.
Call Upload(const std::function<void(Chunks&)>& edit) {
  return [edit](CorpusServer& server) {
    Chunks chunks = UploadChunks("corpus_new", 300);
    edit(chunks);
    return server.api().UploadChunks(chunks);
  };
}

// Upload of 300 events under `name`.
Call UploadNamed(const std::string& name) {
  return Upload([name](Chunks& chunks) { chunks[0].mutable_header()->set_name(name); });
}

// Upload whose chunk 2, event 3, object 1 `edit` changed.
Call UploadObject(const std::function<void(v1::PhysicsObject&)>& edit) {
  return Upload([edit](Chunks& chunks) { edit(*chunks[1].mutable_events(3)->mutable_objects(0)); });
}

// Upload whose chunk 1, event 4 `edit` changed.
Call UploadEvent(const std::function<void(v1::Event&)>& edit) {
  return Upload([edit](Chunks& chunks) { edit(*chunks[0].mutable_events(4)); });
}

// Upload of the same 300 events as columns (3 chunks), after `edit` changed chunk 2's columns.
Call UploadColumns(const std::function<void(v1::EventColumns&)>& edit) {
  return Upload([edit](Chunks& chunks) {
    for (v1::UploadSampleRequest& chunk : chunks) chunk = testing::AsColumns(chunk);
    edit(*chunks[1].mutable_columns());
  });
}

// Overwrites double `index` of a packed column.
void SetPacked(std::string* column, int index, double value) {
  column->replace(static_cast<size_t>(index) * sizeof(double), sizeof(double),
                  reinterpret_cast<const char*>(&value), sizeof(double));
}

// Upload of 300 table rows (columns a, b, c; 3 chunks) as "corpus_new", after `edit`.
Call UploadTable(const std::function<void(Chunks&)>& edit) {
  return [edit](CorpusServer& server) {
    Chunks chunks = TableUpload("corpus_new");
    edit(chunks);
    return server.api().UploadChunks(chunks);
  };
}

// The encoder's features as a table of `rows` rows, with the first column left out when
// `drop_first`.
v1::FeatureTable FeaturesTable(const CorpusServer& server, size_t rows, bool drop_first = false) {
  std::vector<std::string> columns = server.feature_names();
  if (drop_first) columns.erase(columns.begin());
  return TableOf(columns, rows);
}

// A training job for a new encoder on the two known models, after `edit`.
Call Submit(const std::function<void(v1::TrainingRequest&)>& edit) {
  return [edit](CorpusServer& server) {
    v1::TrainingRequest request = TrainingRequest("corpus_new", {kZprime, kSquark}, 2);
    edit(request);
    v1::Job job;
    return server.api().Submit(request, &job);
  };
}

// Embed of 100 real events by the trained encoder, after `edit`.
Call Embed(const std::function<void(v1::EmbedRequest&, CorpusServer&)>& edit) {
  return [edit](CorpusServer& server) {
    v1::EmbedRequest request;
    request.mutable_encoder()->set_name(kEncoder);
    *request.mutable_batch() = EventBatchOf(Events(100));
    edit(request, server);
    v1::EmbedResponse response;
    return server.api().Embed(request, &response);
  };
}

// Embed of `n` feature rows of the preset's width, all 1, after `edit` changed them.
Call EmbedRows(size_t n, const std::function<void(v1::FeatureRows&)>& edit) {
  return Embed([n, edit](v1::EmbedRequest& request, CorpusServer& server) {
    v1::FeatureRows* rows = request.mutable_batch()->mutable_feature_rows();
    for (size_t i = 0; i < n; ++i) {
      v1::FeatureRow* row = rows->add_rows();
      for (size_t c = 0; c < server.feature_names().size(); ++c) row->add_values(1.0);
    }
    edit(*rows);
  });
}

// Embed whose event 4, object 2 `edit` changed.
Call EmbedObject(const std::function<void(v1::PhysicsObject&)>& edit) {
  return Embed([edit](v1::EmbedRequest& request, CorpusServer&) {
    edit(*request.mutable_batch()->mutable_events()->mutable_events(4)->mutable_objects(1));
  });
}

// Embed of 100 real events sent as columns, after `edit` changed them.
Call EmbedColumns(const std::function<void(v1::EventColumns&)>& edit) {
  return Embed([edit](v1::EmbedRequest& request, CorpusServer&) {
    *request.mutable_batch()->mutable_columns() = testing::ColumnsOf(Events(100));
    edit(*request.mutable_batch()->mutable_columns());
  });
}

// QueryNearest of the stored background sample, after `edit`.
Call Nearest(const std::function<void(v1::QueryNearestRequest&)>& edit) {
  return [edit](CorpusServer& server) {
    v1::QueryNearestRequest request;
    request.mutable_encoder()->set_name(kEncoder);
    request.set_sample_name(kBackground);
    edit(request);
    v1::QueryNearestResponse response;
    return server.api().QueryNearest(request, &response);
  };
}

Call Contours(const std::function<void(v1::GetContoursRequest&)>& edit) {
  return [edit](CorpusServer& server) {
    v1::GetContoursRequest request;
    request.mutable_encoder()->set_name(kEncoder);
    request.add_masses(0.5);
    request.set_grid_size(64);
    edit(request);
    v1::GetContoursResponse response;
    return server.api().GetContours(request, &response);
  };
}

Call FeatureMap(const std::function<void(v1::GetFeatureMapRequest&)>& edit) {
  return [edit](CorpusServer& server) {
    v1::GetFeatureMapRequest request;
    request.mutable_encoder()->set_name(kEncoder);
    request.set_feature("met");
    request.set_bins(16);
    edit(request);
    v1::GetFeatureMapResponse response;
    return server.api().GetFeatureMap(request, &response);
  };
}

Call GetSample(const std::string& name) {
  return [name](CorpusServer& server) {
    v1::Sample sample;
    return server.api().GetSample(name, &sample);
  };
}

Call DeleteSample(const std::string& name) {
  return [name](CorpusServer& server) { return server.api().DeleteSample(name); };
}

Call GetJob(const std::string& id) {
  return [id](CorpusServer& server) {
    v1::Job job;
    return server.api().GetJob(id, &job);
  };
}

Call CancelJob(const std::string& id) {
  return [id](CorpusServer& server) {
    v1::Job job;
    return server.api().CancelJob(id, &job);
  };
}

Call WatchJob(const std::string& id) {
  return [id](CorpusServer& server) {
    grpc::Status status;
    const std::vector<v1::Job> snapshots = server.api().WatchJob(id, &status, seconds(30));
    if (!snapshots.empty() && status.ok()) {
      return grpc::Status(grpc::StatusCode::UNKNOWN, "the watch sent snapshots");
    }
    return status;
  };
}

Call GetEncoder(const std::string& name, int64_t version) {
  return [name, version](CorpusServer& server) {
    v1::Encoder encoder;
    return server.api().GetEncoder(name, version, &encoder);
  };
}

Call DeleteEncoder(const std::string& name, int64_t version) {
  return
      [name, version](CorpusServer& server) { return server.api().DeleteEncoder(name, version); };
}

// A detector training job on the stored background, after `edit`.
Call SubmitDetector(const std::function<void(v1::DetectorTrainingRequest&)>& edit) {
  return [edit](CorpusServer& server) {
    v1::DetectorTrainingRequest request;
    request.set_detector("corpus_new_detector");
    request.set_reference(kBackground);
    request.set_epochs(2);
    edit(request);
    v1::Job job;
    return server.api().SubmitDetector(request, &job);
  };
}

// ScoreEvents of 100 real events by the trained detector, after `edit`.
Call Score(const std::function<void(v1::ScoreEventsRequest&)>& edit) {
  return [edit](CorpusServer& server) {
    v1::ScoreEventsRequest request;
    request.mutable_detector()->set_name(kDetector);
    *request.mutable_events() = EventBatchOf(Events(100));
    edit(request);
    v1::ScoreEventsResponse response;
    return server.api().ScoreEvents(request, &response);
  };
}

Call GetDetector(const std::string& name, int64_t version) {
  return [name, version](CorpusServer& server) {
    v1::Detector detector;
    return server.api().GetDetector(name, version, &detector);
  };
}

// ---- The corpus of bad requests.

struct BadRequest {
  std::string name;  // the test's name
  Call call;
  Code code;
  std::vector<std::string> fragments;  // the message contains each
};

void PrintTo(const BadRequest& bad, std::ostream* out) { *out << bad.name; }

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

const std::string kNul("a\0b", 3);
const std::string kControl = "bad\x01name";
const std::string kUnicode = "na\xc3\xafve";  // "naïve" in UTF-8
const std::string kLong(129, 'a');

std::vector<BadRequest> UploadCases() {
  return {
      {"UploadWithoutHeader",
       Upload([](Chunks& c) { c[0].clear_header(); }),
       Code::INVALID_ARGUMENT,
       {"first chunk", "header"}},
      {"UploadHeaderInALaterChunk",
       Upload([](Chunks& c) { *c[2].mutable_header() = c[0].header(); }),
       Code::INVALID_ARGUMENT,
       {"chunk 3", "header"}},
      {"UploadWithoutCompleteChunk",
       Upload([](Chunks& c) { c.back().set_complete(false); }),
       Code::INVALID_ARGUMENT,
       {"corpus_new", "complete", "300 events", "nothing was stored"}},
      {"UploadChunkAfterComplete",
       Upload([](Chunks& c) { c[1].set_complete(true); }),
       Code::INVALID_ARGUMENT,
       {"chunk 3", "complete"}},
      {"UploadEmptyStream",
       Upload([](Chunks& c) { c.clear(); }),
       Code::INVALID_ARGUMENT,
       {"empty upload"}},
      {"UploadHeaderOnly",
       Upload([](Chunks& c) {
         c.resize(1);
         c[0].clear_events();
         c[0].set_complete(true);
       }),
       Code::INVALID_ARGUMENT,
       {"corpus_new", "no events"}},
      {"UploadChunksWithoutEvents",
       Upload([](Chunks& c) {
         for (v1::UploadSampleRequest& chunk : c) chunk.clear_events();
       }),
       Code::INVALID_ARGUMENT,
       {"no events"}},
      {"UploadColumnsCountsNotWhole",
       UploadColumns([](v1::EventColumns& c) { c.mutable_object_counts()->append("\x01"); }),
       Code::INVALID_ARGUMENT,
       {"chunk 2: column object_counts holds 401 bytes", "not a whole number"}},
      {"UploadColumnsShortPt",
       UploadColumns([](v1::EventColumns& c) { c.mutable_pt()->resize(c.pt().size() - 8); }),
       Code::INVALID_ARGUMENT,
       {"chunk 2: column pt holds", "(the sum of object_counts) need"}},
      {"UploadColumnsMetPhiMissing",
       UploadColumns([](v1::EventColumns& c) { c.clear_met_phi(); }),
       Code::INVALID_ARGUMENT,
       {"chunk 2: column met_phi holds 0 bytes; 100 events need 800"}},
      {"UploadColumnsIdsForSomeEvents",
       UploadColumns([](v1::EventColumns& c) { c.mutable_event_ids()->RemoveLast(); }),
       Code::INVALID_ARGUMENT,
       {"chunk 2: column event_ids holds 99 ids for 100 events"}},
      {"UploadColumnsObjectTypeOutOfRange",
       UploadColumns([](v1::EventColumns& c) {
         const uint32_t before = static_cast<uint8_t>(c.object_counts()[0]) +
                                 static_cast<uint8_t>(c.object_counts()[4]) +
                                 static_cast<uint8_t>(c.object_counts()[8]);
         (*c.mutable_object_types())[before] = static_cast<char>(200);
       }),
       Code::INVALID_ARGUMENT,
       {"chunk 2 event 3: object 1: column object_types: type = 200", "(1..7)"}},
      {"UploadColumnsNanEta",
       UploadColumns([](v1::EventColumns& c) { SetPacked(c.mutable_eta(), 0, kNan); }),
       Code::INVALID_ARGUMENT,
       {"chunk 2 event 0: object 1", "eta = nan"}},
      {"UploadColumnsNegativeMet",
       UploadColumns([](v1::EventColumns& c) { SetPacked(c.mutable_met(), 7, -1); }),
       Code::INVALID_ARGUMENT,
       {"chunk 2 event 7", "met = -1", "negative"}},
      {"UploadTakenName", UploadNamed(kZprime), Code::ALREADY_EXISTS, {kZprime}},
      {"UploadNameWithDotDot",
       UploadNamed("../corpus"),
       Code::INVALID_ARGUMENT,
       {"sample name", "\"../corpus\""}},
      {"UploadNameWithSlash",
       UploadNamed("a/b"),
       Code::INVALID_ARGUMENT,
       {"sample name", "\"a/b\""}},
      {"UploadNameWithControlCharacter",
       UploadNamed(kControl),
       Code::INVALID_ARGUMENT,
       {"sample name", "\"bad\\x01name\""}},
      {"UploadNameWithNul",
       UploadNamed(kNul),
       Code::INVALID_ARGUMENT,
       {"sample name", "\"a\\x00\\x62\""}},
      {"UploadUnicodeName",
       UploadNamed(kUnicode),
       Code::INVALID_ARGUMENT,
       {"sample name", "\"na\\xc3\\xafve\""}},
      {"UploadOverlongName",
       UploadNamed(kLong),
       Code::INVALID_ARGUMENT,
       {"sample name", "1-128 characters"}},
      {"UploadEmptyName", UploadNamed(""), Code::INVALID_ARGUMENT, {"sample name \"\""}},
      {"UploadNegativeEnergy",
       UploadObject([](v1::PhysicsObject& o) { o.set_e(-5); }),
       Code::INVALID_ARGUMENT,
       {"chunk 2 event 3", "object 1", "E = -5", "negative"}},
      {"UploadNegativePt",
       UploadObject([](v1::PhysicsObject& o) { o.set_pt(-0.5); }),
       Code::INVALID_ARGUMENT,
       {"chunk 2 event 3", "pt = -0.5", "negative"}},
      {"UploadNanPt",
       UploadObject([](v1::PhysicsObject& o) { o.set_pt(kNan); }),
       Code::INVALID_ARGUMENT,
       {"chunk 2 event 3", "pt = nan", "not finite"}},
      {"UploadInfiniteEnergy",
       UploadObject([](v1::PhysicsObject& o) { o.set_e(kInf); }),
       Code::INVALID_ARGUMENT,
       {"chunk 2 event 3", "E = inf", "not finite"}},
      {"UploadHugeEnergy",
       UploadObject([](v1::PhysicsObject& o) { o.set_e(1e300); }),
       Code::INVALID_ARGUMENT,
       {"chunk 2 event 3", "E = 1e+300", "exceeds 140 TeV"}},
      {"UploadEtaOutOfRange",
       UploadObject([](v1::PhysicsObject& o) { o.set_eta(42); }),
       Code::INVALID_ARGUMENT,
       {"chunk 2 event 3", "eta = 42", "|eta| > 10"}},
      {"UploadPhiOutOfRange",
       UploadObject([](v1::PhysicsObject& o) { o.set_phi(-4); }),
       Code::INVALID_ARGUMENT,
       {"chunk 2 event 3", "phi = -4", "outside [-pi, pi]"}},
      {"UploadUnspecifiedObjectType",
       UploadObject([](v1::PhysicsObject& o) { o.set_type(v1::OBJECT_TYPE_UNSPECIFIED); }),
       Code::INVALID_ARGUMENT,
       {"chunk 2 event 3", "object 1", "type = 0"}},
      {"UploadUnknownObjectType",
       UploadObject([](v1::PhysicsObject& o) { o.set_type(static_cast<v1::ObjectType>(42)); }),
       Code::INVALID_ARGUMENT,
       {"chunk 2 event 3", "object 1", "type = 42"}},
      {"UploadNegativeMet",
       UploadEvent([](v1::Event& e) { e.set_met(-1); }),
       Code::INVALID_ARGUMENT,
       {"chunk 1 event 4", "met = -1", "negative"}},
      {"UploadInfiniteMet",
       UploadEvent([](v1::Event& e) { e.set_met(kInf); }),
       Code::INVALID_ARGUMENT,
       {"chunk 1 event 4", "met = inf", "not finite"}},
      {"UploadMetPhiOutOfRange",
       UploadEvent([](v1::Event& e) { e.set_met_phi(7); }),
       Code::INVALID_ARGUMENT,
       {"chunk 1 event 4", "met_phi = 7", "outside [-pi, pi]"}},
      {"UploadNanWeight",
       UploadEvent([](v1::Event& e) { e.set_weight(kNan); }),
       Code::INVALID_ARGUMENT,
       {"chunk 1 event 4", "weight = nan", "not finite"}},
      {"UploadEventIdWithSemicolon",
       UploadEvent([](v1::Event& e) { e.set_event_id("1;2"); }),
       Code::INVALID_ARGUMENT,
       {"chunk 1 event 4", "event_id"}},
      {"UploadEventIdWithNewline",
       UploadEvent([](v1::Event& e) { e.set_event_id("1\n2"); }),
       Code::INVALID_ARGUMENT,
       {"chunk 1 event 4", "event id \"1\\n2\"", "control character"}},
      {"UploadInfiniteParameter",
       Upload([](Chunks& c) { (*c[0].mutable_header()->mutable_parameters())["msquark"] = kInf; }),
       Code::INVALID_ARGUMENT,
       {"msquark", "inf", "not finite"}},
      {"UploadFamilyWithSlash",
       Upload([](Chunks& c) { c[0].mutable_header()->set_family("gluino/x"); }),
       Code::INVALID_ARGUMENT,
       {"family", "\"gluino/x\""}},
      {"UploadLevelOutsideTheEnum",
       Upload([](Chunks& c) { c[0].mutable_header()->set_level(static_cast<v1::EventLevel>(4)); }),
       Code::INVALID_ARGUMENT,
       {"field 'header.level': 4 is not an EventLevel"}},
      {"UploadParameterNameWithControlCharacter",
       Upload([](Chunks& c) { (*c[0].mutable_header()->mutable_parameters())["m\x02"] = 1; }),
       Code::INVALID_ARGUMENT,
       {"parameter name", "\"m\\x02\""}},
      {"UploadOverMaxEventsPerSample",
       [](CorpusServer& server) {
         return server.api().UploadChunks(UploadChunks("corpus_new", kMaxEventsPerSample + 1, 500));
       },
       Code::RESOURCE_EXHAUSTED,
       {"corpus_new", absl::StrCat(kMaxEventsPerSample), "--max-events-per-sample"}},
      // 100 events staged, then a chunk of ~1.4 MB, over --max-message-mb 1.
      {"UploadChunkOverMaxMessageSize",
       [](CorpusServer& server) {
         Chunks chunks = UploadChunks("corpus_new", 100);
         chunks[0].set_complete(false);
         chunks.push_back(UploadChunks("corpus_new", 5000, 5000)[0]);
         chunks.back().clear_header();
         return server.api().UploadChunks(chunks);
       },
       Code::RESOURCE_EXHAUSTED,
       {"larger than max"}},
  };
}

std::vector<BadRequest> SampleCases() {
  return {
      {"GetUnknownSample",
       GetSample("no_such_sample"),
       Code::NOT_FOUND,
       {"sample \"no_such_sample\" not found"}},
      {"GetSampleNameWithDotDot",
       GetSample("../blobs"),
       Code::INVALID_ARGUMENT,
       {"sample name", "\"../blobs\""}},
      {"GetSampleNameWithNul",
       GetSample(kNul),
       Code::INVALID_ARGUMENT,
       {"sample name", "\"a\\x00\\x62\""}},
      {"GetSampleOverlongName",
       GetSample(std::string(1000, 'x')),
       Code::INVALID_ARGUMENT,
       {"sample name", "(1000 bytes)"}},
      {"DeleteUnknownSample",
       DeleteSample("no_such_sample"),
       Code::NOT_FOUND,
       {"sample \"no_such_sample\" not found"}},
      {"DeleteSampleNameWithSlash",
       DeleteSample("/etc"),
       Code::INVALID_ARGUMENT,
       {"sample name", "\"/etc\""}},
      {"DeleteSampleUnicodeName",
       DeleteSample(kUnicode),
       Code::INVALID_ARGUMENT,
       {"sample name", "\"na\\xc3\\xafve\""}},
  };
}

std::vector<BadRequest> TrainingCases() {
  const Code invalid = Code::INVALID_ARGUMENT;
  return {
      {"TrainEncoderNameWithDotDot",
       Submit([](auto& r) { r.set_encoder("../enc"); }),
       invalid,
       {"encoder name", "\"../enc\""}},
      {"TrainEncoderNameWithControlCharacter",
       Submit([](auto& r) { r.set_encoder(kControl); }),
       invalid,
       {"encoder name", "\"bad\\x01name\""}},
      {"TrainEncoderUnicodeName",
       Submit([](auto& r) { r.set_encoder(kUnicode); }),
       invalid,
       {"encoder name", "\"na\\xc3\\xafve\""}},
      {"TrainWithoutEncoderName",
       Submit([](auto& r) { r.clear_encoder(); }),
       invalid,
       {"encoder name \"\""}},
      {"TrainOnOneSample",
       Submit([](auto& r) { r.mutable_samples()->RemoveLast(); }),
       invalid,
       {"'samples'", "lists 1 samples", "at least 2"}},
      {"TrainOnADuplicateSample",
       Submit([](auto& r) { r.set_samples(1, kZprime); }),
       invalid,
       {"'samples' repeats", kZprime}},
      {"TrainOnAnUnknownSample",
       Submit([](auto& r) { r.add_samples("no_such_sample"); }),
       Code::NOT_FOUND,
       {"sample \"no_such_sample\" not found"}},
      {"TrainOnASampleNameWithSlash",
       Submit([](auto& r) { r.add_samples("x/y"); }),
       invalid,
       {"sample name", "\"x/y\""}},
      {"TrainUnknownPreset",
       Submit([](auto& r) { r.set_preset("nope"); }),
       invalid,
       {"'preset'", "unknown feature preset 'nope'", "darkmachines"}},
      {"TrainPresetWithControlCharacter",
       Submit([](auto& r) { r.set_preset("gluino\x1b[2J"); }),
       invalid,
       {"'preset'", "'gluino\\x1b[2J'"}},
      {"TrainUnknownVariant",
       Submit([](auto& r) { r.set_variant("gan"); }),
       invalid,
       {"'variant'", "'gan'", "contrastive"}},
      {"TrainUnicodeVariant",
       Submit([](auto& r) { r.set_variant("contrastiv\xc3\xa9"); }),
       invalid,
       {"'variant'", "'contrastiv\\xc3\\xa9'"}},
      {"TrainUnknownMissingJets",
       Submit([](auto& r) { r.set_missing_jets("pad"); }),
       invalid,
       {"'missing_jets'", "'pad'", "skip"}},
      {"TrainTooManyEpochs",
       Submit([](auto& r) { r.set_epochs(10001); }),
       invalid,
       {"'epochs' = 10001", "1..10000"}},
      {"TrainNegativeEpochs",
       Submit([](auto& r) { r.set_epochs(-3); }),
       invalid,
       {"'epochs' = -3", "1..10000"}},
      {"TrainBatchOfOne",
       Submit([](auto& r) { r.set_batch_size(1); }),
       invalid,
       {"'batch_size' = 1", "2..65536"}},
      {"TrainHugeBatch",
       Submit([](auto& r) { r.set_batch_size(65537); }),
       invalid,
       {"'batch_size' = 65537", "2..65536"}},
      {"TrainNanLearningRate",
       Submit([](auto& r) { r.set_learning_rate(kNan); }),
       invalid,
       {"'learning_rate' = nan", "(0, 1]"}},
      {"TrainNegativeLearningRate",
       Submit([](auto& r) { r.set_learning_rate(-0.1); }),
       invalid,
       {"'learning_rate' = -0.1", "(0, 1]"}},
      {"TrainLearningRateOverOne",
       Submit([](auto& r) { r.set_learning_rate(1.5); }),
       invalid,
       {"'learning_rate' = 1.5", "(0, 1]"}},
      {"TrainPatienceBelowMinusOne",
       Submit([](auto& r) { r.set_patience(-2); }),
       invalid,
       {"'patience' = -2"}},
      {"TrainSetsOfMoreThan1000",
       Submit([](auto& r) { r.set_events_per_set(1001); }),
       invalid,
       {"'events_per_set' = 1001", "1..1000"}},
      {"TrainNegativeSetSize",
       Submit([](auto& r) { r.set_events_per_set(-1); }),
       invalid,
       {"'events_per_set' = -1", "1..1000"}},
      {"TrainValidationFractionOver09",
       Submit([](auto& r) { r.set_validation_fraction(0.95); }),
       invalid,
       {"'validation_fraction' = 0.95", "(0, 0.9]"}},
      {"TrainTestFractionOver05",
       Submit([](auto& r) { r.set_test_fraction(0.6); }),
       invalid,
       {"'test_fraction' = 0.6", "(0, 0.5]"}},
      {"TrainValidationAndTestLeaveNoTraining",
       Submit([](auto& r) {
         r.set_validation_fraction(0.5);
         r.set_test_fraction(0.5);
       }),
       invalid,
       {"'validation_fraction' = 0.5", "'test_fraction' = 0.5", "at most 0.9"}},
      {"TrainInfiniteValidationFraction",
       Submit([](auto& r) { r.set_validation_fraction(kInf); }),
       invalid,
       {"'validation_fraction' = inf"}},
      {"TrainNegativeMaxEventsPerSample",
       Submit([](auto& r) { r.set_max_events_per_sample(-1); }),
       invalid,
       {"'max_events_per_sample' = -1"}},
      {"TrainFinalRateFractionOverOne",
       Submit([](auto& r) { r.set_final_learning_rate_fraction(2); }),
       invalid,
       {"'final_learning_rate_fraction' = 2", "(0, 1]"}},
      {"TrainNanFinalRateFraction",
       Submit([](auto& r) { r.set_final_learning_rate_fraction(kNan); }),
       invalid,
       {"'final_learning_rate_fraction' = nan"}},
      {"TrainSeventeenInitialisations",
       Submit([](auto& r) { r.set_initialisations(17); }),
       invalid,
       {"'initialisations' = 17", "1..16"}},
      {"TrainNegativeInitialisations",
       Submit([](auto& r) { r.set_initialisations(-1); }),
       invalid,
       {"'initialisations' = -1", "1..16"}},
  };
}

std::vector<BadRequest> JobCases() {
  return {
      {"GetUnknownJob", GetJob("no-such-job"), Code::NOT_FOUND, {"job \"no-such-job\" not found"}},
      {"GetJobIdWithControlCharacters",
       GetJob("../\x01\x7f"),
       Code::NOT_FOUND,
       {"job \"../\\x01\\x7f\" not found"}},
      {"CancelUnknownJob",
       CancelJob("no-such-job"),
       Code::NOT_FOUND,
       {"job \"no-such-job\" not found"}},
      {"CancelAFinishedJob",
       [](CorpusServer& server) {
         v1::Job job;
         return server.api().CancelJob(server.trained_job(), &job);
       },
       Code::FAILED_PRECONDITION,
       {"SUCCEEDED"}},
      {"WatchUnknownJob",
       WatchJob("no-such-job"),
       Code::NOT_FOUND,
       {"job \"no-such-job\" not found"}},
      {"ListJobsInAnUnknownState",
       [](CorpusServer& server) {
         v1::ListJobsResponse jobs;
         return server.api().ListJobs(static_cast<v1::JobState>(42), &jobs);
       },
       Code::INVALID_ARGUMENT,
       {"state = 42"}},
  };
}

std::vector<BadRequest> EncoderCases() {
  return {
      {"GetUnknownEncoder",
       GetEncoder("no_such_encoder", 0),
       Code::NOT_FOUND,
       {"encoder \"no_such_encoder\" not found"}},
      {"GetUnknownEncoderVersion",
       GetEncoder(kEncoder, 99),
       Code::NOT_FOUND,
       {kEncoder, "version 99 not found"}},
      {"GetNegativeEncoderVersion",
       GetEncoder(kEncoder, -1),
       Code::INVALID_ARGUMENT,
       {"encoder.version = -1", ">= 0"}},
      {"GetEncoderWithoutName", GetEncoder("", 0), Code::INVALID_ARGUMENT, {"encoder.name"}},
      {"GetEncoderNameWithDotDot",
       GetEncoder("../corpus_enc", 0),
       Code::INVALID_ARGUMENT,
       {"encoder name", "\"../corpus_enc\""}},
      {"DeleteUnknownEncoder",
       DeleteEncoder("no_such_encoder", 0),
       Code::NOT_FOUND,
       {"encoder \"no_such_encoder\" not found"}},
      {"DeleteUnknownEncoderVersion",
       DeleteEncoder(kEncoder, 7),
       Code::NOT_FOUND,
       {kEncoder, "version 7 not found"}},
      {"DeleteNegativeEncoderVersion",
       DeleteEncoder(kEncoder, -2),
       Code::INVALID_ARGUMENT,
       {"encoder.version = -2"}},
      {"DeleteEncoderNameWithNul",
       DeleteEncoder(kNul, 0),
       Code::INVALID_ARGUMENT,
       {"encoder name", "\"a\\x00\\x62\""}},
  };
}

std::vector<BadRequest> EmbeddingCases() {
  const Code invalid = Code::INVALID_ARGUMENT;
  return {
      {"EmbedUnknownEncoder",
       Embed([](auto& r, auto&) { r.mutable_encoder()->set_name("no_such_encoder"); }),
       Code::NOT_FOUND,
       {"encoder \"no_such_encoder\" not found"}},
      {"EmbedNegativeVersion",
       Embed([](auto& r, auto&) { r.mutable_encoder()->set_version(-1); }),
       invalid,
       {"encoder.version = -1"}},
      {"EmbedNoBatch",
       Embed([](auto& r, auto&) { r.clear_batch(); }),
       invalid,
       {"the batch holds no events"}},
      {"EmbedEmptyEvents",
       Embed([](auto& r, auto&) { r.mutable_batch()->mutable_events()->clear_events(); }),
       invalid,
       {"the batch holds no events"}},
      {"EmbedEmptyFeatureRows",
       EmbedRows(0, [](v1::FeatureRows&) {}),
       invalid,
       {"the batch holds no feature rows"}},
      {"EmbedRowWithTooFewFeatures",
       EmbedRows(
           20, [](v1::FeatureRows& rows) { rows.mutable_rows(3)->mutable_values()->RemoveLast(); }),
       invalid,
       {"feature row 3 has 16 values", "'darkmachines' has 17 features"}},
      {"EmbedRowWithTooManyFeatures",
       EmbedRows(20, [](v1::FeatureRows& rows) { rows.mutable_rows(0)->add_values(1); }),
       invalid,
       {"feature row 0 has 18 values", "17 features"}},
      {"EmbedNanFeature",
       EmbedRows(20, [](v1::FeatureRows& rows) { rows.mutable_rows(5)->set_values(16, kNan); }),
       invalid,
       {"feature row 5 column 'met' = nan", "not a finite float"}},
      {"EmbedInfiniteFeature",
       EmbedRows(20, [](v1::FeatureRows& rows) { rows.mutable_rows(6)->set_values(0, -kInf); }),
       invalid,
       {"feature row 6 column 'jet1_", "= -inf"}},
      {"EmbedHugeFeature",
       EmbedRows(20, [](v1::FeatureRows& rows) { rows.mutable_rows(7)->set_values(1, 1e39); }),
       invalid,
       {"feature row 7 column 'jet1_", "= 1e+39", "not a finite float"}},
      {"EmbedNegativePt",
       EmbedObject([](v1::PhysicsObject& o) { o.set_pt(-3); }),
       invalid,
       {"event 4: object 2", "pt = -3", "negative"}},
      {"EmbedEtaOutOfRange",
       EmbedObject([](v1::PhysicsObject& o) { o.set_eta(-11); }),
       invalid,
       {"event 4: object 2", "eta = -11", "|eta| > 10"}},
      {"EmbedNanPhi",
       EmbedObject([](v1::PhysicsObject& o) { o.set_phi(kNan); }),
       invalid,
       {"event 4: object 2", "phi = nan", "not finite"}},
      {"EmbedUnknownObjectType",
       EmbedObject([](v1::PhysicsObject& o) { o.set_type(static_cast<v1::ObjectType>(-7)); }),
       invalid,
       {"event 4: object 2", "type = -7", "1..7"}},
      {"EmbedOverMaxEventsPerRequest",
       Embed([](auto& r, auto&) {
         *r.mutable_batch() = EventBatchOf(Events(kMaxEventsPerRequest + 1));
       }),
       Code::RESOURCE_EXHAUSTED,
       {absl::StrCat(kMaxEventsPerRequest + 1, " events"), "--max-events-per-request"}},
      {"EmbedColumnsEmpty",
       Embed([](auto& r, auto&) { r.mutable_batch()->mutable_columns(); }),
       invalid,
       {"the batch holds no events"}},
      {"EmbedColumnsShortWeight",
       EmbedColumns([](v1::EventColumns& c) { c.mutable_weight()->resize(8); }),
       invalid,
       {"columns: column weight holds 8 bytes; 100 events need 800"}},
      {"EmbedColumnsInfinitePhi",
       EmbedColumns([](v1::EventColumns& c) { SetPacked(c.mutable_phi(), 2, kInf); }),
       invalid,
       {"event 0: object 3", "phi = inf"}},
      {"EmbedColumnsOverMaxEventsPerRequest",
       Embed([](auto& r, auto&) {
         *r.mutable_batch()->mutable_columns() =
             testing::ColumnsOf(Events(kMaxEventsPerRequest + 1));
       }),
       Code::RESOURCE_EXHAUSTED,
       {absl::StrCat(kMaxEventsPerRequest + 1, " events"), "--max-events-per-request"}},
      // ~1.7 MB of events, over --max-message-mb 1 (and over the request limit as well: the
      // message limit answers first).
      {"EmbedOverMaxMessageSize",
       Embed([](auto& r, auto&) { *r.mutable_batch() = EventBatchOf(Events(6000)); }),
       Code::RESOURCE_EXHAUSTED,
       {"larger than max"}},
  };
}

std::vector<BadRequest> ProximityCases() {
  const Code invalid = Code::INVALID_ARGUMENT;
  return {
      {"NearestUnknownEncoder",
       Nearest([](auto& r) { r.mutable_encoder()->set_name("no_such_encoder"); }),
       Code::NOT_FOUND,
       {"encoder \"no_such_encoder\" not found"}},
      {"NearestUnknownSample",
       Nearest([](auto& r) { r.set_sample_name("no_such_sample"); }),
       Code::NOT_FOUND,
       {"sample \"no_such_sample\" not found"}},
      {"NearestSampleNameWithDotDot",
       Nearest([](auto& r) { r.set_sample_name("../x"); }),
       invalid,
       {"sample name", "\"../x\""}},
      {"NearestNoSample",
       Nearest([](auto& r) { r.clear_sample(); }),
       invalid,
       {"no sample", "sample_name, events or points"}},
      {"NearestEmptyEvents",
       Nearest([](auto& r) { r.mutable_events()->mutable_events(); }),
       invalid,
       {"the batch holds no events"}},
      {"NearestEventLevelOutsideTheEnum",
       Nearest([](auto& r) {
         *r.mutable_events() = EventBatchOf(Events(100));
         r.mutable_events()->set_level(static_cast<v1::EventLevel>(-3));
       }),
       invalid,
       {"field 'level': -3 is not an EventLevel"}},
      {"NearestMorePointsThanTheLimit",
       Nearest([](auto& r) {
         for (int i = 0; i <= kMaxEventsPerRequest; ++i) r.mutable_points()->add_points();
       }),
       Code::RESOURCE_EXHAUSTED,
       {"points: 2001 sets; at most 2000", "--max-events-per-request"}},
      {"NearestInfinitePoint",
       Nearest([](auto& r) {
         r.mutable_points()->add_points();
         r.mutable_points()->add_points()->set_x(kInf);
       }),
       invalid,
       {"points: point 1 (inf, 0) is not finite"}},
      {"NearestFewerEventsThanASet",
       Nearest([](auto& r) { *r.mutable_events() = EventBatchOf(Events(5)); }),
       invalid,
       {"gives no set", "fewer than the 10 events of one set"}},
      {"NearestBadEvent",
       Nearest([](auto& r) {
         *r.mutable_events() = EventBatchOf(Events(50));
         r.mutable_events()->mutable_events()->mutable_events(30)->set_met(-2);
       }),
       invalid,
       {"event 30", "met = -2", "negative"}},
      {"NearestPriorOfAnUnknownModel",
       Nearest([](auto& r) { (*r.mutable_prior())["no_such_model"] = 1; }),
       invalid,
       {"field 'prior'", "'no_such_model'", "not a known model"}},
      {"NearestNegativePrior",
       Nearest([](auto& r) { (*r.mutable_prior())[kSquark] = -1; }),
       invalid,
       {"prior weight of model 'squark_1800_800' = -1"}},
      {"NearestAllPriorsZero",
       Nearest([](auto& r) {
         (*r.mutable_prior())[kSquark] = 0;
         (*r.mutable_prior())[kZprime] = 0;
       }),
       invalid,
       {"every prior weight is 0"}},
      {"NearestOverMaxEventsPerRequest",
       Nearest(
           [](auto& r) { *r.mutable_events() = EventBatchOf(Events(kMaxEventsPerRequest + 1)); }),
       Code::RESOURCE_EXHAUSTED,
       {"--max-events-per-request"}},
      {"ContoursUnknownEncoder",
       Contours([](auto& r) { r.mutable_encoder()->set_name("no_such_encoder"); }),
       Code::NOT_FOUND,
       {"encoder \"no_such_encoder\" not found"}},
      {"ContoursZeroMass",
       Contours([](auto& r) { r.add_masses(0); }),
       invalid,
       {"probability mass 0", "(0, 1]"}},
      {"ContoursMassOverOne",
       Contours([](auto& r) { r.set_masses(0, 1.5); }),
       invalid,
       {"probability mass 1.5", "(0, 1]"}},
      {"ContoursNanMass",
       Contours([](auto& r) { r.add_masses(kNan); }),
       invalid,
       {"probability mass nan"}},
      {"ContoursGridTooSmall",
       Contours([](auto& r) { r.set_grid_size(15); }),
       invalid,
       {"grid size 15", "16..1024"}},
      {"ContoursGridTooLarge",
       Contours([](auto& r) { r.set_grid_size(1025); }),
       invalid,
       {"grid size 1025", "16..1024"}},
      {"ContoursNegativeGrid",
       Contours([](auto& r) { r.set_grid_size(-64); }),
       invalid,
       {"grid size -64"}},
      {"FeatureMapUnknownFeature",
       FeatureMap([](auto& r) { r.set_feature("mht"); }),
       invalid,
       {"unknown feature 'mht'", "met", "jet1_pt"}},
      {"FeatureMapFeatureWithControlCharacters",
       FeatureMap([](auto& r) { r.set_feature("met\r\n\x1b[31m"); }),
       invalid,
       {"unknown feature 'met\\r\\n\\x1b[31m'"}},
      {"FeatureMapNoFeature",
       FeatureMap([](auto& r) { r.clear_feature(); }),
       invalid,
       {"unknown feature ''"}},
      {"FeatureMapTooManyBins",
       FeatureMap([](auto& r) { r.set_bins(513); }),
       invalid,
       {"bins = 513", "1..512"}},
      {"FeatureMapNegativeBins",
       FeatureMap([](auto& r) { r.set_bins(-1); }),
       invalid,
       {"bins = -1", "1..512"}},
      {"DistancesUnknownEncoder",
       [](CorpusServer& server) {
         v1::GetDistanceMatrixRequest request;
         request.mutable_encoder()->set_name("no_such_encoder");
         v1::GetDistanceMatrixResponse response;
         return server.api().GetDistanceMatrix(request, &response);
       },
       Code::NOT_FOUND,
       {"encoder \"no_such_encoder\" not found"}},
  };
}

std::vector<BadRequest> DetectorCases() {
  const Code invalid = Code::INVALID_ARGUMENT;
  return {
      {"DetectorTrainingOnUnknownSample",
       SubmitDetector([](auto& r) { r.set_reference("no_such_sample"); }),
       Code::NOT_FOUND,
       {"no_such_sample"}},
      {"DetectorTrainingOnUnknownSignal",
       SubmitDetector([](auto& r) { r.set_signal("no_such_signal"); }),
       Code::NOT_FOUND,
       {"no_such_signal"}},
      {"ClassifierWithoutSignal",
       SubmitDetector([](auto& r) { r.set_kind("classifier"); }),
       invalid,
       {"'signal' is empty", "classifier"}},
      {"DetectorSignalIsTheReference",
       SubmitDetector([](auto& r) { r.set_signal(kBackground); }),
       invalid,
       {"is the reference sample too"}},
      {"UnknownDetectorKind",
       SubmitDetector([](auto& r) { r.set_kind("isolation-forest"); }),
       invalid,
       {"'kind'", "isolation-forest"}},
      {"DetectorWithUnknownPreset",
       SubmitDetector([](auto& r) { r.set_preset("rmm-11"); }),
       invalid,
       {"'preset'", "rmm-11"}},
      {"DetectorNameWithDotDot",
       SubmitDetector([](auto& r) { r.set_detector("../escape"); }),
       invalid,
       {"detector name", "\"../escape\""}},
      {"DetectorLatentDimOutOfRange",
       SubmitDetector([](auto& r) { r.set_latent_dim(1000); }),
       invalid,
       {"'latent_dim' = 1000", "1..64"}},
      {"DetectorKlWeightNan",
       SubmitDetector([](auto& r) { r.set_kl_weight(kNan); }),
       invalid,
       {"'kl_weight' = nan"}},
      {"DetectorEpochsOutOfRange",
       SubmitDetector([](auto& r) { r.set_epochs(-3); }),
       invalid,
       {"'epochs' = -3"}},
      {"GetUnknownDetector",
       GetDetector("no_such_detector", 0),
       Code::NOT_FOUND,
       {"detector \"no_such_detector\" not found"}},
      {"GetUnknownDetectorVersion",
       GetDetector(kDetector, 9),
       Code::NOT_FOUND,
       {kDetector, "version 9 not found"}},
      {"GetDetectorWithoutName", GetDetector("", 0), invalid, {"detector.name"}},
      {"DeleteUnknownDetector",
       [](CorpusServer& server) { return server.api().DeleteDetector("no_such_detector", 0); },
       Code::NOT_FOUND,
       {"detector \"no_such_detector\" not found"}},
      {"DeleteNegativeDetectorVersion",
       [](CorpusServer& server) { return server.api().DeleteDetector(kDetector, -1); },
       invalid,
       {"detector.version = -1"}},
      {"ScoreWithUnknownDetector",
       Score([](auto& r) { r.mutable_detector()->set_name("no_such_detector"); }),
       Code::NOT_FOUND,
       {"detector \"no_such_detector\" not found"}},
      {"ScoreKeepAboveOne", Score([](auto& r) { r.set_keep(2); }), invalid, {"keep = 2"}},
      {"ScoreKeepNan", Score([](auto& r) { r.set_keep(kNan); }), invalid, {"keep = nan"}},
      {"ScoreKeepFinerThanTheCalibration",
       Score([](auto& r) { r.set_keep(1e-9); }),
       invalid,
       {"keep: kept fraction 1e-09", "held-out reference events"}},
      {"ScoreWithoutSample", Score([](auto& r) { r.clear_events(); }), invalid, {"no sample"}},
      {"ScoreUnknownStoredSample",
       Score([](auto& r) { r.set_sample_name("no_such_sample"); }),
       Code::NOT_FOUND,
       {"no_such_sample"}},
      {"ScoreTooManyEvents",
       Score([](auto& r) { *r.mutable_events() = EventBatchOf(Events(kMaxEventsPerRequest + 1)); }),
       Code::RESOURCE_EXHAUSTED,
       {"2001 events", "--max-events-per-request"}},
      {"ScoreEventWithInfiniteEnergy",
       Score([](auto& r) {
         r.mutable_events()->mutable_events()->mutable_events(7)->mutable_objects(0)->set_e(kInf);
       }),
       invalid,
       {"event 7: object 1", "E = inf"}},
      {"ScoreFeatureRowsOfTheWrongWidth",
       Score([](auto& r) {
         r.mutable_events()->mutable_feature_rows()->add_rows()->add_values(1.0);
       }),
       invalid,
       {"row 0", "17"}},
  };
}

// Feature tables: uploads, training on named columns, and queries that send tables.
std::vector<BadRequest> TableCases() {
  const Code invalid = Code::INVALID_ARGUMENT;
  const Code precondition = Code::FAILED_PRECONDITION;
  const auto columns = [](const std::vector<std::string>& names) {
    return [names](Chunks& c) {
      c[0].mutable_table()->mutable_columns()->Clear();
      c[0].mutable_table()->mutable_columns()->Add(names.begin(), names.end());
    };
  };
  return {
      {"UploadTableNanValue",
       UploadTable([](Chunks& c) { SetPacked(c[1].mutable_table()->mutable_values(), 16, kNan); }),
       invalid,
       {"chunk 2 table row 5 column 'b': nan is not finite"}},
      {"UploadTableInfiniteValue",
       UploadTable([](Chunks& c) { SetPacked(c[2].mutable_table()->mutable_values(), 0, -kInf); }),
       invalid,
       {"chunk 3 table row 0 column 'a': -inf is not finite"}},
      {"UploadTableValueBeyondAFloat",
       UploadTable([](Chunks& c) { SetPacked(c[0].mutable_table()->mutable_values(), 4, -1e300); }),
       invalid,
       {"chunk 1 table row 1 column 'b': -1e+300 is beyond a float's range"}},
      {"UploadTableDuplicateColumns",
       UploadTable(columns({"a", "b", "a"})),
       invalid,
       {"chunk 1 table: column 3 'a' has the name of an earlier column"}},
      {"UploadTableUnnamedColumn",
       UploadTable(columns({"a", "", "c"})),
       invalid,
       {"chunk 1 table: column 2 has no name"}},
      {"UploadTableNumberAsColumnName",
       UploadTable(columns({"a", "b", "1.5"})),
       invalid,
       {"chunk 1 table: column 3 is named '1.5', a number"}},
      {"UploadTableColumnNameWithComma",
       UploadTable(columns({"a", "b,x", "c"})),
       invalid,
       {"column 2 'b,x': a column name may not hold a comma"}},
      {"UploadTableColumnNameWithControlCharacter",
       UploadTable(columns({kControl, "b", "c"})),
       invalid,
       {"column 1 'bad\\x01name'"}},
      {"UploadTableWithoutColumnNames",
       UploadTable([](Chunks& c) { c[0].mutable_table()->clear_columns(); }),
       invalid,
       {"chunk 1 table: no column names"}},
      {"UploadTableRaggedValues",
       UploadTable([](Chunks& c) {
         std::string* values = c[1].mutable_table()->mutable_values();
         values->resize(values->size() - sizeof(double));
       }),
       invalid,
       {"chunk 2 table: values hold 2392 bytes, not a whole number of rows of 3 doubles"}},
      {"UploadTableColumnsChangeBetweenChunks",
       UploadTable([](Chunks& c) { c[2].mutable_table()->set_columns(1, "c2"); }),
       invalid,
       {"chunk 3 table names the columns (a, c2, c), not those of the sample's first table "
        "chunk (a, b, c)"}},
      {"UploadTableAfterEvents",
       UploadTable([](Chunks& c) {
         c[0].clear_table();
         for (const v1::Event& event : Events(10)) *c[0].add_events() = event;
       }),
       invalid,
       {"chunk 2 table: sample 'corpus_new' already holds 10 events"}},
      {"UploadEventsAfterTable",
       UploadTable([](Chunks& c) {
         c[1].clear_table();
         for (const v1::Event& event : Events(10)) *c[1].add_events() = event;
       }),
       invalid,
       {"chunk 2 carries events, but sample 'corpus_new' is a feature table"}},
      {"UploadTableAndEventsInOneChunk",
       UploadTable([](Chunks& c) { *c[1].add_events() = Events(1)[0]; }),
       invalid,
       {"chunk 2 carries a table and events"}},
      {"UploadTableOverMaxEventsPerSample",
       UploadTable([](Chunks& c) {
         *c[2].mutable_table() = TableOf({"a", "b", "c"}, 4900);
       }),
       Code::RESOURCE_EXHAUSTED,
       {"sample 'corpus_new' exceeds 5000 events"}},
      {"TrainColumnsOnSamplesOfEvents",
       Submit([](auto& r) { r.set_preset("columns:a,b"); }),
       precondition,
       {"sample 'zprime_monojet_2000_50' holds events, not a feature table",
        "preset 'columns:a,b'"}},
      {"TrainColumnsATableLacks",
       Submit([](auto& r) {
         r.set_samples(0, kTable);
         r.set_preset("columns:a,zzz");
       }),
       precondition,
       {"sample 'corpus_table' (a table) has no column 'zzz' (its columns: a, b, c)",
        "which preset 'columns:a,zzz' needs"}},
      {"TrainBuiltInPresetOnATable",
       Submit([](auto& r) { r.set_samples(0, kTable); }),
       precondition,
       {"sample 'corpus_table' (a table) has no column 'jet1_e'"}},
      {"TrainColumnsNamedTwice",
       Submit([](auto& r) { r.set_preset("columns:a,b,a"); }),
       invalid,
       {"field 'preset'", "column 3 'a' has the name of an earlier column"}},
      {"TrainDetectorColumnsOnEvents",
       SubmitDetector([](auto& r) { r.set_preset("columns:a"); }),
       precondition,
       {"sample 'background' holds events"}},
      {"EmbedTableWithoutAFeature",
       Embed([](v1::EmbedRequest& r, CorpusServer& server) {
         *r.mutable_batch()->mutable_table() = FeaturesTable(server, 20, true);
       }),
       invalid,
       {"the table has no column 'jet1_e'"}},
      {"EmbedTableNanValue",
       Embed([](v1::EmbedRequest& r, CorpusServer& server) {
         *r.mutable_batch()->mutable_table() = FeaturesTable(server, 20);
         SetPacked(r.mutable_batch()->mutable_table()->mutable_values(), 17 * 3 + 2, kNan);
       }),
       invalid,
       {"table row 3 column 'jet1_eta': nan is not finite"}},
      {"EmbedTableValueBeyondAFloat",
       Embed([](v1::EmbedRequest& r, CorpusServer& server) {
         *r.mutable_batch()->mutable_table() = FeaturesTable(server, 20);
         SetPacked(r.mutable_batch()->mutable_table()->mutable_values(), 17 * 2 + 16, 4e38);
       }),
       invalid,
       {"table row 2 column 'met': 4e+38 is beyond a float's range"}},
      {"EmbedTableWithoutRows",
       Embed([](v1::EmbedRequest& r, CorpusServer& server) {
         *r.mutable_batch()->mutable_table() = FeaturesTable(server, 0);
       }),
       invalid,
       {"the batch's table holds no rows"}},
      {"EmbedTableOverMaxEventsPerRequest",
       Embed([](v1::EmbedRequest& r, CorpusServer& server) {
         *r.mutable_batch()->mutable_table() = FeaturesTable(server, kMaxEventsPerRequest + 1);
       }),
       Code::RESOURCE_EXHAUSTED,
       {"the batch holds 2001 events", "--max-events-per-request"}},
      {"NearestOfATableWithoutAFeature",
       Nearest([](auto& r) { r.set_sample_name(kTable); }),
       precondition,
       {"sample 'corpus_table' (a table) has no column 'jet1_e'"}},
      {"ScoreTableInfiniteValue",
       Score([](auto& r) {
         *r.mutable_events()->mutable_table() =
             TableOf({"jet1_e", "jet1_pt", "jet1_eta", "jet1_phi", "jet2_e", "jet2_pt", "jet2_eta",
                      "jet2_phi", "jet3_e", "jet3_pt", "jet3_eta", "jet3_phi", "jet4_e", "jet4_pt",
                      "jet4_eta", "jet4_phi", "met"},
                     10);
         SetPacked(r.mutable_events()->mutable_table()->mutable_values(), 16, kInf);
       }),
       invalid,
       {"table row 0 column 'met': inf is not finite"}},
  };
}

std::vector<BadRequest> BadRequests() {
  std::vector<BadRequest> all;
  for (std::vector<BadRequest> (*group)() :
       {UploadCases, SampleCases, TrainingCases, JobCases, EncoderCases, EmbeddingCases,
        ProximityCases, DetectorCases, TableCases}) {
    std::vector<BadRequest> cases = group();
    all.insert(all.end(), cases.begin(), cases.end());
  }
  return all;
}

// A case of either table against the shared latentd, whose log is printed when the case failed.
template <typename Case>
class CorpusTest : public ::testing::TestWithParam<Case> {
 protected:
  void SetUp() override { ASSERT_TRUE(corpus->ready()) << "the shared latentd is not ready"; }
  void TearDown() override {
    if (this->HasFailure()) std::cerr << "---- latentd log:\n" << corpus->log() << "----\n";
  }
};

using BadRequestTest = CorpusTest<BadRequest>;

TEST_P(BadRequestTest, IsRefusedAndChangesNothing) {
  const BadRequest& bad = GetParam();
  const grpc::Status status = bad.call(*corpus);
  EXPECT_TRUE(HasStatus(status, bad.code, bad.fragments));
  EXPECT_TRUE(IsPrintable(status.error_message()));
  corpus->ExpectHealthyAndUnchanged();
}

INSTANTIATE_TEST_SUITE_P(Corpus, BadRequestTest, ::testing::ValuesIn(BadRequests()),
                         [](const ::testing::TestParamInfo<BadRequest>& info) {
                           return info.param.name;
                         });

// ---- The corpus of bad event files, read by latentctl.

// The lines of real event files: the bundled samples' in turn.
std::vector<std::string> RealLines(const std::vector<std::string>& samples) {
  std::vector<std::string> lines;
  for (const std::string& sample : samples) {
    absl::StatusOr<std::unique_ptr<LineReader>> reader = LineReader::Open(Bundled(sample).file);
    if (!reader.ok()) ADD_FAILURE() << reader.status();
    absl::string_view line;
    while (reader.ok() && (*reader)->Next(&line).value_or(false)) lines.emplace_back(line);
  }
  return lines;
}

std::string Joined(const std::vector<std::string>& lines) {
  return absl::StrCat(absl::StrJoin(lines, "\n"), "\n");
}

// The first `count` (at most 3466) real lines.
std::vector<std::string> FirstRealLines(size_t count) {
  std::vector<std::string> lines = RealLines({kSquark, kZprime, kBackground});
  lines.resize(count);
  return lines;
}

// The first `count` real lines, with line `line` (1-based) set to `text`.
std::string WithLine(size_t count, size_t line, const std::string& text) {
  std::vector<std::string> lines = FirstRealLines(count);
  lines[line - 1] = text;
  return Joined(lines);
}

// The first `count` real lines, with ';'-separated field `field` (1-based) of line `line` set to
// `text`.
std::string WithField(size_t count, size_t line, size_t field, const std::string& text) {
  std::vector<std::string> fields = absl::StrSplit(FirstRealLines(line)[line - 1], ';');
  fields[field - 1] = text;
  return WithLine(count, line, absl::StrJoin(fields, ";"));
}

struct BadFile {
  std::string name;                      // the test's name
  std::string file;                      // its name in the scratch directory
  std::function<std::string()> content;  // its bytes
  std::string command;                   // latentctl's arguments; {file}: the file's path
  std::vector<std::string> fragments;    // in latentctl's stderr; {file}: the file's path
};

void PrintTo(const BadFile& bad, std::ostream* out) { *out << bad.name; }

// The LHE test file of core/events (three events, 51 lines).
std::string LheTestFile() {
  return testing::ReadFile(
      testing::SourcePath("tests/core/events/testdata/lhe/gluino_3events.lhe"));
}

const std::string kUpload = "samples upload {file} --name corpus_file";
const std::string kEmbed = absl::StrCat("embed --encoder ", kEncoder, " {file}");
const std::string kNearest = absl::StrCat("nearest --encoder ", kEncoder, " {file}");

std::vector<BadFile> BadFiles() {
  return {
      {"CsvLineWithTooFewFields",
       "few.csv",
       [] { return WithLine(20, 7, "7;p;1;5000"); },
       kUpload,
       {"{file}:7:", "found 4 ';'-separated fields", "expected at least 5"}},
      {"CsvEmptyField",
       "empty_field.csv",
       [] { return WithField(20, 3, 4, ""); },
       kUpload,
       {"{file}:3:", "field 4 is empty"}},
      {"CsvMetNotANumber",
       "met.csv",
       [] { return WithField(20, 5, 4, "12x3"); },
       kUpload,
       {"{file}:5:", "field 4 (MET)", "'12x3' is not a number"}},
      {"CsvNanMet",
       "nan.csv",
       [] { return WithField(20, 9, 4, "nan"); },
       kUpload,
       {"{file}:9:", "field 4 (MET)", "'nan' is not finite"}},
      {"CsvNegativeEnergy",
       "negative.csv",
       [] { return WithField(20, 4, 6, "j,-5000,4000,0.5,0.1"); },
       kUpload,
       {"{file}:4:", "field 6 (object E)", "'-5000' is negative"}},
      {"CsvEtaOutOfRange",
       "eta.csv",
       [] { return WithField(20, 11, 6, "j,90000,4000,12.5,0.1"); },
       kUpload,
       {"{file}:11:", "field 6 (object eta)", "'12.5' has |eta| > 10"}},
      {"CsvPhiOutOfRange",
       "phi.csv",
       [] { return WithField(20, 2, 5, "3.5"); },
       kUpload,
       {"{file}:2:", "field 5 (METphi)", "'3.5' is outside [-pi, pi]"}},
      {"CsvHugeEnergy",
       "huge.csv",
       [] { return WithField(20, 6, 6, "j,1e30,4000,0.5,0.1"); },
       kUpload,
       {"{file}:6:", "field 6 (object E)", "'1e30' exceeds 140 TeV"}},
      {"CsvUnknownObjectCode",
       "code.csv",
       [] { return WithField(20, 8, 6, "q,5000,4000,0.5,0.1"); },
       kUpload,
       {"{file}:8:", "field 6 (object)", "unknown object code 'q'"}},
      {"CsvObjectWithFourValues",
       "object.csv",
       [] { return WithField(20, 8, 7, "j,5000,4000,0.5"); },
       kUpload,
       {"{file}:8:", "field 7 (object)", "has 4 comma-separated values"}},
      // The first chunk (2000 events) is on its way when line 2500 fails: nothing is stored.
      {"CsvBadLineAfterTheFirstChunk",
       "late.csv",
       [] { return WithField(2600, 2500, 4, "-1"); },
       kUpload,
       {"{file}:2500:", "field 4 (MET)", "'-1' is negative"}},
      {"EmptyCsvFile",
       "empty.csv",
       [] { return std::string(); },
       kUpload,
       {"{file}: holds no events (empty file)"}},
      {"TruncatedGzip",
       "truncated.csv.gz",
       [] {
         const std::string gz = testing::ReadFile(Bundled(kSquark).file);
         return gz.substr(0, gz.size() / 2);
       },
       kUpload,
       {"{file}:", "cannot read"}},
      {"TruncatedLheFile",
       "truncated.lhe",
       [] {
         const std::string text = LheTestFile();
         return text.substr(0, text.find("</event>") + 9);
       },
       kUpload,
       {"{file}: the file ends without </LesHouchesEvents> (truncated?)"}},
      {"LheParticleCountTooLarge",
       "nup.lhe",
       [] {
         return absl::StrReplaceAll(LheTestFile(), {{" 10 1 +5.0", " 123456789 1 +5.0"}});
       },
       kUpload,
       {"{file}:12: event #1: NUP = '123456789' is not a number of particles in 2..10000"}},
      {"LheMomentumNotANumber",
       "momentum.lhe",
       [] {
         return absl::StrReplaceAll(LheTestFile(), {{"+4.0182729691e+02", "4.0e+02x"}});
       },
       kNearest,
       {"{file}:16: particle 4 of event #1: PX = '4.0e+02x' is not a finite number"}},
      {"LheNamingAnotherFile",
       "eventfile.lhe",
       [] {
         return absl::StrReplaceAll(
             LheTestFile(), {{"</header>", "<eventfile name=\"/etc/passwd\"/>\n</header>"}});
       },
       kEmbed,
       {"{file}:5: an <eventfile> tag names another file"}},
      {"NotAHepMC3File",
       "events.hepmc3",
       [] { return WithLine(3, 1, "HepMC::Version 3.02.05"); },
       kUpload,
       {"{file}:2: not a HepMC ASCII event listing"}},
      {"BinaryHepMC3File",
       "junk.hepmc",
       [] {
         return std::string(
             "\x7f"
             "ELF\0\1\2",
             7);
       },
       kUpload,
       {"{file}:1: not a HepMC file", "'\\x7f\\x45LF\\x00"}},
      {"UploadUnderABadName",
       "good.csv",
       [] { return Joined(RealLines({kZprime})); },
       "samples upload {file} --name ../corpus",
       {"sample name \"../corpus\"", "(INVALID_ARGUMENT)"}},
      {"UploadOverMaxEventsPerSample",
       "many.csv",
       [] {
         return Joined(RealLines({kSquark, kZprime, kBackground, "gluino_1400_1100"}));
       },
       kUpload,
       {"--max-events-per-sample", "(RESOURCE_EXHAUSTED)"}},
      {"EmbedNanFile",
       "embed_nan.csv",
       [] { return WithField(50, 33, 4, "-nan"); },
       kEmbed,
       {"{file}:33:", "field 4 (MET)", "'-nan' is not finite"}},
      {"EmbedTruncatedGzip",
       "embed_truncated.csv.gz",
       [] {
         const std::string gz = testing::ReadFile(Bundled(kZprime).file);
         return gz.substr(0, gz.size() - 100);
       },
       kEmbed,
       {"{file}:", "cannot read"}},
      {"TableFileNanValue",
       "nan_table.csv",
       [] { return "a,b,c\n1,2,3\n4,5,6\n7,nan,9\n"; },
       kUpload,
       {"{file}:4: column 'b': nan is not finite"}},
      {"TableFileDuplicateColumns",
       "duplicate_table.csv",
       [] { return "a,b,a\n1,2,3\n"; },
       kUpload,
       {"{file}:1: column 3 'a' has the name of an earlier column"}},
      {"TableFileWithPandasIndex",
       "index_table.csv",
       [] { return ",a,b\n0,1,2\n"; },
       kUpload,
       {"{file}:1: column 1 has no name", "index=False"}},
      {"TableFileShortRow",
       "short_table.csv",
       [] { return "a,b,c\n1,2,3\n4,5\n"; },
       kEmbed,
       {"{file}:3: 2 fields, the 3 of the header expected (no 'c')"}},
      {"TableFileWithoutTheEncodersColumns",
       "other_table.csv",
       [] { return "x,y\n1,2\n3,4\n"; },
       kNearest,
       {"the table has no column 'jet1_e' (its columns: x, y)", "(INVALID_ARGUMENT)"}},
      {"TableFileWithoutTheDetectorsColumns",
       "score_table.csv",
       [] { return "x,y\n1,2\n"; },
       absl::StrCat("score --detector ", kDetector, " {file}"),
       {"the table has no column 'jet1_e' (its columns: x, y)", "(INVALID_ARGUMENT)"}},
      {"Hdf5TableWithoutColumnNames",
       "unnamed.h5",
       [] {
         return testing::Hdf5Bytes([](hid_t file) {
           H5Dclose(testing::AddDataset(file, "features", {2, 3}, {}));
         });
       },
       kUpload,
       {"{file} dataset '/features' has no attribute 'columns' naming its 3 columns"}},
      {"Hdf5TableDuplicateColumnNames",
       "duplicate.h5",
       [] {
         return testing::Hdf5Bytes([](hid_t file) {
           testing::AddMatrixTable(file, "features", {"a", "b", "a"}, {1, 2, 3});
         });
       },
       kUpload,
       {"attribute 'columns': column 3 'a' has the name of an earlier column"}},
      {"Hdf5TableNanValue",
       "nan.h5",
       [] {
         return testing::Hdf5Bytes([](hid_t file) {
           testing::AddMatrixTable(file, "features", {"a", "b"}, {1, 2, 3, kNan});
         });
       },
       kUpload,
       {"{file} dataset '/features' row 2 column 'b': nan is not finite"}},
      {"Hdf5ColumnsOfDifferentLengths",
       "ragged.h5",
       [] {
         return testing::Hdf5Bytes([](hid_t file) {
           testing::AddColumnGroup(file, "/", {"a", "b"}, {{1, 2, 3}, {1, 2}});
         });
       },
       kEmbed,
       {"{file} dataset '/b' has 2 rows; 'a' has 3"}},
      {"Hdf5ColumnOfStrings",
       "strings.h5",
       [] {
         return testing::Hdf5Bytes([](hid_t file) {
           const hsize_t rows = 2;
           const hid_t space = H5Screate_simple(1, &rows, nullptr);
           const hid_t type = H5Tcopy(H5T_C_S1);
           H5Tset_size(type, 4);
           H5Dclose(H5Dcreate2(file, "name", type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
           H5Tclose(type);
           H5Sclose(space);
           H5Dclose(testing::AddDataset(file, "met", {2}, {1, 2}));
         });
       },
       kUpload,
       {"{file} dataset '/name' holds strings, not numbers"}},
      {"Hdf5TruncatedFile",
       "truncated.h5",
       [] {
         const std::string whole = testing::Hdf5Bytes([](hid_t file) {
           testing::AddMatrixTable(file, "features", {"a", "b"}, {1, 2, 3, 4});
         });
         return whole.substr(0, whole.size() / 2);
       },
       kNearest,
       {"{file}: not a readable HDF5 file: truncated file"}},
      {"Hdf5NoSuchDataset",
       "nowhere.h5",
       [] {
         return testing::Hdf5Bytes(
             [](hid_t file) { testing::AddMatrixTable(file, "features", {"a"}, {1}); });
       },
       kUpload + " --dataset /events",
       {"{file} has no dataset or group '/events'"}},
      {"Hdf5TableWithoutTheEncodersColumns",
       "other.h5",
       [] {
         return testing::Hdf5Bytes([](hid_t file) {
           testing::AddColumnGroup(file, "/", {"x", "y"}, {{1, 2}, {3, 4}});
         });
       },
       kNearest,
       {"the table has no column 'jet1_e' (its columns: x, y)", "(INVALID_ARGUMENT)"}},
      {"NearestEtaOutOfRange",
       "nearest_eta.csv",
       [] { return WithField(50, 12, 6, "b,90000,4000,-10.5,0.1"); },
       kNearest,
       {"{file}:12:", "field 6 (object eta)", "'-10.5' has |eta| > 10"}},
  };
}

using BadFileTest = CorpusTest<BadFile>;

TEST_P(BadFileTest, IsRefusedByLatentctlAndChangesNothing) {
  const BadFile& bad = GetParam();
  const std::string path =
      testing::WriteFile(testing::ScratchDir() + "/" + bad.file, bad.content());
  const testing::LatentctlResult result = testing::RunLatentctl(
      absl::StrCat(testing::ServerFlag(corpus->address()),
                   absl::StrReplaceAll(bad.command, {{"{file}", "'" + path + "'"}})));
  EXPECT_EQ(result.exit_code, 1) << result.err;
  for (const std::string& fragment : bad.fragments) {
    EXPECT_THAT(result.err,
                ::testing::HasSubstr(absl::StrReplaceAll(fragment, {{"{file}", path}})));
  }
  corpus->ExpectHealthyAndUnchanged();
}

INSTANTIATE_TEST_SUITE_P(Corpus, BadFileTest, ::testing::ValuesIn(BadFiles()),
                         [](const ::testing::TestParamInfo<BadFile>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace latentspace::e2e
