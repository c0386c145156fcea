// `latentctl interpret`.
#include "client/cli/interpret_command.h"

#include <algorithm>
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/cli/contours_picture.h"
#include "client/cli/embed_command.h"
#include "client/cli/event_scoring.h"
#include "client/cli/exit_codes.h"
#include "client/cli/interrupt_scope.h"
#include "client/cli/nearest_command.h"
#include "client/cli/picture_output.h"
#include "client/cli/progress_bar.h"
#include "client/cli/proto_json.h"
#include "client/cli/selection_output.h"
#include "client/cli/text_output.h"

namespace latentspace::cli {
namespace {

constexpr double kContourMass = 0.5;

// "kept by detector NAME vVERSION at keep F" (at no cut for keep 0).
std::string SelectionLabel(const ScoreSummary& selection) {
  return absl::StrCat(
      "kept by detector ", selection.detector, " v", selection.detector_version,
      selection.keep == 0 ? " at no cut" : absl::StrCat(" at keep ", FormatNumber(selection.keep)));
}

// Embeds the kept events (or rows) and draws them over the encoder's contours.
absl::StatusOr<plot::Figure> SelectionFigure(Client& client, const v1::Encoder& encoder,
                                             const v1::EventBatch& kept,
                                             const ScoreSummary& selection,
                                             const CommandContext& context, int* exit_code) {
  v1::GetContoursRequest request;
  request.mutable_encoder()->set_name(encoder.name());
  request.mutable_encoder()->set_version(encoder.version());
  request.add_masses(kContourMass);
  absl::StatusOr<v1::GetContoursResponse> contours = client.GetContours(request);
  if (!contours.ok()) {
    *exit_code = context.ServerError(contours.status());
    return contours.status();
  }
  Overlay overlay{SelectionLabel(selection), {}};
  const int64_t size = BatchSize(kept);
  int64_t next = 0;
  const absl::StatusOr<EmbedCounts> counts = EmbedEvents(
      client, encoder,
      [&](int max_events, v1::EventBatch* batch) -> absl::StatusOr<bool> {
        const int64_t end = std::min(size, next + max_events);
        for (; next < end; ++next) AppendBatchItem(kept, next, batch);
        return next < size;
      },
      context,
      [&](const v1::LatentPoint& p) {
        overlay.points.push_back({p.x(), p.y()});
      },
      exit_code);
  if (!counts.ok()) return counts.status();
  plot::Figure figure = ContoursFigure(*contours, {overlay});
  figure.SetTitle(absl::StrCat("Events ", SelectionLabel(selection), " in the latent space of ",
                               EncoderTitle(encoder.name(), encoder.version())));
  return figure;
}

// The forward method's picture: the kept events' sets (one split) over the contours of the
// background-only template and of the best model's template at its fitted fraction.
plot::Figure TemplatesFigure(const v1::InterpretSelectionResponse& answer, int k,
                             const ScoreSummary& selection) {
  Overlay overlay{absl::StrCat("sets of ", k, " events ", SelectionLabel(selection)), {}};
  for (const v1::LatentPoint& p : answer.kept_sets()) overlay.points.push_back({p.x(), p.y()});
  plot::Figure figure = ContoursFigure(answer.template_contours(), {overlay});
  figure.SetTitle(absl::StrCat("Kept events against the hypotheses' templates (",
                               EncoderTitle(answer.encoder(), answer.encoder_version()),
                               "): verdict ", answer.verdict()));
  return figure;
}

// The forward-modelling request for every event or row of the file (the server applies the same
// cut).
v1::InterpretSelectionRequest ForwardRequest(const InterpretArgs& args, const v1::Encoder& encoder,
                                             const ScoreSummary& selection, v1::EventBatch events) {
  v1::InterpretSelectionRequest request;
  request.mutable_detector()->set_name(selection.detector);
  request.mutable_detector()->set_version(selection.detector_version);
  request.mutable_encoder()->set_name(encoder.name());
  request.mutable_encoder()->set_version(encoder.version());
  request.mutable_events()->Swap(&events);
  request.set_keep(selection.keep);
  for (const std::string& model : args.models) request.add_models(model);
  request.set_pseudo_experiments(args.pseudo_experiments);
  request.set_level(args.level);
  request.set_seed(args.seed);
  return request;
}

// The forward method's answer, its progress on a bar as the server works; *interrupted true
// stops the work.
absl::StatusOr<v1::InterpretSelectionResponse> InterpretWithProgress(
    Client& client, const v1::InterpretSelectionRequest& request, const std::string& file,
    const std::atomic<bool>* interrupted) {
  ProgressBar bar(absl::StrCat("interpreting ", file));
  return client.InterpretSelectionWithProgress(
      request,
      [&bar](const v1::InterpretSelectionProgress& progress) {
        const double fraction = progress.total() > 0 ? static_cast<double>(progress.done()) /
                                                           static_cast<double>(progress.total())
                                                     : 0;
        bar.Show(fraction,
                 absl::StrFormat("%s %d/%d, %.1fs elapsed", progress.step(), progress.done(),
                                 progress.total(), progress.elapsed_seconds()));
      },
      interrupted);
}

}  // namespace

int RunInterpret(const InterpretArgs& args, const CommandContext& context) {
  int exit_code = kExitOk;
  v1::EncoderRef encoder_ref;
  absl::StatusOr<Client> client =
      ConnectForPicture(args.encoder, args.out, context, &encoder_ref, &exit_code);
  if (!client.ok()) return exit_code;
  v1::EventLevel level = v1::EVENT_LEVEL_UNSPECIFIED;
  absl::StatusOr<ScoreInput> input = OpenScoreInput(args.input, context, &exit_code, &level);
  if (!input.ok()) return exit_code;
  // The nearest models, the contours and the points all come from one version.
  absl::StatusOr<v1::Encoder> encoder = client->GetEncoder(encoder_ref);
  if (!encoder.ok()) return context.ServerError(encoder.status());

  // The kept events or rows, and (forward) all of them, each batch with the events' level.
  v1::EventBatch kept, all;
  kept.set_level(level);
  all.set_level(level);
  const bool forward = args.method == "forward";
  const absl::StatusOr<ScoreSummary> selection = ScoreEventFile(
      *client, *input, context,
      [&](const v1::EventScore& score, const v1::EventBatch& sent, int64_t index, const Event*) {
        if (score.kept()) AppendBatchItem(sent, index, &kept);
        if (forward) AppendBatchItem(sent, index, &all);
        return absl::OkStatus();
      },
      &exit_code);
  if (!selection.ok()) return exit_code;
  const int k = std::max(1, encoder->events_per_set());
  if (BatchSize(kept) < k) {
    return context.LocalError(
        absl::StrFormat("%s: %d events %s, fewer than one set of k = %d events of %s",
                        args.input.file, BatchSize(kept), SelectionLabel(*selection), k,
                        EncoderTitle(encoder->name(), encoder->version())));
  }

  if (forward) {
    const InterruptScope interrupt_scope;  // Ctrl-C stops the server's work
    absl::StatusOr<v1::InterpretSelectionResponse> answer =
        InterpretWithProgress(*client, ForwardRequest(args, *encoder, *selection, std::move(all)),
                              args.input.file, interrupt_scope.interrupted());
    if (interrupt_scope.interrupted()->load()) {
      return context.LocalError("interrupted: the server stopped the interpretation");
    }
    if (!answer.ok()) return context.ServerError(answer.status());
    PrintWarnings(answer->warnings(), context.err);
    return WritePictureAndPrint(
        context, args.out, [&] { return TemplatesFigure(*answer, k, *selection); },
        [&] {
          Json json = InterpretationToJson(*answer);
          json["selection"] = ScoreSummaryToJson(*selection);
          return json;
        },
        [&](std::ostream& out) {
          out << ScoreSummaryText(*selection) << "\n";
          PrintInterpretation(*answer, out);
        });
  }
  absl::StatusOr<plot::Figure> figure;
  if (!args.out.empty()) {
    figure = SelectionFigure(*client, *encoder, kept, *selection, context, &exit_code);
    if (!figure.ok()) return exit_code;
  }
  v1::QueryNearestRequest request;
  request.mutable_encoder()->set_name(encoder->name());
  request.mutable_encoder()->set_version(encoder->version());
  request.mutable_events()->Swap(&kept);
  absl::StatusOr<v1::QueryNearestResponse> nearest = client->QueryNearest(request);
  if (!nearest.ok()) return context.ServerError(nearest.status());
  PrintWarnings(nearest->warnings(), context.err);
  return WritePictureAndPrint(
      context, args.out, [&] { return *std::move(figure); },
      [&] {
        Json json = NearestToJson(*nearest);
        json["selection"] = ScoreSummaryToJson(*selection);
        return json;
      },
      [&](std::ostream& out) {
        out << ScoreSummaryText(*selection) << "\n";
        PrintNearest(*nearest, kDefaultFitThreshold, out);
      });
}

void AddInterpretCommand(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto args = std::make_shared<InterpretArgs>();
  CLI::App* command = app.add_subcommand(
      "interpret",
      "Rank an encoder's known models for the events an anomaly detector keeps in a file");
  AddScoreInputOptions(command, &args->input, /*keep_required=*/true);
  command->add_option("--encoder", args->encoder, "NAME or NAME:VERSION (default: latest)")
      ->required();
  command->add_option("--out", args->out,
                      "picture: .png, .svg or .pdf; forward: the kept events' sets over the "
                      "templates' contours; nearest: the kept events over the known models'");
  command
      ->add_option("--method", args->method,
                   "forward: every known model forward-modelled through the same selection, "
                   "with a verdict (default); nearest: the kept events ranked against the "
                   "models' unselected events")
      ->check(CLI::IsMember({"forward", "nearest"}));
  command->add_option("--model", args->models,
                      "forward: a known model's stored sample (repeat; default: the encoder's "
                      "known models)");
  command
      ->add_option("--pseudo-experiments", args->pseudo_experiments,
                   "forward: per p-value (default 200)")
      ->check(CLI::Range(1, 10000));
  command->add_option("--level", args->level, "forward: alpha of the verdict (default 0.05)")
      ->check(CLI::Range(1e-6, 0.5));
  command->add_option("--seed", args->seed, "forward: templates and pseudo-data (default 1)");
  SetRun(command, global, exit_code, "interpret",
         [args](const CommandContext& context) { return RunInterpret(*args, context); });
}

}  // namespace latentspace::cli
