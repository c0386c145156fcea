// `latentctl interpret --method forward`'s table and JSON.
#include "client/cli/selection_output.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/cli/text_output.h"

namespace latentspace::cli {
namespace {

std::string FormatInterval(double value, double lower, double upper) {
  return absl::StrCat(FormatNumber(value), " [", FormatNumber(lower), ", ", FormatNumber(upper),
                      "]");
}

}  // namespace

Json InterpretationToJson(const v1::InterpretSelectionResponse& response) {
  Json ranking = Json::array();
  for (const v1::SelectionHypothesis& fit : response.ranking()) {
    ranking.push_back(
        {{"model", fit.model()},
         {"signal_fraction", fit.signal_fraction()},
         {"signal_fraction_interval", {fit.signal_fraction_lower(), fit.signal_fraction_upper()}},
         {"calibrated", fit.calibrated()},
         {"signal_events", fit.signal_events()},
         {"signal_events_interval", {fit.signal_events_lower(), fit.signal_events_upper()}},
         {"likelihood_ratio", fit.likelihood_ratio()},
         {"p_value", fit.p_value()},
         {"tail_events", fit.tail_events()}});
  }
  Json kept_sets = Json::array();
  for (const v1::LatentPoint& p : response.kept_sets()) kept_sets.push_back({p.x(), p.y()});
  return Json{{"detector", response.detector()},
              {"detector_version", response.detector_version()},
              {"encoder", response.encoder()},
              {"encoder_version", response.encoder_version()},
              {"verdict", response.verdict()},
              {"note", response.note()},
              {"warnings", StringsToJson(response.warnings())},
              {"ranking", ranking},
              {"global_p_value", response.global_p_value()},
              {"background_fit_p_value", response.background_fit_p_value()},
              {"best_fit_p_value", response.best_fit_p_value()},
              {"keep", response.keep()},
              {"cut", response.cut()},
              {"data_events", response.data_events()},
              {"kept_events", response.kept_events()},
              {"expected_background_events", response.expected_background_events()},
              {"reference_events", response.reference_events()},
              {"background_events", response.background_events()},
              {"pseudo_experiments", response.pseudo_experiments()},
              {"kept_sets", std::move(kept_sets)},
              {"template_contours", ModelContoursToJson(response.template_contours())}};
}

void PrintInterpretation(const v1::InterpretSelectionResponse& response, std::ostream& out) {
  out << "verdict: " << response.verdict() << " (" << response.note() << ")\n";
  Table table({"#", "MODEL", "SIGNAL FRACTION [68%]", "SIGNAL EVENTS [68%]", "RATIO", "P-VALUE",
               "TAIL EVENTS"});
  int rank = 0;
  bool calibrated = false;
  for (const v1::SelectionHypothesis& fit : response.ranking()) {
    calibrated = calibrated || fit.calibrated();
    table.AddRow(
        {absl::StrCat(++rank), fit.model(),
         FormatInterval(fit.signal_fraction(), fit.signal_fraction_lower(),
                        fit.signal_fraction_upper()) +
             (fit.calibrated() ? " *" : ""),
         FormatInterval(fit.signal_events(), fit.signal_events_lower(), fit.signal_events_upper()),
         FormatNumber(fit.likelihood_ratio()), FormatNumber(fit.p_value()),
         absl::StrCat(fit.tail_events())});
  }
  table.Print(out);
  if (calibrated) {
    out << "* median-unbiased fraction and 68% Neyman interval from pseudo-data; the others: "
           "maximum likelihood with a profile-likelihood interval\n";
  }
  out << absl::StrFormat(
      "kept %d of %d events (%s expected from background alone); selected background: %d of %d "
      "held-out reference events; p-values from %d pseudo-experiments (global %s, models "
      "included)\n",
      response.kept_events(), response.data_events(),
      FormatNumber(response.expected_background_events()), response.background_events(),
      response.reference_events(), response.pseudo_experiments(),
      FormatNumber(response.global_p_value()));
}

}  // namespace latentspace::cli
