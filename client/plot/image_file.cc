// Picture files: format by extension, rendered into a temporary file that is renamed into place.
#include "client/plot/image_file.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "core/status_macros.h"

namespace latentspace::plot {
namespace {

struct SurfaceDeleter {
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};
using Surface = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;

// cairo's write callback onto a FILE*.
cairo_status_t WriteToFile(void* closure, const unsigned char* data, unsigned int length) {
  return std::fwrite(data, 1, length, static_cast<std::FILE*>(closure)) == length
             ? CAIRO_STATUS_SUCCESS
             : CAIRO_STATUS_WRITE_ERROR;
}

// errno as a status naming the picture.
absl::Status WriteError(const std::string& path) {
  return absl::ErrnoToStatus(errno, absl::StrCat("cannot write picture ", path));
}

absl::Status CairoError(const std::string& path, cairo_status_t status) {
  return absl::InternalError(
      absl::StrCat("cannot render picture ", path, ": ", cairo_status_to_string(status)));
}

// Draws the page onto a surface of `format` that writes to `file`, and flushes it there.
absl::Status Render(ImageFormat format, std::FILE* file, const std::string& path, int width,
                    int height, const std::function<void(cairo_t*)>& draw) {
  Surface surface;
  switch (format) {
    case ImageFormat::kPng:
      surface.reset(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height));
      break;
    case ImageFormat::kSvg:
      surface.reset(cairo_svg_surface_create_for_stream(WriteToFile, file, width, height));
      break;
    case ImageFormat::kPdf:
      surface.reset(cairo_pdf_surface_create_for_stream(WriteToFile, file, width, height));
      break;
  }
  cairo_t* cr = cairo_create(surface.get());
  draw(cr);
  const cairo_status_t drawn = cairo_status(cr);
  cairo_destroy(cr);
  if (drawn != CAIRO_STATUS_SUCCESS) return CairoError(path, drawn);
  if (format == ImageFormat::kPng) {
    const cairo_status_t written =
        cairo_surface_write_to_png_stream(surface.get(), WriteToFile, file);
    if (written != CAIRO_STATUS_SUCCESS) return CairoError(path, written);
  }
  cairo_surface_finish(surface.get());
  const cairo_status_t finished = cairo_surface_status(surface.get());
  return finished == CAIRO_STATUS_SUCCESS ? absl::OkStatus() : CairoError(path, finished);
}

// A new file beside `path`, named after it and unique to this process and call.
std::string TemporaryPath(const std::string& path) {
  static std::atomic<int> counter{0};
  return absl::StrCat(path, ".tmp.", getpid(), ".", ++counter);
}

}  // namespace

absl::StatusOr<ImageFormat> ImageFormatForPath(absl::string_view path) {
  const std::string extension =
      absl::AsciiStrToLower(std::filesystem::path(std::string(path)).extension().string());
  if (extension == ".png") return ImageFormat::kPng;
  if (extension == ".svg") return ImageFormat::kSvg;
  if (extension == ".pdf") return ImageFormat::kPdf;
  return absl::InvalidArgumentError(
      absl::StrCat("unsupported picture format ",
                   extension.empty() ? "(no extension)" : absl::StrCat("\"", extension, "\""),
                   " in \"", path, "\": use .png, .svg or .pdf"));
}

absl::Status WriteImage(const std::string& path, int width, int height,
                        const std::function<void(cairo_t*)>& draw) {
  LATENT_ASSIGN_OR_RETURN(const ImageFormat format, ImageFormatForPath(path));
  const std::string temporary = TemporaryPath(path);
  // Created with mode 0666 less the umask, like any new file.
  const int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) return WriteError(path);
  std::FILE* file = fdopen(fd, "wb");
  if (file == nullptr) {
    const absl::Status status = WriteError(path);
    close(fd);
    std::remove(temporary.c_str());
    return status;
  }
  absl::Status status = Render(format, file, path, width, height, draw);
  if (std::fclose(file) != 0 && status.ok()) status = WriteError(path);
  if (status.ok() && std::rename(temporary.c_str(), path.c_str()) != 0) status = WriteError(path);
  if (!status.ok()) std::remove(temporary.c_str());
  return status;
}

}  // namespace latentspace::plot
