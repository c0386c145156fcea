// Shared pieces of the picture commands.
#include "client/cli/picture_output.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/cli/arguments.h"
#include "client/cli/exit_codes.h"
#include "client/cli/text_output.h"
#include "client/plot/image_file.h"

namespace latentspace::cli {
namespace {

// OK for no --out or a picture file's extension.
absl::Status CheckPictureOut(const std::string& out) {
  if (out.empty()) return absl::OkStatus();
  const absl::StatusOr<plot::ImageFormat> format = plot::ImageFormatForPath(out);
  if (format.ok()) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat("--out: ", format.status().message()));
}

}  // namespace

absl::StatusOr<Client> ConnectForPicture(const std::string& encoder, const std::string& out,
                                         const CommandContext& context, v1::EncoderRef* ref,
                                         int* exit_code) {
  absl::StatusOr<v1::EncoderRef> parsed = ParseEncoderRef(encoder);
  if (!parsed.ok()) {
    *exit_code = context.UsageError(parsed.status().message());
    return parsed.status();
  }
  *ref = *std::move(parsed);
  if (absl::Status checked = CheckPictureOut(out); !checked.ok()) {
    *exit_code = context.UsageError(checked.message());
    return checked;
  }
  return context.Connect(exit_code);
}

std::string EncoderTitle(absl::string_view name, int64_t version) {
  return absl::StrCat("encoder ", name, " v", version);
}

std::string FormatExtent(double x_min, double x_max, double y_min, double y_max) {
  return absl::StrCat("z1 [", FormatNumber(x_min), ", ", FormatNumber(x_max), "], z2 [",
                      FormatNumber(y_min), ", ", FormatNumber(y_max), "]");
}

int WritePictureAndPrint(const CommandContext& context, const std::string& out,
                         const std::function<plot::Figure()>& figure,
                         const std::function<Json()>& to_json,
                         const std::function<void(std::ostream&)>& to_text) {
  if (!out.empty()) {
    const absl::Status written = figure().Write(out);
    if (!written.ok()) return context.LocalError(written.message());
  }
  if (context.global.json) {
    Json json = to_json();
    if (!out.empty()) json["out"] = out;
    context.PrintJson(json);
  } else {
    to_text(context.out);
    if (!out.empty()) context.out << "wrote " << out << "\n";
  }
  return kExitOk;
}

}  // namespace latentspace::cli
