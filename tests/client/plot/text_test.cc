// Tests of text on a cairo page through Pango: markup is read only where the style says so (a
// subscript is narrower than its tags written out), malformed markup is refused with Pango's
// reason, escaping makes any name safe inside markup, and rotation keeps the measured width.
#include "client/plot/text.h"

#include <cairo.h>

#include <memory>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace latentspace::plot {
namespace {

using ::testing::HasSubstr;

class TextTest : public ::testing::Test {
 protected:
  void SetUp() override {
    surface_ = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 400, 200);
    cr_ = cairo_create(surface_);
  }
  void TearDown() override {
    cairo_destroy(cr_);
    cairo_surface_destroy(surface_);
  }
  cairo_surface_t* surface_ = nullptr;
  cairo_t* cr_ = nullptr;
};

TEST_F(TextTest, MarkupIsReadOnlyWhenAsked) {
  const std::string label = "<i>E</i><sub>T</sub><sup>miss</sup> [GeV]";
  TextStyle plain{15};
  TextStyle markup{15, false, kBlack, true};
  const double drawn = TextWidth(cr_, label, markup);
  const double literal = TextWidth(cr_, label, plain);
  EXPECT_GT(drawn, 0);
  EXPECT_LT(drawn, 0.6 * literal) << "the tags are not drawn";
  // A subscript is smaller than the same letters at full size.
  EXPECT_LT(TextWidth(cr_, "x<sub>miss</sub>", markup), TextWidth(cr_, "xmiss", plain));
  // Size scales the width.
  EXPECT_NEAR(TextWidth(cr_, "Gluino", TextStyle{26}) / TextWidth(cr_, "Gluino", TextStyle{13}), 2,
              0.15);
  EXPECT_GT(LineHeight(cr_, TextStyle{26}), 1.8 * LineHeight(cr_, TextStyle{13}));
}

TEST_F(TextTest, MalformedMarkupIsRefusedWithTheReason) {
  EXPECT_TRUE(CheckMarkup("<i>z</i><sub>1</sub>").ok());
  EXPECT_TRUE(CheckMarkup("plain words").ok());
  const absl::Status unclosed = CheckMarkup("p<sub>T [GeV]");
  EXPECT_EQ(unclosed.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(unclosed.message(), HasSubstr("'p<sub>T [GeV]' is not valid Pango markup"));
  EXPECT_EQ(CheckMarkup("Q & A").code(), absl::StatusCode::kInvalidArgument);
  // Drawn anyway (as plain text) without a crash.
  DrawText(cr_, "p<sub>T [GeV]", TextStyle{13, false, kBlack, true}, 10, 10, HAlign::kLeft,
           VAlign::kTop);
}

TEST_F(TextTest, EscapedNamesAreTheirPlainText) {
  const std::string name = "model <a> & 'b'";
  const std::string escaped = EscapeMarkup(name);
  ASSERT_TRUE(CheckMarkup(escaped).ok()) << escaped;
  EXPECT_NEAR(TextWidth(cr_, escaped, TextStyle{13, false, kBlack, true}),
              TextWidth(cr_, name, TextStyle{13}), 1e-9);
}

}  // namespace
}  // namespace latentspace::plot
