// The records the store keeps: samples (labelled event files), trained models (encoders and anomaly
// detectors: checkpoints versioned per name) and jobs (training runs and their state). Plain
// structs shared by the metadata store, the blob store and the server.
#ifndef LATENTSPACE_SERVER_STORE_RECORDS_H_
#define LATENTSPACE_SERVER_STORE_RECORDS_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace latentspace::store {

// A labelled sample: an uploaded event file of one model with its theory parameters.
struct SampleRecord {
  std::string name;
  std::map<std::string, double> parameters;  // theory parameters, e.g. {"mgluino": 1600} (GeV)
  std::string source_format;                 // event file format as uploaded ("darkmachines", ...)
  std::string family;                        // model family as uploaded ("gluino", ...); "" none
  std::string level = "detector";            // of its events: "detector", "truth" or "parton"
  std::vector<std::string> columns;          // a feature table's column names; empty for events
  int64_t num_events = 0;
  int64_t blob_bytes = 0;       // size of the stored blob; set by the store
  std::string checksum;         // "crc32:" + 8 lowercase hex digits (checksum.h); set by the store
  std::string blob_key;         // where the blob lives in the BlobStore; set by the store
  int64_t created_unix_ms = 0;  // set by the store at commit
};

// The two kinds of trained models. Each has its own names and versions (an encoder and a detector
// may share a name) and its own blob namespace.
// A kind's tables and blob namespace are named after ModelKindName ("encoders", "encoder_names").
enum class ModelKind { kEncoder, kDetector };
inline constexpr ModelKind kAllModelKinds[] = {ModelKind::kEncoder, ModelKind::kDetector};
// "encoder", "detector" (for messages).
absl::string_view ModelKindName(ModelKind kind);
// For messages: 'encoder "demo"' (version 0), 'detector "ae" version 2'.
std::string DescribeModel(ModelKind kind, absl::string_view name, int64_t version);

// A trained model's checkpoint. Versions count 1, 2, 3... per name and kind; the store assigns
// them and never reuses one, even after the version was deleted.
struct ModelRecord {
  std::string name;
  int64_t version = 0;          // assigned by the store
  std::string job_id;           // the training job that produced it ("" when none)
  std::string preset;           // feature preset name
  std::string summary_json;     // free-form JSON from the server (config, history, metrics)
  int64_t blob_bytes = 0;       // set by the store
  std::string checksum;         // set by the store
  std::string blob_key;         // set by the store
  int64_t created_unix_ms = 0;  // set by the store
};
using EncoderRecord = ModelRecord;
using DetectorRecord = ModelRecord;

enum class JobState { kQueued, kRunning, kSucceeded, kFailed, kCancelled };
inline constexpr JobState kAllJobStates[] = {JobState::kQueued, JobState::kRunning,
                                             JobState::kSucceeded, JobState::kFailed,
                                             JobState::kCancelled};

// "QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED" (the spelling stored in the database).
absl::string_view JobStateName(JobState state);
// INVALID_ARGUMENT naming the value for anything but the names above.
absl::StatusOr<JobState> ParseJobState(absl::string_view name);
// SUCCEEDED, FAILED and CANCELLED are final.
bool IsTerminal(JobState state);
// The allowed transitions: QUEUED -> RUNNING | FAILED | CANCELLED and RUNNING -> SUCCEEDED | FAILED
// | CANCELLED. Nothing leaves a terminal state and no state goes to itself. FAILED_PRECONDITION
// naming the job and both states otherwise.
absl::Status CheckJobTransition(absl::string_view job_id, JobState from, JobState to);

// Job kinds: the training of an encoder, of a detector.
inline constexpr absl::string_view kTrainEncoderJob = "train";
inline constexpr absl::string_view kTrainDetectorJob = "train-detector";

// A job: a training run and what became of it.
struct JobRecord {
  std::string id;    // assigned by the store: "job-000001", "job-000002", ... (see CreateJob)
  std::string kind;  // kTrainEncoderJob or kTrainDetectorJob
  JobState state = JobState::kQueued;
  std::string request_json;     // the request as the server received it
  std::string encoder_name;     // the model (encoder or detector, by kind) it produced, once
  int64_t encoder_version = 0;  // SUCCEEDED; 0 until it succeeded
  std::string error;            // why it FAILED (or was CANCELLED)
  std::string progress_json;    // the last progress snapshot
  int64_t created_unix_ms = 0;
  int64_t started_unix_ms = 0;   // 0 until RUNNING
  int64_t finished_unix_ms = 0;  // 0 until terminal
};

}  // namespace latentspace::store

#endif  // LATENTSPACE_SERVER_STORE_RECORDS_H_
