// Blob checksums: CRC-32 (zlib's polynomial, the one S3 also offers as x-amz-checksum-crc32),
// computed incrementally while a blob streams in, written "crc32:" + 8 lowercase hex digits. The
// prefix names the algorithm so that a stronger one can be added later beside it.
#ifndef LATENTSPACE_SERVER_STORE_CHECKSUM_H_
#define LATENTSPACE_SERVER_STORE_CHECKSUM_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace latentspace::store {

class Crc32Checksum {
 public:
  void Update(absl::string_view data);
  uint32_t value() const { return crc_; }
  // "crc32:0123abcd".
  std::string ToString() const;

 private:
  uint32_t crc_ = 0;
};

// The checksum string of `data` in one go.
std::string ChecksumOf(absl::string_view data);

}  // namespace latentspace::store

#endif  // LATENTSPACE_SERVER_STORE_CHECKSUM_H_
