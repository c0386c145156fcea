// Training jobs on the terminal.
#include "client/cli/job_output.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "client/cli/exit_codes.h"
#include "client/cli/interrupt_scope.h"
#include "client/cli/progress_bar.h"
#include "client/cli/proto_json.h"
#include "client/cli/text_output.h"

namespace latentspace::cli {
namespace {

bool IsDetectorJob(const v1::Job& job) { return job.has_detector_request(); }

// What a SUCCEEDED job registered, "NAME:VERSION"; "" before.
std::string Result(const v1::Job& job) {
  if (IsDetectorJob(job)) {
    return job.detector().empty() ? "" : absl::StrCat(job.detector(), ":", job.detector_version());
  }
  return job.encoder().empty() ? "" : absl::StrCat(job.encoder(), ":", job.encoder_version());
}

// "encoder NAME" or "detector NAME": NAME:VERSION once registered, the requested name before.
std::string Trains(const v1::Job& job) {
  const std::string result = Result(job);
  if (IsDetectorJob(job)) {
    return absl::StrCat("detector ", result.empty() ? job.detector_request().detector() : result);
  }
  return absl::StrCat("encoder ", result.empty() ? job.request().encoder() : result);
}

// The samples it trains on: an encoder's, or a detector's reference and signal.
std::string Samples(const v1::Job& job) {
  if (!IsDetectorJob(job)) return absl::StrJoin(job.request().samples(), ",");
  const v1::DetectorTrainingRequest& request = job.detector_request();
  return request.signal().empty() ? request.reference()
                                  : absl::StrCat(request.reference(), ",", request.signal());
}

}  // namespace

std::string JobProgressText(const v1::Job& job) {
  if (job.state() == v1::JOB_STATE_QUEUED) return "queued";
  const v1::JobProgress& progress = job.progress();
  if (progress.epochs() == 0) return JobStateName(job.state());
  std::string text = absl::StrFormat("epoch %d/%d", progress.epoch(), progress.epochs());
  if (progress.initialisations() > 1) {
    absl::StrAppend(&text, absl::StrFormat(" (initialisation %d/%d)", progress.initialisation() + 1,
                                           progress.initialisations()));
  }
  if (progress.attempt() > progress.initialisation()) {
    absl::StrAppend(&text, " (attempt ", progress.attempt() + 1, ")");
  }
  absl::StrAppend(&text, "  train ", FormatNumber(progress.train_loss()));
  absl::StrAppend(&text, "  val ", FormatNumber(progress.validation_loss()));
  absl::StrAppend(&text, absl::StrFormat("  %.0f %s/s", progress.sets_per_second(),
                                         IsDetectorJob(job) ? "events" : "sets"));
  absl::StrAppend(&text, "  ETA ", FormatDuration(progress.eta_seconds()));
  return text;
}

void PrintJob(const v1::Job& job, std::ostream& out) {
  std::vector<std::pair<std::string, std::string>> fields = {{"id", job.id()},
                                                             {"state", JobStateName(job.state())}};
  if (IsDetectorJob(job)) {
    const v1::DetectorTrainingRequest& request = job.detector_request();
    fields.insert(fields.end(), {{"detector", request.detector()},
                                 {"kind", request.kind()},
                                 {"reference", request.reference()},
                                 {"signal", request.signal()},
                                 {"preset", request.preset()}});
  } else {
    const v1::TrainingRequest& request = job.request();
    fields.insert(fields.end(), {{"encoder", request.encoder()},
                                 {"samples", Samples(job)},
                                 {"preset", request.preset()},
                                 {"variant", request.variant()}});
  }
  fields.insert(fields.end(), {{"progress", JobProgressText(job)},
                               {"created", FormatTime(job.created_unix_ms())},
                               {"started", FormatTime(job.started_unix_ms())},
                               {"finished", FormatTime(job.finished_unix_ms())}});
  if (!Result(job).empty()) fields.emplace_back("result", Result(job));
  if (job.sets_per_second() > 0) {
    fields.emplace_back(IsDetectorJob(job) ? "events/s" : "sets/s",
                        absl::StrFormat("%.1f", job.sets_per_second()));
  }
  if (!job.error().empty()) fields.emplace_back("error", job.error());
  PrintFields(fields, out);
}

void PrintJobTable(const v1::ListJobsResponse& jobs, std::ostream& out) {
  Table table({"ID", "STATE", "TRAINS", "SAMPLES", "EPOCH", "CREATED"});
  for (const v1::Job& job : jobs.jobs()) {
    const v1::JobProgress& progress = job.progress();
    table.AddRow(
        {job.id(), JobStateName(job.state()), Trains(job), Samples(job),
         progress.epochs() > 0 ? absl::StrCat(progress.epoch(), "/", progress.epochs()) : "-",
         FormatTime(job.created_unix_ms())});
  }
  table.Print(out);
}

absl::StatusOr<v1::Job> WatchJobWithProgress(Client& client, const std::string& id, bool json_lines,
                                             const CommandContext& context) {
  InterruptScope interrupt_scope;
  ProgressBar bar(absl::StrCat("job ", id));
  return client.WatchJob(
      id,
      [&](const v1::Job& job) {
        if (json_lines) context.PrintJsonLine(JobToJson(job));
        bar.Show(job.progress().ratio(), JobProgressText(job));
      },
      interrupt_scope.interrupted());
}

int ReportFinishedJob(const absl::StatusOr<v1::Job>& job, bool printed,
                      const CommandContext& context) {
  if (!job.ok()) {
    if (absl::IsCancelled(job.status())) {
      return context.LocalError(absl::StrCat(job.status().message(), "; it keeps running"));
    }
    return context.ServerError(job.status());
  }
  if (!printed) {
    if (context.global.json) {
      context.PrintJson(JobToJson(*job));
    } else {
      PrintJob(*job, context.out);
    }
  }
  if (job->state() == v1::JOB_STATE_SUCCEEDED) return kExitOk;
  context.err << "error: job " << job->id() << " ended " << JobStateName(job->state())
              << (job->error().empty() ? "" : ": ") << job->error() << "\n";
  return kExitError;
}

int ReportSubmittedJob(Client& client, const absl::StatusOr<v1::Job>& job, bool wait,
                       const CommandContext& context) {
  if (!wait || !job.ok()) return context.Print(job, JobToJson, PrintJob);
  if (!context.global.json) context.err << "job " << job->id() << " submitted\n";
  return ReportFinishedJob(WatchJobWithProgress(client, job->id(), /*json_lines=*/false, context),
                           /*printed=*/false, context);
}

}  // namespace latentspace::cli
