// The categorical palette of latentspace's pictures: well-separated colours for known models and
// overlaid samples, one per index.
#ifndef LATENTSPACE_CLIENT_PLOT_PALETTE_H_
#define LATENTSPACE_CLIENT_PLOT_PALETTE_H_

#include "client/plot/colour.h"

namespace latentspace::plot {

// Tableau 10 (matplotlib's "tab10"), in its order: blue, orange, green, red, purple, brown, pink,
// grey, olive, cyan; then eight more, so that a dozen models (the dark-matter grid of
// docs/results.md) need no colour twice: six from matplotlib's "tab20b" and "tab20c" and two dark
// ones, each far enough from every other (indigo, light olive, salmon, lavender, sand, light
// green, dark teal, dark green).
inline constexpr int kCategoricalColourCount = 18;

// The colour of category `index` (>= 0); indices past the palette wrap around.
Rgb CategoricalColour(int index);

}  // namespace latentspace::plot

#endif  // LATENTSPACE_CLIENT_PLOT_PALETTE_H_
