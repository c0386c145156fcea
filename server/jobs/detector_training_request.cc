// A detector training request as the server accepts it.
#include "server/jobs/detector_training_request.h"

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "server/jobs/common_training_request.h"
#include "server/store/name_validation.h"

namespace latentspace::server {
namespace {

constexpr absl::string_view kRequest = "detector training request";

absl::Status OutOfRange(absl::string_view field, double value, absl::string_view range) {
  return RequestFieldOutOfRange(kRequest, field, value, range);
}

}  // namespace

absl::StatusOr<v1::DetectorTrainingRequest> NormalizeDetectorTrainingRequest(
    v1::DetectorTrainingRequest request) {
  LATENT_RETURN_IF_ERROR(store::ValidateName("detector name", request.detector()));
  if (request.kind().empty()) request.set_kind("autoencoder");
  absl::StatusOr<DetectorKind> kind = ParseDetectorKind(request.kind());
  if (!kind.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(kRequest, " field 'kind': ", kind.status().message()));
  }
  LATENT_RETURN_IF_ERROR(store::ValidateName("reference sample name", request.reference()));
  if (request.signal().empty()) {
    if (DetectorNeedsSignal(*kind)) {
      return absl::InvalidArgumentError(absl::StrCat(
          kRequest, " field 'signal' is empty: a ", request.kind(),
          " is trained against a second sample (the signal region, or the data to search)"));
    }
  } else {
    LATENT_RETURN_IF_ERROR(store::ValidateName("signal sample name", request.signal()));
    if (request.signal() == request.reference()) {
      return absl::InvalidArgumentError(absl::StrCat(
          kRequest, " field 'signal' = '", request.signal(), "' is the reference sample too"));
    }
  }
  const DetectorTrainingOptions defaults;
  LATENT_RETURN_IF_ERROR(NormalizeSharedTrainingFields(kRequest, defaults.trainer,
                                                       defaults.validation_fraction, &request));
  if (request.latent_dim() == 0) {
    request.set_latent_dim(static_cast<int32_t>(defaults.architecture.latent_dim));
  }
  if (request.kl_weight() == 0) request.set_kl_weight(defaults.architecture.kl_weight);
  if (request.significance_keep() == 0) request.set_significance_keep(defaults.significance_keep);

  if (request.latent_dim() < 1 || request.latent_dim() > 64) {
    return OutOfRange("latent_dim", request.latent_dim(), "1..64");
  }
  if (!(request.kl_weight() > 0 && request.kl_weight() <= 100)) {
    return OutOfRange("kl_weight", request.kl_weight(), "(0, 100]");
  }
  if (!(request.significance_keep() > 0 && request.significance_keep() < 1)) {
    return OutOfRange("significance_keep", request.significance_keep(), "(0, 1)");
  }
  return request;
}

DetectorTrainingOptions DetectorOptionsFromRequest(const v1::DetectorTrainingRequest& request,
                                                   DeviceChoice device, int threads) {
  DetectorTrainingOptions options;
  options.kind = *ParseDetectorKind(request.kind());
  options.preset = request.preset();
  options.architecture.latent_dim = request.latent_dim();
  options.architecture.kl_weight = request.kl_weight();
  options.validation_fraction = request.validation_fraction();
  options.significance_keep = request.significance_keep();
  ScheduleFromRequest(request, device, threads, &options.trainer);
  return options;
}

}  // namespace latentspace::server
