// Colours of latentspace's pictures: red, green and blue in [0, 1], written as 8-bit hex values.
#ifndef LATENTSPACE_CLIENT_PLOT_COLOUR_H_
#define LATENTSPACE_CLIENT_PLOT_COLOUR_H_

#include <cstdint>

namespace latentspace::plot {

struct Rgb {
  double r = 0;
  double g = 0;
  double b = 0;

  // 0xRRGGBB.
  static constexpr Rgb FromHex(uint32_t hex) {
    return {((hex >> 16) & 0xff) / 255.0, ((hex >> 8) & 0xff) / 255.0, (hex & 0xff) / 255.0};
  }
};

inline constexpr Rgb kBlack = Rgb::FromHex(0x000000);
inline constexpr Rgb kWhite = Rgb::FromHex(0xffffff);
inline constexpr Rgb kDarkGrey = Rgb::FromHex(0x404040);
inline constexpr Rgb kGridGrey = Rgb::FromHex(0xe5e5e5);

// Luma (Rec. 709 weights on the stored values), 0 for black to 1 for white: whether dark or
// light text reads better on a colour.
inline double Luminance(const Rgb& colour) {
  return 0.2126 * colour.r + 0.7152 * colour.g + 0.0722 * colour.b;
}

}  // namespace latentspace::plot

#endif  // LATENTSPACE_CLIENT_PLOT_COLOUR_H_
