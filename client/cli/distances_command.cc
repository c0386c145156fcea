// `latentctl distances`.
#include "client/cli/distances_command.h"

#include <cmath>
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/cli/exit_codes.h"
#include "client/cli/picture_output.h"
#include "client/cli/proto_json.h"
#include "client/cli/text_output.h"

namespace latentspace::cli {
namespace {

using Response = v1::GetDistanceMatrixResponse;

// A matrix as the response holds it.
struct Metric {
  const char* flag;      // --metric value
  const char* json_key;  // in the JSON output
  const char* name;      // in tables and on the colour bar
  const char* title;     // the picture's, before "between the known models of ..."
  std::vector<double> (*values)(const Response&);  // row-major, empty when not recorded
  // Counts of sets by true model (row) and assigned model (column): the picture shows each row's
  // shares (the true model's sets assigned to each model).
  bool confusion = false;
};

template <typename Field>
std::vector<double> ToDoubles(const Field& field) {
  return std::vector<double>(field.begin(), field.end());
}

constexpr Metric kMetrics[] = {
    {kCentroidMetric, "centroid", "centroid distance", "Centroid distances",
     [](const Response& r) { return ToDoubles(r.centroid()); }},
    {kSlicedWassersteinMetric, "sliced_wasserstein", "sliced Wasserstein distance",
     "Sliced Wasserstein distances",
     [](const Response& r) { return ToDoubles(r.sliced_wasserstein()); }},
    {kClassifierMetric, "classifier_accuracy", "k-NN classifier accuracy",
     "Pairwise k-NN classifier accuracy",
     [](const Response& r) { return ToDoubles(r.classifier_accuracy()); }},
    {kConfusionMetric, "validation_confusion", "validation sets (row: true, column: assigned)",
     "Validation confusion", [](const Response& r) { return ToDoubles(r.validation_confusion()); },
     /*confusion=*/true},
    {kTestConfusionMetric, "test_confusion", "test sets (row: true, column: assigned)",
     "Test-set confusion", [](const Response& r) { return ToDoubles(r.test_confusion()); },
     /*confusion=*/true},
};

// The metrics --metric selects (all the response holds when empty).
std::vector<const Metric*> Selected(const std::string& flag, const Response& response) {
  std::vector<const Metric*> metrics;
  for (const Metric& metric : kMetrics) {
    if (flag.empty() ? !metric.values(response).empty() : flag == metric.flag) {
      metrics.push_back(&metric);
    }
  }
  return metrics;
}

// Entry (a, b) of a row-major models x models matrix; NaN when the server sent too few.
double Entry(const std::vector<double>& matrix, int models, int a, int b) {
  const size_t index = static_cast<size_t>(a) * models + b;
  return index < matrix.size() ? matrix[index] : std::nan("");
}

// A confusion matrix's counts as shares of their row (NaN for a row without sets).
std::vector<double> RowShares(std::vector<double> matrix, int n) {
  for (int a = 0; a < n; ++a) {
    double total = 0;
    for (int b = 0; b < n; ++b) total += Entry(matrix, n, a, b);
    for (int b = 0; b < n && static_cast<size_t>(a) * n + b < matrix.size(); ++b) {
      matrix[static_cast<size_t>(a) * n + b] /= total > 0 ? total : std::nan("");
    }
  }
  return matrix;
}

plot::Figure DistancesFigure(const v1::GetDistanceMatrixResponse& response, const Metric& metric) {
  const int n = response.models_size();
  const std::vector<double> matrix =
      metric.confusion ? RowShares(metric.values(response), n) : metric.values(response);
  plot::Figure figure;
  figure.SetTitle(absl::StrCat(metric.title, " between the known models of ",
                               EncoderTitle(response.encoder(), response.encoder_version())));
  // The first model on the left and at the top, as in the table.
  std::vector<std::string> columns(response.models().begin(), response.models().end());
  figure.SetCategories(plot::Axis::kX, columns);
  figure.SetCategories(plot::Axis::kY, {columns.rbegin(), columns.rend()});
  plot::HeatMap map;
  map.nx = map.ny = n;
  map.extent = {0, static_cast<double>(n), 0, static_cast<double>(n)};
  for (int iy = 0; iy < n; ++iy) {
    for (int ix = 0; ix < n; ++ix) {
      const double value = Entry(matrix, n, n - 1 - iy, ix);
      map.values.push_back(value);
      map.cell_labels.push_back(metric.confusion ? absl::StrFormat("%.2f", value)
                                                 : absl::StrFormat("%.3g", value));
    }
  }
  map.label = metric.name;
  if (metric.confusion) {
    figure.SetAxisLabels("assigned model", "true model");
    map.label = "share of the true model's sets";
  }
  figure.SetHeatMap(std::move(map));
  return figure;
}

Json DistancesToJson(const v1::GetDistanceMatrixResponse& response,
                     const std::vector<const Metric*>& metrics) {
  const int n = response.models_size();
  Json json = {{"encoder", response.encoder()},
               {"encoder_version", response.encoder_version()},
               {"models", response.models()}};
  for (const Metric* metric : metrics) {
    const std::vector<double> values = metric->values(response);
    Json rows = Json::array();
    for (int a = 0; a < n; ++a) {
      Json row = Json::array();
      for (int b = 0; b < n; ++b) row.push_back(Entry(values, n, a, b));
      rows.push_back(std::move(row));
    }
    json[metric->json_key] = std::move(rows);
    if (absl::string_view(metric->flag) == kClassifierMetric) {
      json["classifier_k"] = response.classifier_k();
      json["classifier_centroid_spearman"] = response.classifier_centroid_spearman();
    }
  }
  return json;
}

void PrintDistances(const v1::GetDistanceMatrixResponse& response,
                    const std::vector<const Metric*>& metrics, std::ostream& out) {
  const int n = response.models_size();
  for (const Metric* metric : metrics) {
    if (metric != metrics.front()) out << "\n";
    out << EncoderTitle(response.encoder(), response.encoder_version()) << ": " << metric->name
        << "\n";
    std::vector<std::string> header = {"MODEL"};
    header.insert(header.end(), response.models().begin(), response.models().end());
    Table table(std::move(header));
    const std::vector<double> values = metric->values(response);
    for (int a = 0; a < n; ++a) {
      std::vector<std::string> row = {response.models(a)};
      for (int b = 0; b < n; ++b) row.push_back(FormatNumber(Entry(values, n, a, b)));
      table.AddRow(std::move(row));
    }
    table.Print(out);
    if (absl::string_view(metric->flag) == kClassifierMetric) {
      out << "k = " << response.classifier_k()
          << " neighbours; rank correlation (Spearman) with the centroid distance: "
          << FormatNumber(response.classifier_centroid_spearman()) << "\n";
    }
  }
}

}  // namespace

int RunDistances(const DistancesArgs& args, const CommandContext& context) {
  int exit_code = kExitOk;
  v1::EncoderRef ref;
  absl::StatusOr<Client> client =
      ConnectForPicture(args.encoder, args.out, context, &ref, &exit_code);
  if (!client.ok()) return exit_code;
  v1::GetDistanceMatrixRequest request;
  *request.mutable_encoder() = ref;
  absl::StatusOr<v1::GetDistanceMatrixResponse> response = client->GetDistanceMatrix(request);
  if (!response.ok()) return context.ServerError(response.status());
  const std::vector<const Metric*> metrics = Selected(args.metric, *response);
  if (metrics.empty() || metrics.front()->values(*response).empty()) {
    return context.ServerError(absl::FailedPreconditionError(
        absl::StrCat(EncoderTitle(response->encoder(), response->encoder_version()), " has no ",
                     metrics.empty() ? "distance" : metrics.front()->name,
                     " matrix: its checkpoint was written before it was recorded")));
  }
  return WritePictureAndPrint(
      context, args.out, [&] { return DistancesFigure(*response, *metrics.front()); },
      [&] { return DistancesToJson(*response, metrics); },
      [&](std::ostream& out) { PrintDistances(*response, metrics, out); });
}

void AddDistancesCommand(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto args = std::make_shared<DistancesArgs>();
  CLI::App* command = app.add_subcommand(
      "distances", "Show the distances between an encoder's known models (table or heat map)");
  command->add_option("--encoder", args->encoder, "NAME or NAME:VERSION (default: latest)")
      ->required();
  command
      ->add_option(
          "--metric", args->metric,
          "centroid, sliced-wasserstein, classifier, confusion or test-confusion (default: all the "
          "encoder holds in the table, centroid in the picture)")
      ->check(CLI::IsMember({kCentroidMetric, kSlicedWassersteinMetric, kClassifierMetric,
                             kConfusionMetric, kTestConfusionMetric}));
  command->add_option("--out", args->out, "heat-map picture to write: .png, .svg or .pdf");
  SetRun(command, global, exit_code, "distances",
         [args](const CommandContext& context) { return RunDistances(*args, context); });
}

}  // namespace latentspace::cli
