// A detector's description without its checkpoint: the JSON summary a detector job stores with the
// record (kind, samples, architecture, held-out results), and the API's Detector built from it.
#ifndef LATENTSPACE_SERVER_JOBS_DETECTOR_SUMMARY_H_
#define LATENTSPACE_SERVER_JOBS_DETECTOR_SUMMARY_H_

#include <string>

#include "core/nn/detector_training.h"
#include "latentspace/v1/detector_service.pb.h"
#include "server/store/records.h"

namespace latentspace::server {

std::string DetectorSummaryJson(const DetectorTrainingReport& report,
                                const v1::DetectorTrainingRequest& request);

// The listing's view of a stored detector (feature_names, history and cuts left empty). A summary
// that does not parse leaves the fields it would fill at their zero values.
v1::Detector DetectorRecordToProto(const store::DetectorRecord& record, bool loaded);

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_JOBS_DETECTOR_SUMMARY_H_
