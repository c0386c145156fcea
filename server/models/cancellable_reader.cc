// Opening a stored sample for a reader that stops when its call is gone.
#include "server/models/cancellable_reader.h"

#include "core/status_macros.h"

namespace latentspace::server {

absl::StatusOr<std::unique_ptr<EventReader>> OpenStoredSample(
    store::Store& store, const std::string& sample, const std::function<bool()>& cancelled,
    std::string* path) {
  LATENT_RETURN_IF_ERROR(store.VerifySample(sample));
  LATENT_ASSIGN_OR_RETURN(std::string file_path, store.SampleBlobPath(sample));
  LATENT_ASSIGN_OR_RETURN(std::unique_ptr<EventReader> file,
                          OpenEventReader(file_path, EventFormat::kDarkMachines));
  *path = std::move(file_path);
  return std::unique_ptr<EventReader>(
      std::make_unique<CancellableReader>(std::move(file), cancelled, sample));
}

}  // namespace latentspace::server
