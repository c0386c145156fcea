// What the fuzz targets share: aborting on a broken invariant (so that libFuzzer keeps the input as
// a crash), the input as a string, and a per-process scratch file for the readers, which read
// files by path.
#ifndef LATENTSPACE_TESTS_FUZZ_FUZZ_SUPPORT_H_
#define LATENTSPACE_TESTS_FUZZ_FUZZ_SUPPORT_H_

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace latentspace::fuzz {

// Aborts with `what` (and `detail`, e.g. a status message) unless `condition` holds.
inline void Require(bool condition, absl::string_view what, absl::string_view detail = "") {
  if (condition) return;
  std::fprintf(stderr, "fuzz invariant broken: %.*s%s%.*s\n", static_cast<int>(what.size()),
               what.data(), detail.empty() ? "" : ": ", static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

// A refusal must be INVALID_ARGUMENT with a message (the code bad input gets everywhere).
inline void RequireInvalidArgument(const absl::Status& status, absl::string_view what) {
  Require(status.code() == absl::StatusCode::kInvalidArgument && !status.message().empty(), what,
          status.ToString());
}

inline absl::string_view AsText(const uint8_t* data, size_t size) {
  return absl::string_view(reinterpret_cast<const char*>(data), size);
}

// A directory of this process under $TMPDIR (or /tmp), removed at exit.
class ScratchDirectory {
 public:
  ScratchDirectory() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern =
        std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/latent-fuzz-XXXXXX";
    Require(mkdtemp(pattern.data()) != nullptr, "cannot create a scratch directory", pattern);
    path_ = pattern;
  }
  ~ScratchDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;

  // `name` in the directory, holding exactly `content`.
  std::string Write(const std::string& name, absl::string_view content) const {
    std::string path = path_ + "/" + name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    Require(out.good(), "cannot write the scratch file", path);
    return path;
  }
  std::string Path(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// The process's scratch directory, created on first use.
inline const ScratchDirectory& Scratch() {
  static const ScratchDirectory directory;
  return directory;
}

}  // namespace latentspace::fuzz

#endif  // LATENTSPACE_TESTS_FUZZ_FUZZ_SUPPORT_H_
