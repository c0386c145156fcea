// Model kinds' names; job states: names, parsing and the allowed transitions.
#include "server/store/records.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "server/store/name_validation.h"

namespace latentspace::store {

absl::string_view ModelKindName(ModelKind kind) {
  switch (kind) {
    case ModelKind::kEncoder:
      return "encoder";
    case ModelKind::kDetector:
      return "detector";
  }
  return "model";
}

std::string DescribeModel(ModelKind kind, absl::string_view name, int64_t version) {
  if (version == 0) return absl::StrCat(ModelKindName(kind), " ", QuoteForMessage(name));
  return absl::StrCat(ModelKindName(kind), " ", QuoteForMessage(name), " version ", version);
}

absl::string_view JobStateName(JobState state) {
  switch (state) {
    case JobState::kQueued:
      return "QUEUED";
    case JobState::kRunning:
      return "RUNNING";
    case JobState::kSucceeded:
      return "SUCCEEDED";
    case JobState::kFailed:
      return "FAILED";
    case JobState::kCancelled:
      return "CANCELLED";
  }
  return "UNKNOWN";
}

absl::StatusOr<JobState> ParseJobState(absl::string_view name) {
  for (JobState state : kAllJobStates) {
    if (JobStateName(state) == name) return state;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("job state \"", absl::CHexEscape(name),
                   "\" is not one of QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED"));
}

bool IsTerminal(JobState state) {
  return state == JobState::kSucceeded || state == JobState::kFailed ||
         state == JobState::kCancelled;
}

absl::Status CheckJobTransition(absl::string_view job_id, JobState from, JobState to) {
  bool allowed = false;
  if (from == JobState::kQueued) {
    allowed = to == JobState::kRunning || to == JobState::kFailed || to == JobState::kCancelled;
  } else if (from == JobState::kRunning) {
    allowed = to == JobState::kSucceeded || to == JobState::kFailed || to == JobState::kCancelled;
  }
  if (allowed) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat("job ", job_id, " cannot go from ",
                                                    JobStateName(from), " to ", JobStateName(to)));
}

}  // namespace latentspace::store
