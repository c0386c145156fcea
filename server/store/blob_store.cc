// Blob kinds and their key prefixes.
#include "server/store/blob_store.h"

namespace latentspace::store {

absl::string_view BlobKindPrefix(BlobKind kind) {
  return kind == BlobKind::kSample ? "samples" : "encoders";
}

}  // namespace latentspace::store
