// The checks of an upload's content: header and events.
#include "server/validation/sample_upload.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "core/events/darkmachines_writer.h"
#include "core/status_macros.h"
#include "server/store/name_validation.h"
#include "server/validation/event_level.h"
#include "server/validation/proto_events_to_core.h"

namespace latentspace::server {

absl::Status ValidateSampleHeader(const v1::SampleHeader& header) {
  LATENT_RETURN_IF_ERROR(store::ValidateName("sample name", header.name()));
  if (!header.family().empty()) {
    LATENT_RETURN_IF_ERROR(store::ValidateName("family", header.family()));
  }
  LATENT_RETURN_IF_ERROR(EventLevelName(header.level(), "header.level").status());
  for (const auto& [key, value] : header.parameters()) {
    LATENT_RETURN_IF_ERROR(store::ValidateParameterName(key));
    if (!std::isfinite(value)) {
      return absl::InvalidArgumentError(
          absl::StrCat("theory parameter '", key, "' = ", value, " is not finite"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> UploadedEventLine(const v1::Event& event, absl::string_view where,
                                              absl::string_view default_id,
                                              absl::string_view sample_name) {
  LATENT_ASSIGN_OR_RETURN(Event converted, EventFromProto(event, where, default_id));
  std::string line;
  LATENT_RETURN_IF_ERROR(AppendUploadedEventLine(converted, where, sample_name, &line));
  line.pop_back();
  return line;
}

absl::Status AppendUploadedEventLine(Event& event, absl::string_view where,
                                     absl::string_view sample_name, std::string* lines) {
  if (event.event_id.find_first_of(";,\r\n") != std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": event_id may not contain ';', ',' or a line break"));
  }
  event.process_id.assign(sample_name.data(), sample_name.size());
  AppendDarkMachinesLine(event, lines);
  lines->push_back('\n');
  return absl::OkStatus();
}

}  // namespace latentspace::server
