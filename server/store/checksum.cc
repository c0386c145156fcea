// CRC-32 blob checksums on top of zlib.
#include "server/store/checksum.h"

#include <zlib.h>

#include <algorithm>

#include "absl/strings/str_format.h"

namespace latentspace::store {

void Crc32Checksum::Update(absl::string_view data) {
  // zlib takes the length as uInt: feed large buffers in pieces.
  constexpr size_t kMaxPiece = 1u << 30;
  while (!data.empty()) {
    const size_t piece = std::min(data.size(), kMaxPiece);
    crc_ = static_cast<uint32_t>(
        crc32(crc_, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(piece)));
    data.remove_prefix(piece);
  }
}

std::string Crc32Checksum::ToString() const { return absl::StrFormat("crc32:%08x", crc_); }

std::string ChecksumOf(absl::string_view data) {
  Crc32Checksum checksum;
  checksum.Update(data);
  return checksum.ToString();
}

}  // namespace latentspace::store
