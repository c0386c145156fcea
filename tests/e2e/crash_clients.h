// The upload clients of crash_safety_test.cc. Each owns a few sample names, so that its operations
// on them reach latentd in the order it makes them, and until latentd is killed uploads them (small
// and large, new and overwrite=true) and deletes them, one operation at a time. It keeps the last
// acknowledged version of every name and the operation under way at the kill; after the restart
// it checks that latentd serves the acknowledged version, or the outcome of the operation under way
// if that was complete on the wire, with every event it sent (the checksum of the stored lines is
// computed here from the events).
#ifndef LATENTSPACE_TESTS_E2E_CRASH_CLIENTS_H_
#define LATENTSPACE_TESTS_E2E_CRASH_CLIENTS_H_

#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/events/event_blob.h"
#include "server/store/checksum.h"
#include "server/validation/sample_upload.h"
#include "tests/e2e/server_e2e.h"

namespace latentspace::e2e {

// Events [begin, end) of a bundled sample: what one upload sent.
struct EventSource {
  std::string model;
  size_t begin = 0;
  size_t end = 0;

  std::vector<v1::Event> Events() const { return testing::Slice(BundledEvents(model), begin, end); }
};

// One version of a sample: the events sent and the record latentd must keep for them
// (created_unix_ms: the acknowledgement's, 0 before).
struct SampleVersion {
  EventSource source;
  v1::Sample record;

  std::string Describe() const {
    return absl::StrCat(record.num_events(), " events of ", source.model, " [", source.begin, ", ",
                        source.end, "), crash_op ", record.parameters().at("crash_op"), ", ",
                        record.checksum());
  }
};

// The record latentd must store for an upload of `events` under `header`: the blob it writes
// (core/events/event_blob.h, server/validation/sample_upload.h), its size and its CRC-32.
inline v1::Sample ExpectedRecord(const v1::SampleHeader& header,
                                 const std::vector<v1::Event>& events) {
  std::string content;
  AppendEventBlobHeader(header.name(), &content);
  for (size_t i = 0; i < events.size(); ++i) {
    absl::StatusOr<std::string> record =
        server::UploadedEventRecord(events[i], absl::StrCat("event ", i), std::to_string(i + 1));
    EXPECT_TRUE(record.ok()) << record.status();
    if (record.ok()) content += *record;
  }
  v1::Sample record;
  record.set_name(header.name());
  *record.mutable_parameters() = header.parameters();
  record.set_source_format(header.source_format());
  record.set_num_events(static_cast<int64_t>(events.size()));
  record.set_stored_bytes(static_cast<int64_t>(content.size()));
  record.set_checksum(store::ChecksumOf(content));
  // UNSPECIFIED is stored as detector level.
  record.set_level(header.level() == v1::EVENT_LEVEL_UNSPECIFIED ? v1::EVENT_LEVEL_DETECTOR
                                                                 : header.level());
  return record;
}

// The bundled samples the clients upload events of.
inline const std::vector<std::string>& UploadModels() {
  static const std::vector<std::string> models = {"background",      "gluino_1400_1100",
                                                  "gluino_1600_800", "zprime_monojet_2000_50",
                                                  "squark_1800_800", "stop_1000_300"};
  return models;
}

class SampleClient {
 public:
  // Owns samples "<prefix>-0" ... "<prefix>-<names - 1>".
  SampleClient(const std::string& prefix, int names) {
    for (int i = 0; i < names; ++i) names_[absl::StrCat(prefix, "-", i)];
  }

  // Uploads and deletes its samples until `killed` is set (by then latentd is being killed: an
  // operation that fails from then on was cut off by the kill and stays in flight).
  void Run(Api& api, uint32_t seed, int trial, const std::atomic<bool>& killed) {
    std::mt19937 random(seed);
    for (int op = 0; !killed; ++op) {
      auto name = names_.begin();
      std::advance(name, Uniform(random, 0, names_.size() - 1));
      if (std::bernoulli_distribution(0.25)(random)) {
        Delete(api, name->first, name->second, killed);
      } else {
        Upload(api, name->first, name->second, trial * 10000 + op, random, killed);
      }
      SetInFlight("");
    }
  }

  // What was under way at the kill, "" for nothing.
  std::string InFlight() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return in_flight_;
  }

  // After the restart: every name as latentd serves it is its acknowledged version, or the outcome
  // of the operation in flight at the kill when that was complete on the wire (counted in
  // `unacknowledged_commits`); anything else is a problem. What latentd serves becomes the
  // acknowledged state.
  void CheckRestarted(Api& api, std::vector<std::string>* problems, int* unacknowledged_commits) {
    for (auto& [name, state] : names_) {
      v1::Sample got;
      const grpc::Status status = api.GetSample(name, &got);
      if (!status.ok() && status.error_code() != grpc::StatusCode::NOT_FOUND) {
        problems->push_back(absl::StrCat("GetSample ", name, ": ", Describe(status)));
        continue;
      }
      const bool present = status.ok();
      const bool as_acknowledged =
          state.acked ? present && Same(state.acked->record, got, true) : !present;
      bool as_in_flight = false;
      if (state.on_wire && state.pending == Op::kDelete) as_in_flight = !present;
      if (state.on_wire && state.pending == Op::kUpload && (state.overwrite || !state.acked)) {
        as_in_flight = present && Same(state.upload.record, got, false);
      }
      if (!as_acknowledged && !as_in_flight) {
        problems->push_back(absl::StrCat(
            "sample ", name,
            ": acknowledged: ", state.acked ? state.acked->Describe() : "none (absent)",
            "; in flight at the kill: ", PendingDescription(state),
            "; latentd serves: ", present ? got.ShortDebugString() : "nothing (NOT_FOUND)"));
      } else if (!as_acknowledged) {
        ++*unacknowledged_commits;
        if (state.pending == Op::kDelete) {
          state.acked.reset();
        } else {
          state.acked = state.upload;
          state.acked->record = got;
        }
      }
      state.pending = Op::kNone;
      state.on_wire = false;
    }
  }

  // The acknowledged version of every present sample, by name.
  std::map<std::string, const SampleVersion*> Present() const {
    std::map<std::string, const SampleVersion*> present;
    for (const auto& [name, state] : names_) {
      if (state.acked) present[name] = &*state.acked;
    }
    return present;
  }

  int acked_uploads() const { return acked_uploads_; }
  int acked_deletes() const { return acked_deletes_; }
  // What went wrong while latentd ran (a wrong acknowledgement, an unexpected error).
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  enum class Op { kNone, kUpload, kDelete };
  struct NameState {
    std::optional<SampleVersion> acked;  // absent when never uploaded or deleted
    Op pending = Op::kNone;              // the operation under way (in flight after a kill)
    SampleVersion upload;                // kUpload: what it sends
    bool overwrite = false;
    bool on_wire = false;  // the chunk marked complete was written, or the delete was sent
  };

  static size_t Uniform(std::mt19937& random, size_t low, size_t high) {
    return std::uniform_int_distribution<size_t>(low, high)(random);
  }

  // The same record; created_unix_ms too when `with_time` (else only that it is set).
  static bool Same(v1::Sample expected, const v1::Sample& got, bool with_time) {
    if (!with_time) expected.set_created_unix_ms(got.created_unix_ms());
    return got.created_unix_ms() > 0 &&
           google::protobuf::util::MessageDifferencer::Equals(expected, got);
  }

  static std::string PendingDescription(const NameState& state) {
    const std::string wire = state.on_wire ? " (complete on the wire)" : " (not complete)";
    switch (state.pending) {
      case Op::kUpload:
        return absl::StrCat("upload", state.overwrite ? " overwrite" : "", " of ",
                            state.upload.Describe(), wire);
      case Op::kDelete:
        return "delete" + wire;
      case Op::kNone:
        break;
    }
    return "nothing";
  }

  void SetInFlight(std::string what) {
    std::lock_guard<std::mutex> lock(mutex_);
    in_flight_ = std::move(what);
  }

  void Upload(Api& api, const std::string& name, NameState& state, int op, std::mt19937& random,
              const std::atomic<bool>& killed) {
    const std::string& model = UploadModels()[Uniform(random, 0, UploadModels().size() - 1)];
    const size_t size = BundledEvents(model).size();
    // Large ones stream for a good part of a second, in many chunks.
    const bool large = std::bernoulli_distribution(0.45)(random);
    const size_t count = large ? Uniform(random, size / 2, size) : Uniform(random, 20, 300);
    const size_t begin = Uniform(random, 0, size - count);
    testing::UploadOptions options;
    options.events_per_chunk = static_cast<int>(large ? Uniform(random, 25, 150) : count);
    const bool overwrite = std::bernoulli_distribution(state.acked ? 0.85 : 0.5)(random);

    v1::SampleHeader header = HeaderOf(Bundled(model), overwrite);
    header.set_name(name);
    (*header.mutable_parameters())["crash_op"] = op;
    state.upload.source = {model, begin, begin + count};
    const std::vector<v1::Event> events = state.upload.source.Events();
    state.upload.record = ExpectedRecord(header, events);
    state.pending = Op::kUpload;
    state.overwrite = overwrite;
    state.on_wire = false;
    const size_t chunks = (count + options.events_per_chunk - 1) / options.events_per_chunk;
    options.on_chunk_written = [&](size_t written, size_t, bool last) {
      if (last) state.on_wire = true;
      SetInFlight(absl::StrCat(name, " upload ", last ? "sent, awaiting ack" : "streaming", " (",
                               written, "/", chunks, " chunks)"));
    };
    SetInFlight(absl::StrCat(name, " upload starting"));

    v1::Sample ack;
    const grpc::Status status = testing::UploadSample(*api.samples, header, events, &ack, options);
    if (status.ok()) {
      if (!Same(state.upload.record, ack, false)) {
        problems_.push_back(absl::StrCat("upload of ", name, " acknowledged ",
                                         ack.ShortDebugString(), ", expected ",
                                         state.upload.record.ShortDebugString()));
      }
      state.acked = state.upload;
      state.acked->record = ack;
      ++acked_uploads_;
    } else if (status.error_code() == grpc::StatusCode::ALREADY_EXISTS && !overwrite) {
      if (!state.acked) problems_.push_back(name + ": ALREADY_EXISTS for a name not in use");
    } else {
      if (!killed) problems_.push_back("upload of " + name + ": " + Describe(status));
      return;  // stays in flight
    }
    state.pending = Op::kNone;
  }

  void Delete(Api& api, const std::string& name, NameState& state,
              const std::atomic<bool>& killed) {
    state.pending = Op::kDelete;
    state.on_wire = true;  // a unary call: latentd may have it as soon as it is made
    SetInFlight(name + " delete");
    const grpc::Status status = api.DeleteSample(name);
    if (status.ok()) {
      if (!state.acked) problems_.push_back(name + ": DeleteSample OK for a name not in use");
      state.acked.reset();
      ++acked_deletes_;
    } else if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
      if (state.acked) problems_.push_back(name + ": DeleteSample NOT_FOUND for a stored sample");
    } else {
      if (!killed) problems_.push_back("delete of " + name + ": " + Describe(status));
      return;  // stays in flight
    }
    state.pending = Op::kNone;
  }

  std::map<std::string, NameState> names_;
  mutable std::mutex mutex_;
  std::string in_flight_;
  int acked_uploads_ = 0;
  int acked_deletes_ = 0;
  std::vector<std::string> problems_;
};

}  // namespace latentspace::e2e

#endif  // LATENTSPACE_TESTS_E2E_CRASH_CLIENTS_H_
