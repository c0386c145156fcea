// The categorical palette (Tableau 10).
#include "client/plot/palette.h"

#include <array>

namespace latentspace::plot {
namespace {

constexpr std::array<uint32_t, kCategoricalColourCount> kTableau10 = {
    0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd,
    0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf,
};

}  // namespace

Rgb CategoricalColour(int index) {
  const int wrapped =
      ((index % kCategoricalColourCount) + kCategoricalColourCount) % kCategoricalColourCount;
  return Rgb::FromHex(kTableau10[wrapped]);
}

}  // namespace latentspace::plot
