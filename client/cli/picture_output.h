// What latentctl's picture commands (contours, featuremap, distances) share: checking --encoder
// and --out before any network call, the encoder's name in titles and summaries, and the one way
// they write the picture and print their result.
#ifndef LATENTSPACE_CLIENT_CLI_PICTURE_OUTPUT_H_
#define LATENTSPACE_CLIENT_CLI_PICTURE_OUTPUT_H_

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "client/cli/command_context.h"
#include "client/cli/proto_json.h"
#include "client/plot/figure.h"
#include "client/sdk/client.h"

namespace latentspace::cli {

// What a picture command does before its first call: parses --encoder into *ref and checks that
// --out is empty (no picture) or names a .png, .svg or .pdf file (else a usage error naming the
// extension), then makes the client (which connects on its first call). On failure reports
// it through `context` and sets *exit_code.
absl::StatusOr<Client> ConnectForPicture(const std::string& encoder, const std::string& out,
                                         const CommandContext& context, v1::EncoderRef* ref,
                                         int* exit_code);

// "encoder NAME vVERSION".
std::string EncoderTitle(absl::string_view name, int64_t version);

// "z1 [X_MIN, X_MAX], z2 [Y_MIN, Y_MAX]".
std::string FormatExtent(double x_min, double x_max, double y_min, double y_max);

// Writes figure() to `out` when it is not empty (an unwritable path is a local error: exit 1, no
// file), then prints to_json() with "out": PATH added under --json, else to_text() followed by
// "wrote PATH". Returns the exit code.
int WritePictureAndPrint(const CommandContext& context, const std::string& out,
                         const std::function<plot::Figure()>& figure,
                         const std::function<Json()>& to_json,
                         const std::function<void(std::ostream&)>& to_text);

}  // namespace latentspace::cli

#endif  // LATENTSPACE_CLIENT_CLI_PICTURE_OUTPUT_H_
