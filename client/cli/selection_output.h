// What `latentctl interpret --method forward` prints of DetectorService.InterpretSelection: the
// verdict with its reason, one row per known model (fitted signal fraction with its 68% interval,
// signal events kept, likelihood ratio against background only and its p-value), and the
// selection's counts; as JSON, the same with the intervals as [lower, upper].
#ifndef LATENTSPACE_CLIENT_CLI_SELECTION_OUTPUT_H_
#define LATENTSPACE_CLIENT_CLI_SELECTION_OUTPUT_H_

#include <ostream>

#include "client/cli/proto_json.h"
#include "latentspace/v1/detector_service.pb.h"

namespace latentspace::cli {

// {"verdict", "note", "warnings": [...], "ranking": [{"model", "signal_fraction",
// "signal_fraction_interval", "signal_events", "signal_events_interval", "likelihood_ratio",
// "p_value", "tail_events"}],
// "global_p_value", "background_fit_p_value", "best_fit_p_value", "kept_events",
// "expected_background_events", "background_events", "reference_events", "cut",
// "pseudo_experiments", "kept_sets": [[x, y], ...] (one split of the kept events),
// "template_contours": the templates' contours as ModelContoursToJson writes them}.
Json InterpretationToJson(const v1::InterpretSelectionResponse& response);

void PrintInterpretation(const v1::InterpretSelectionResponse& response, std::ostream& out);

}  // namespace latentspace::cli

#endif  // LATENTSPACE_CLIENT_CLI_SELECTION_OUTPUT_H_
