// Parameter inference rows for the results page.
#include "client/reproduce/inference_table.h"

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"

namespace latentspace::reproduce {

absl::StatusOr<Inference> Infer(const Study& study, const std::string& label,
                                const std::string& encoder, const std::string& file,
                                const std::map<std::string, double>& truth,
                                const std::string& picture) {
  cli::NearestArgs args;
  args.encoder = encoder;
  args.file = file;
  if (!picture.empty()) {
    args.out = study.page.PicturePath(picture);
    for (const auto& [name, value] : truth) args.truth.push_back(absl::StrCat(name, "=", value));
  }
  LATENT_ASSIGN_OR_RETURN(Json nearest, study.steps.Nearest(args));
  if (!picture.empty()) {
    study.page.Picture(picture,
                       absl::StrCat(label,
                                    ": the sample's likelihood over the family's parameters "
                                    "(`latentctl nearest --out ... --truth ...`), the known "
                                    "models, the estimate with its 68% interval and the truth"));
  }
  const Json& best = nearest["ranking"].at(0);
  const std::string nearest_model = absl::StrCat(
      study.page.Text(absl::StrCat(label, ": nearest model"), best["model"].get<std::string>()),
      " (",
      study.page.Number(absl::StrCat(label, ": nearest model's share of sets (%)"),
                        100 * best["fraction"].get<double>()),
      "%)");
  Inference inference;
  for (const Json& inferred : nearest["inferred"]) {
    const std::string name = inferred["name"].get<std::string>();
    const auto true_value = truth.find(name);
    if (true_value == truth.end()) continue;
    const double value = NumberOrNan(inferred["value"]);
    const double uncertainty = NumberOrNan(inferred["uncertainty"]);
    const std::string prefix = absl::StrCat(label, ": ", name);
    const std::string estimate = study.page.Number(prefix + " estimate", value, 4);
    inference.estimates[name] = estimate;
    inference.uncertainties[name] = uncertainty;
    inference.rows.push_back(
        {label, name, FormatValue(true_value->second, 4), estimate,
         study.page.Number(prefix + " uncertainty", uncertainty, 3),
         study.page.Number(prefix + " pull", (value - true_value->second) / uncertainty, 2),
         nearest_model});
  }
  return inference;
}

}  // namespace latentspace::reproduce
