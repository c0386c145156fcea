// The categorical palette (Tableau 10, then eight more).
#include "client/plot/palette.h"

#include <array>

namespace latentspace::plot {
namespace {

constexpr std::array<uint32_t, kCategoricalColourCount> kPalette = {
    0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd,
    0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf,  // tab10
    0x393b79, 0xb5cf6b, 0xd6616b, 0x9c9ede, 0xe7cb94,  // tab20b
    0x74c476,                                          // tab20c
    0x005f5f, 0x00441b,
};

}  // namespace

Rgb CategoricalColour(int index) {
  const int wrapped =
      ((index % kCategoricalColourCount) + kCategoricalColourCount) % kCategoricalColourCount;
  return Rgb::FromHex(kPalette[wrapped]);
}

}  // namespace latentspace::plot
