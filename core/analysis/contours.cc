// Iso-proportion levels, enclosed mass and marching squares.
#include "core/analysis/contours.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <limits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/status_macros.h"

namespace latentspace {
namespace {

absl::Status CheckDensity(const Grid& density) {
  LATENT_RETURN_IF_ERROR(CheckGrid(density, /*check_values=*/true));
  for (size_t i = 0; i < density.values.size(); ++i) {
    if (density.values[i] < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("density values[", i, "] = ", density.values[i], " is negative"));
    }
  }
  return absl::OkStatus();
}

// The marching-squares lattice: the field's nodes, with (when closing at the border) one ring of
// "padding" nodes around them that are always outside and sit at the nearest border node's
// position, so regions reaching the border are closed along it.
class Lattice {
 public:
  Lattice(const Grid& field, double level, bool pad)
      : field_(field), level_(level), pad_(pad ? 1 : 0) {
    nx_ = field.nx + 2 * pad_;
    ny_ = field.ny + 2 * pad_;
  }

  int nx() const { return nx_; }
  int ny() const { return ny_; }
  int num_edges() const { return horizontal_edges() + (ny_ - 1) * nx_; }
  // Edge ids: (i, j)-(i+1, j) and (i, j)-(i, j+1).
  int HorizontalEdge(int i, int j) const { return j * (nx_ - 1) + i; }
  int VerticalEdge(int i, int j) const { return horizontal_edges() + j * nx_ + i; }

  double level() const { return level_; }
  bool Inside(int i, int j) const { return !Padding(i, j) && Value(i, j) >= level_; }
  double Value(int i, int j) const { return field_.at(i - pad_, j - pad_); }

  // Where the iso-line crosses edge `id` (whose end nodes differ in Inside()), and whether that
  // point is on the grid's border.
  LatentPoint Crossing(int id, bool* on_border) const {
    int i0, j0, i1, j1;
    if (id < horizontal_edges()) {
      i0 = id % (nx_ - 1);
      j0 = id / (nx_ - 1);
      i1 = i0 + 1;
      j1 = j0;
    } else {
      i0 = (id - horizontal_edges()) % nx_;
      j0 = (id - horizontal_edges()) / nx_;
      i1 = i0;
      j1 = j0 + 1;
    }
    const LatentPoint a = Position(i0, j0);
    const LatentPoint b = Position(i1, j1);
    if (Padding(i0, j0) || Padding(i1, j1)) {
      *on_border = true;
      return Padding(i0, j0) ? b : a;
    }
    *on_border = (i0 == i1 && (i0 == pad_ || i0 == nx_ - 1 - pad_)) ||
                 (j0 == j1 && (j0 == pad_ || j0 == ny_ - 1 - pad_));
    const double va = Value(i0, j0);
    const double vb = Value(i1, j1);
    const double t = std::clamp((level_ - va) / (vb - va), 0.0, 1.0);
    return {a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)};
  }

 private:
  int horizontal_edges() const { return ny_ * (nx_ - 1); }
  bool Padding(int i, int j) const {
    return i < pad_ || j < pad_ || i >= nx_ - pad_ || j >= ny_ - pad_;
  }
  LatentPoint Position(int i, int j) const {
    return {field_.x(std::clamp(i - pad_, 0, field_.nx - 1)),
            field_.y(std::clamp(j - pad_, 0, field_.ny - 1))};
  }

  const Grid& field_;
  double level_;
  int pad_;
  int nx_ = 0;
  int ny_ = 0;
};

struct Segment {
  int a;  // edge ids of its two ends
  int b;
};

// One cell's segments. Corners: bit 0 (i, j), 1 (i+1, j), 2 (i+1, j+1), 3 (i, j+1); edges:
// bottom, right, top, left.
void CellSegments(const Lattice& lattice, int i, int j, std::vector<Segment>* segments) {
  const int code = (lattice.Inside(i, j) ? 1 : 0) | (lattice.Inside(i + 1, j) ? 2 : 0) |
                   (lattice.Inside(i + 1, j + 1) ? 4 : 0) | (lattice.Inside(i, j + 1) ? 8 : 0);
  if (code == 0 || code == 15) return;
  const int bottom = lattice.HorizontalEdge(i, j);
  const int top = lattice.HorizontalEdge(i, j + 1);
  const int left = lattice.VerticalEdge(i, j);
  const int right = lattice.VerticalEdge(i + 1, j);
  auto add = [segments](int a, int b) { segments->push_back({a, b}); };
  switch (code) {
    case 1:
    case 14:
      add(left, bottom);
      break;
    case 2:
    case 13:
      add(bottom, right);
      break;
    case 3:
    case 12:
      add(left, right);
      break;
    case 4:
    case 11:
      add(right, top);
      break;
    case 6:
    case 9:
      add(bottom, top);
      break;
    case 7:
    case 8:
      add(left, top);
      break;
    case 5:
    case 10: {
      // Saddle: diagonal corners inside (padding nodes always come in outside pairs along a side,
      // so all four corners are real nodes). When the cell's centre is inside, the inside corners
      // are joined and the outside ones cut off; otherwise the inside corners are cut off.
      const double centre = 0.25 * (lattice.Value(i, j) + lattice.Value(i + 1, j) +
                                    lattice.Value(i + 1, j + 1) + lattice.Value(i, j + 1));
      const bool joined = centre >= lattice.level();
      if ((code == 5) == joined) {
        add(bottom, right);  // corner (i+1, j)
        add(top, left);      // corner (i, j+1)
      } else {
        add(left, bottom);  // corner (i, j)
        add(right, top);    // corner (i+1, j+1)
      }
      break;
    }
    default:
      break;
  }
}

}  // namespace

absl::StatusOr<double> IsoProportionLevel(const Grid& density, double p) {
  if (!(p > 0 && p <= 1)) {
    return absl::InvalidArgumentError(absl::StrCat("probability mass p = ", p, " not in (0, 1]"));
  }
  LATENT_RETURN_IF_ERROR(CheckDensity(density));
  std::vector<double> sorted = density.values;
  std::sort(sorted.begin(), sorted.end(), std::greater<double>());
  double total = 0;
  for (double value : sorted) total += value;
  if (!(total > 0)) return absl::InvalidArgumentError("density grid is zero everywhere");
  double cumulative = 0;
  for (double value : sorted) {
    cumulative += value;
    if (cumulative >= p * total) return value;
  }
  return sorted.back();
}

absl::StatusOr<double> EnclosedMass(const Grid& density, double level) {
  if (std::isnan(level)) return absl::InvalidArgumentError("level is NaN");
  LATENT_RETURN_IF_ERROR(CheckDensity(density));
  double total = 0, inside = 0;
  for (double value : density.values) {
    total += value;
    if (value >= level) inside += value;
  }
  if (!(total > 0)) return absl::InvalidArgumentError("density grid is zero everywhere");
  return inside / total;
}

absl::StatusOr<std::vector<Polyline>> MarchingSquares(const Grid& field, double level,
                                                      const ContourOptions& options) {
  if (!std::isfinite(level)) {
    return absl::InvalidArgumentError(absl::StrCat("contour level = ", level, " is not finite"));
  }
  LATENT_RETURN_IF_ERROR(CheckGrid(field, /*check_values=*/true));
  const Lattice lattice(field, level, options.close_at_border);
  std::vector<Segment> segments;
  for (int j = 0; j + 1 < lattice.ny(); ++j) {
    for (int i = 0; i + 1 < lattice.nx(); ++i) CellSegments(lattice, i, j, &segments);
  }
  // Each edge is shared by at most two cells, each adding at most one segment ending on it.
  std::vector<std::array<int, 2>> at_edge(lattice.num_edges(), {-1, -1});
  for (int s = 0; s < static_cast<int>(segments.size()); ++s) {
    for (int edge : {segments[s].a, segments[s].b}) {
      std::array<int, 2>& slots = at_edge[edge];
      slots[slots[0] < 0 ? 0 : 1] = s;
    }
  }
  std::vector<bool> used(segments.size(), false);
  std::vector<Polyline> polylines;
  // Follows segments from `edge` through segment `s` until the chain closes or ends.
  auto trace = [&](int start_edge, int s) {
    Polyline line;
    bool on_border = false;
    auto append = [&](int edge) {
      const LatentPoint p = lattice.Crossing(edge, &on_border);
      line.touches_border |= on_border;
      if (line.points.empty() || p.x != line.points.back().x || p.y != line.points.back().y) {
        line.points.push_back(p);
      }
    };
    append(start_edge);
    int edge = start_edge;
    while (true) {
      used[s] = true;
      edge = segments[s].a == edge ? segments[s].b : segments[s].a;
      if (edge == start_edge) {
        line.closed = true;
        break;
      }
      append(edge);
      const std::array<int, 2>& slots = at_edge[edge];
      const int next = slots[0] == s ? slots[1] : slots[0];
      if (next < 0 || used[next]) break;  // open end (on the border)
      s = next;
    }
    if (line.closed && line.points.size() > 1 && line.points.front().x == line.points.back().x &&
        line.points.front().y == line.points.back().y) {
      line.points.pop_back();
    }
    polylines.push_back(std::move(line));
  };
  // Open chains start at an edge with a single segment; what is left are closed loops.
  for (int edge = 0; edge < lattice.num_edges(); ++edge) {
    const std::array<int, 2>& slots = at_edge[edge];
    if (slots[0] >= 0 && slots[1] < 0 && !used[slots[0]]) trace(edge, slots[0]);
  }
  for (int s = 0; s < static_cast<int>(segments.size()); ++s) {
    if (!used[s]) trace(segments[s].a, s);
  }
  return polylines;
}

}  // namespace latentspace
