// The anomaly detectors held in memory: how one is loaded.
#include "server/models/detector_registry.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"

namespace latentspace::server {
namespace {

absl::StatusOr<std::shared_ptr<const LoadedDetector>> LoadDetector(
    store::Store& store, DeviceChoice device, const store::DetectorRecord& record) {
  constexpr store::ModelKind kKind = store::ModelKind::kDetector;
  LATENT_RETURN_IF_ERROR(store.VerifyModel(kKind, record.name, record.version));
  LATENT_ASSIGN_OR_RETURN(std::string path,
                          store.ModelBlobPath(kKind, record.name, record.version));
  absl::StatusOr<std::unique_ptr<Detector>> detector = Detector::Load(path, device);
  if (!detector.ok()) {
    return absl::Status(detector.status().code(),
                        absl::StrCat("detector ", record.name, " version ", record.version, ": ",
                                     detector.status().message()));
  }
  return std::make_shared<const LoadedDetector>(LoadedDetector{record, *std::move(detector)});
}

}  // namespace

DetectorRegistry::DetectorRegistry(store::Store* store, DeviceChoice device, int max_loaded,
                                   std::function<void(int)> on_change)
    : ModelCache(
          store, store::ModelKind::kDetector, max_loaded,
          [store, device](const store::DetectorRecord& record) {
            return LoadDetector(*store, device, record);
          },
          std::move(on_change)) {}

}  // namespace latentspace::server
