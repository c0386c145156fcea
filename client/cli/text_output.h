// Text output shared by latentctl's commands: aligned tables, key/value blocks, and the one way
// every command writes times, numbers, theory parameters and job states.
#ifndef LATENTSPACE_CLIENT_CLI_TEXT_OUTPUT_H_
#define LATENTSPACE_CLIENT_CLI_TEXT_OUTPUT_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "google/protobuf/map.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "latentspace/v1/events.pb.h"
#include "latentspace/v1/job_service.pb.h"

namespace latentspace::cli {

// Columns padded to their widest cell, two spaces apart.
class Table {
 public:
  explicit Table(std::vector<std::string> header) : rows_{std::move(header)} {}
  void AddRow(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  void Print(std::ostream& out) const;

 private:
  std::vector<std::vector<std::string>> rows_;
};

// "key  value" lines with the keys aligned.
void PrintFields(const std::vector<std::pair<std::string, std::string>>& fields, std::ostream& out);

// ISO-8601 UTC with milliseconds, "2024-05-01T12:00:00.000Z"; "" for 0 (not set).
std::string FormatTime(int64_t unix_ms);
// Up to 6 significant digits; "-" for NaN.
std::string FormatNumber(double value);
// "mdm=50, mzp=2000", sorted by name; "-" when empty.
std::string FormatParameters(const google::protobuf::Map<std::string, double>& parameters);
// "SUCCEEDED", "RUNNING", ... (the enum name without JOB_STATE_).
std::string JobStateName(v1::JobState state);
// "detector", "truth" or "parton" (UNSPECIFIED reads as detector).
std::string EventLevelName(v1::EventLevel level);
// One "warning: ..." line on `err` per warning of an answer.
void PrintWarnings(const google::protobuf::RepeatedPtrField<std::string>& warnings,
                   std::ostream& err);
// "1m05s", "3.2s", "2h10m".
std::string FormatDuration(double seconds);

}  // namespace latentspace::cli

#endif  // LATENTSPACE_CLIENT_CLI_TEXT_OUTPUT_H_
