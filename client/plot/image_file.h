// Writing a picture file: the format named by the file's extension (.png, .svg, .pdf) and an
// atomic write (render into a temporary file beside the target, then rename it over the target),
// so that a failed render never leaves a partial file.
#ifndef LATENTSPACE_CLIENT_PLOT_IMAGE_FILE_H_
#define LATENTSPACE_CLIENT_PLOT_IMAGE_FILE_H_

#include <cairo.h>

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace latentspace::plot {

enum class ImageFormat { kPng, kSvg, kPdf };

// The format of `path` from its extension, in any case: ".png", ".svg" or ".pdf". Otherwise
// INVALID_ARGUMENT naming the extension (or its absence) and the path.
absl::StatusOr<ImageFormat> ImageFormatForPath(absl::string_view path);

// Draws a width x height page (pixels for PNG, points for SVG and PDF) with `draw` and writes it
// to `path` in the format of its extension. Nothing is left at `path` (and a file already there
// is untouched) when the format is unknown, the directory is not writable or cairo fails. Errors
// name the path.
absl::Status WriteImage(const std::string& path, int width, int height,
                        const std::function<void(cairo_t*)>& draw);

}  // namespace latentspace::plot

#endif  // LATENTSPACE_CLIENT_PLOT_IMAGE_FILE_H_
