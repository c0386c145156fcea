// Text exposition format 0.0.4: value formatting, escaping, family and sample lines.
#include "server/metrics/text_exposition.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <system_error>

#include "absl/strings/str_cat.h"

namespace latentspace::metrics {
namespace {

std::string Escape(absl::string_view text, bool escape_quote) {
  std::string escaped;
  escaped.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '\\':
        escaped += "\\\\";
        break;
      case '\n':
        escaped += "\\n";
        break;
      case '"':
        escaped += escape_quote ? "\\\"" : "\"";
        break;
      default:
        escaped += c;
    }
  }
  return escaped;
}

// NAME{a="x",b="y",le="0.5"} VALUE\n; `le` empty means no le label.
void AppendSample(absl::string_view name, absl::string_view suffix, const Labels& labels,
                  absl::string_view le, absl::string_view value, std::string* out) {
  absl::StrAppend(out, name, suffix);
  if (!labels.empty() || !le.empty()) {
    out->push_back('{');
    bool first = true;
    for (const auto& [label, label_value] : labels) {
      if (!first) out->push_back(',');
      first = false;
      absl::StrAppend(out, label, "=\"", EscapeLabelValue(label_value), "\"");
    }
    if (!le.empty()) absl::StrAppend(out, first ? "" : ",", "le=\"", le, "\"");
    out->push_back('}');
  }
  absl::StrAppend(out, " ", value, "\n");
}

}  // namespace

std::string FormatValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  // Shortest round-trip digits in scientific form, e.g. "-1.2345e+06".
  char buffer[64];
  const std::to_chars_result result =
      std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::scientific);
  const std::string scientific(buffer, result.ptr);
  const size_t e = scientific.find('e');
  const int exponent = std::atoi(scientific.c_str() + e + 1);
  // Go's 'g' with the shortest precision uses %e when exponent < -4 || exponent >= 6 (its "eprec"
  // for shortest output); %e then looks like C's: at least two exponent digits.
  if (exponent < -4 || exponent >= 6) return scientific;

  const bool negative = scientific[0] == '-';
  std::string digits;  // significant digits without the point
  for (size_t i = negative ? 1 : 0; i < e; ++i) {
    if (scientific[i] != '.') digits.push_back(scientific[i]);
  }
  std::string fixed = negative ? "-" : "";
  if (exponent >= 0) {
    const size_t integer_digits = static_cast<size_t>(exponent) + 1;
    if (digits.size() <= integer_digits) {
      fixed += digits;
      fixed.append(integer_digits - digits.size(), '0');
    } else {
      fixed += digits.substr(0, integer_digits);
      fixed += '.';
      fixed += digits.substr(integer_digits);
    }
  } else {
    fixed += "0.";
    fixed.append(static_cast<size_t>(-exponent - 1), '0');
    fixed += digits;
  }
  return fixed;
}

std::string EscapeHelp(absl::string_view help) { return Escape(help, /*escape_quote=*/false); }

std::string EscapeLabelValue(absl::string_view value) {
  return Escape(value, /*escape_quote=*/true);
}

void AppendFamilyText(const FamilySnapshot& family, std::string* out) {
  if (!family.help.empty()) {
    absl::StrAppend(out, "# HELP ", family.name, " ", EscapeHelp(family.help), "\n");
  }
  absl::StrAppend(out, "# TYPE ", family.name, " ", MetricTypeName(family.type), "\n");
  for (const MetricSnapshot& metric : family.metrics) {
    if (family.type != MetricType::kHistogram) {
      AppendSample(family.name, "", metric.labels, "", FormatValue(metric.value), out);
      continue;
    }
    const HistogramSnapshot& histogram = metric.histogram;
    for (size_t i = 0; i < histogram.cumulative_counts.size(); ++i) {
      const std::string le = i < histogram.upper_bounds.size()
                                 ? FormatValue(histogram.upper_bounds[i])
                                 : std::string("+Inf");
      AppendSample(family.name, "_bucket", metric.labels, le,
                   absl::StrCat(histogram.cumulative_counts[i]), out);
    }
    AppendSample(family.name, "_sum", metric.labels, "", FormatValue(histogram.sum), out);
    AppendSample(family.name, "_count", metric.labels, "", absl::StrCat(histogram.count), out);
  }
}

std::string SerializeText(const std::vector<FamilySnapshot>& families) {
  std::string out;
  for (const FamilySnapshot& family : families) AppendFamilyText(family, &out);
  return out;
}

std::string ExposeText(Registry& registry) { return SerializeText(registry.Collect()); }

}  // namespace latentspace::metrics
