// Training jobs (of encoders and of detectors) on the terminal, shared by `train`, `detectors
// train` and `jobs`: the job as text, its progress line, watching it to the end with a live
// progress bar (or JSON lines), and the exit code of a finished job.
#ifndef LATENTSPACE_CLIENT_CLI_JOB_OUTPUT_H_
#define LATENTSPACE_CLIENT_CLI_JOB_OUTPUT_H_

#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "client/cli/command_context.h"
#include "client/sdk/client.h"
#include "latentspace/v1/job_service.pb.h"

namespace latentspace::cli {

// "epoch 3/100  train 1.234  val 1.456  812 sets/s  ETA 1m05s" (events/s for a detector job);
// "queued" before it runs.
std::string JobProgressText(const v1::Job& job);

// The job as "key  value" lines.
void PrintJob(const v1::Job& job, std::ostream& out);
// Jobs as a table: ID, STATE, TRAINS ("encoder NAME[:VERSION]" or "detector ..."), SAMPLES, EPOCH,
// CREATED.
void PrintJobTable(const v1::ListJobsResponse& jobs, std::ostream& out);

// Watches job `id` until it ends, drawing a progress bar on stderr (when it is a terminal), or
// with `json_lines` printing every update as one JSON line on context.out. Ctrl-C stops the
// watch (not the job) and returns CANCELLED.
absl::StatusOr<v1::Job> WatchJobWithProgress(Client& client, const std::string& id, bool json_lines,
                                             const CommandContext& context);

// After a watch: prints the finished job (JSON under --json unless `printed`, else text) and
// returns 0 for SUCCEEDED, else reports "error: job ID ended FAILED: <error>" and returns 1.
int ReportFinishedJob(const absl::StatusOr<v1::Job>& job, bool printed,
                      const CommandContext& context);

// After a submission: prints the job (or the error), or with `wait` says "job ID submitted" on
// stderr (not under --json), watches it to the end and reports it (ReportFinishedJob). Returns the
// exit code.
int ReportSubmittedJob(Client& client, const absl::StatusOr<v1::Job>& job, bool wait,
                       const CommandContext& context);

}  // namespace latentspace::cli

#endif  // LATENTSPACE_CLIENT_CLI_JOB_OUTPUT_H_
