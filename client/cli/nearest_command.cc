// `latentctl nearest`.
#include "client/cli/nearest_command.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/cli/arguments.h"
#include "client/cli/embed_command.h"
#include "client/cli/exit_codes.h"
#include "client/cli/parameter_picture.h"
#include "client/cli/picture_output.h"
#include "client/cli/proto_json.h"
#include "client/cli/text_output.h"

namespace latentspace::cli {
namespace {

// Nodes per axis of the likelihood map a picture asks for.
constexpr int kPictureNodes = 96;

}  // namespace

// A posterior to four decimals; "<0.0001" and ">0.9999" instead of a rounded 0 or 1, which the
// posterior is only when a prior weight of 0 rules models out.
std::string FormatPosterior(double p) {
  if (p == 0 || p == 1) return absl::StrCat(p);
  if (p < 1e-4) return "<0.0001";
  if (p > 1 - 1e-4) return ">0.9999";
  return absl::StrFormat("%.4f", p);
}

// The verdict of the goodness-of-fit test at `threshold`, one line.
std::string FitLine(const v1::QueryNearestResponse& response, double threshold) {
  if (!response.has_fit()) return response.fit_note();
  const v1::GoodnessOfFit& fit = response.fit();
  if (fit.p_value() < threshold) {
    return absl::StrFormat(
        "no known model fits this sample (p = %s against %s, below %s): the posteriors above "
        "assume it is one of them",
        FormatNumber(fit.p_value()), fit.model(), FormatNumber(threshold));
  }
  return absl::StrFormat("fits %s as well as its held-out sets do (p = %s, %d held-out sets)",
                         fit.model(), FormatNumber(fit.p_value()), fit.reference_sets());
}

void PrintNearest(const v1::QueryNearestResponse& response, double fit_threshold,
                  std::ostream& out) {
  out << absl::StrFormat("encoder %s:%d, %d sets (%d events skipped)\n", response.encoder(),
                         response.encoder_version(), response.sets(), response.skipped_events());
  Table ranking({"RANK", "MODEL", "POSTERIOR", "SETS WON", "DISTANCE", "LOG-L/SET", "PARAMETERS"});
  int rank = 0;
  for (const v1::ModelMatch& match : response.ranking()) {
    ranking.AddRow({absl::StrCat(++rank), match.model(), FormatPosterior(match.posterior()),
                    absl::StrFormat("%.3f", match.fraction()), FormatNumber(match.distance()),
                    FormatNumber(match.mean_log_likelihood()),
                    FormatParameters(match.parameters())});
  }
  ranking.Print(out);
  out << "\n" << FitLine(response, fit_threshold) << "\n";
  if (!response.inference_note().empty()) out << response.inference_note() << "\n";
  if (response.inferred().empty()) return;
  out << "\ninferred parameters\n";
  Table inferred({"PARAMETER", "VALUE", "UNCERTAINTY (68%)", "STATISTICAL", "INTERPOLATION",
                  "MODELS", "NOTE"});
  for (const v1::InferredParameter& parameter : response.inferred()) {
    inferred.AddRow({parameter.name(), FormatNumber(parameter.value()),
                     absl::StrCat("± ", FormatNumber(parameter.uncertainty())),
                     FormatNumber(parameter.statistical()), FormatNumber(parameter.interpolation()),
                     absl::StrCat(parameter.models()), parameter.note()});
  }
  inferred.Print(out);
}

int RunNearest(const NearestArgs& args, const CommandContext& context) {
  int exit_code = kExitOk;
  v1::EncoderRef ref;
  absl::StatusOr<Client> client =
      ConnectForPicture(args.encoder, args.out, context, &ref, &exit_code);
  if (!client.ok()) return exit_code;
  if (args.file.empty() == args.sample.empty()) {
    return context.UsageError("give either FILE or --sample NAME");
  }
  if (!(args.fit_threshold > 0 && args.fit_threshold < 1)) {
    return context.UsageError(
        absl::StrCat("--fit-threshold ", args.fit_threshold, " must be in (0, 1)"));
  }
  absl::StatusOr<std::map<std::string, double>> truth = ParseParameters(args.truth);
  if (!truth.ok()) return context.UsageError(absl::StrCat("--truth: ", truth.status().message()));
  if (!truth->empty() && args.out.empty()) {
    return context.UsageError("--truth marks the picture: give --out too");
  }
  v1::QueryNearestRequest request;
  *request.mutable_encoder() = ref;
  if (!args.out.empty()) request.set_parameter_likelihood_nodes(kPictureNodes);
  absl::StatusOr<std::map<std::string, double>> prior = ParseParameters(args.prior);
  if (!prior.ok()) return context.UsageError(absl::StrCat("--prior: ", prior.status().message()));
  request.mutable_prior()->insert(prior->begin(), prior->end());
  int64_t skipped = 0;  // the file's events its embedding skipped
  if (!args.sample.empty()) {
    request.set_sample_name(args.sample);
  } else {
    v1::EventLevel level = v1::EVENT_LEVEL_UNSPECIFIED;
    absl::StatusOr<std::unique_ptr<InputFile>> input =
        InputFile::Open(args.file, args.events, context, &exit_code, &level);
    if (!input.ok()) return exit_code;
    // The file goes through Embed in bounded requests and only its sets' points go with the
    // query: a file of any size takes the memory of its points (16 bytes a set), and every point
    // comes from the version the query names.
    absl::StatusOr<v1::Encoder> encoder = client->GetEncoder(ref);
    if (!encoder.ok()) return context.ServerError(encoder.status());
    request.mutable_encoder()->set_version(encoder->version());
    v1::LatentPoints* points = request.mutable_points();
    points->set_level(level);
    absl::StatusOr<EmbedCounts> counts = EmbedEventFile(
        *client, *encoder, **input, args.file, context,
        [points](const v1::LatentPoint& point) { *points->add_points() = point; }, &exit_code);
    if (!counts.ok()) return exit_code;
    if (counts->sets == 0) {
      return context.LocalError(absl::StrFormat(
          "%s: no set: %d events read, %d skipped by preset %s of %s, fewer than the %d events "
          "of one set",
          args.file, counts->events, counts->skipped, encoder->preset(),
          EncoderTitle(encoder->name(), encoder->version()), encoder->events_per_set()));
    }
    skipped = counts->skipped;
  }
  absl::StatusOr<v1::QueryNearestResponse> response = client->QueryNearest(request);
  if (!response.ok()) return context.ServerError(response.status());
  if (request.has_points()) response->set_skipped_events(skipped);  // the server saw points
  PrintWarnings(response->warnings(), context.err);
  absl::StatusOr<plot::Figure> figure;
  if (!args.out.empty()) {
    figure = ParameterLikelihoodFigure(*response, *truth);
    if (!figure.ok()) return context.LocalError(figure.status().message());
  }
  return WritePictureAndPrint(
      context, args.out, [&] { return *std::move(figure); },
      [&] { return NearestToJson(*response); },
      [&](std::ostream& out) { PrintNearest(*response, args.fit_threshold, out); });
}

void AddNearestCommand(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto args = std::make_shared<NearestArgs>();
  CLI::App* command = app.add_subcommand(
      "nearest", "Rank an encoder's known models for a sample and infer its parameters");
  command->add_option("--encoder", args->encoder, "NAME or NAME:VERSION (default: latest)")
      ->required();
  command->add_option("FILE", args->file,
                      "Dark Machines CSV (.csv, .csv.gz), HepMC3 or LHE file, or a feature table");
  command->add_option("--sample", args->sample, "a stored sample instead of FILE");
  AddEventFileOptions(command, &args->events, kTableFormatHelp);
  command->add_option("--prior", args->prior,
                      "MODEL=WEIGHT prior weight of a known model (repeatable; others weigh 1)");
  command
      ->add_option("--fit-threshold", args->fit_threshold,
                   "p-value below which no known model fits the sample")
      ->capture_default_str();
  command->add_option("--out", args->out,
                      "write the likelihood over the inferred parameters as a picture (.png, "
                      ".svg, .pdf)");
  command->add_option("--truth", args->truth,
                      "NAME=VALUE the sample's true parameter, marked on the picture (repeatable)");
  SetRun(command, global, exit_code, "nearest",
         [args](const CommandContext& context) { return RunNearest(*args, context); });
}

}  // namespace latentspace::cli
