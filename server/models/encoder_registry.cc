// The encoders held in memory: how one is loaded.
#include "server/models/encoder_registry.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"

namespace latentspace::server {
namespace {

absl::StatusOr<std::shared_ptr<const LoadedEncoder>> LoadEncoder(
    store::Store& store, DeviceChoice device, const store::EncoderRecord& record) {
  LATENT_RETURN_IF_ERROR(store.VerifyEncoder(record.name, record.version));
  LATENT_ASSIGN_OR_RETURN(std::string path, store.EncoderBlobPath(record.name, record.version));
  absl::StatusOr<std::unique_ptr<Encoder>> encoder = Encoder::Load(path, device);
  if (!encoder.ok()) {
    return absl::Status(encoder.status().code(),
                        absl::StrCat("encoder ", record.name, " version ", record.version, ": ",
                                     encoder.status().message()));
  }
  const EncoderMetadata& metadata = (*encoder)->metadata();
  LATENT_ASSIGN_OR_RETURN(KnownModelSpace space,
                          KnownModelSpace::Build(metadata.models, metadata.standardiser.names()));
  return std::make_shared<const LoadedEncoder>(
      LoadedEncoder{record, *std::move(encoder), std::move(space)});
}

}  // namespace

EncoderRegistry::EncoderRegistry(store::Store* store, DeviceChoice device, int max_loaded,
                                 std::function<void(int)> on_change)
    : ModelCache(
          store, store::ModelKind::kEncoder, max_loaded,
          [store, device](const store::EncoderRecord& record) {
            return LoadEncoder(*store, device, record);
          },
          std::move(on_change)) {}

}  // namespace latentspace::server
