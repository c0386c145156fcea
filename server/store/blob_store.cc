// Blob kinds and their key prefixes.
#include "server/store/blob_store.h"

namespace latentspace::store {

absl::string_view BlobKindPrefix(BlobKind kind) {
  switch (kind) {
    case BlobKind::kSample:
      return "samples";
    case BlobKind::kEncoder:
      return "encoders";
    case BlobKind::kDetector:
      return "detectors";
  }
  return "";
}

}  // namespace latentspace::store
