// The checks of an upload's content: header and events.
#include "server/validation/sample_upload.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "core/events/event_blob.h"
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

absl::StatusOr<std::string> UploadedEventRecord(const v1::Event& event, absl::string_view where,
                                                absl::string_view default_id) {
  LATENT_ASSIGN_OR_RETURN(Event converted, EventFromProto(event, where, default_id));
  std::string record;
  LATENT_RETURN_IF_ERROR(AppendUploadedEvent(converted, where, &record));
  return record;
}

absl::Status AppendUploadedEvent(const Event& event, absl::string_view where,
                                 std::string* records) {
  if (event.event_id.find_first_of(";,\r\n") != std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": event_id may not contain ';', ',' or a line break"));
  }
  AppendEventRecord(event, records);
  return absl::OkStatus();
}

}  // namespace latentspace::server
