// Tests of picture output: the format from the extension, and the atomic write: a bad extension,
// an unwritable directory or a failed render leave no file (and no temporary file), and an
// existing file is replaced only by a complete picture.
#include "client/plot/image_file.h"

#include <filesystem>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/paths.h"
#include "tests/testing/png_inspection.h"

namespace latentspace::plot {
namespace {

using ::testing::HasSubstr;

void DrawGrey(cairo_t* cr) {
  cairo_set_source_rgb(cr, 0.5, 0.5, 0.5);
  cairo_paint(cr);
}

// Leaves cr in an error state (a restore without a save).
void DrawBroken(cairo_t* cr) {
  DrawGrey(cr);
  cairo_restore(cr);
}

int FilesIn(const std::string& dir) {
  int count = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++count;
  return count;
}

TEST(ImageFormatForPathTest, ByExtensionInAnyCase) {
  EXPECT_EQ(*ImageFormatForPath("a/b/plot.png"), ImageFormat::kPng);
  EXPECT_EQ(*ImageFormatForPath("plot.SVG"), ImageFormat::kSvg);
  EXPECT_EQ(*ImageFormatForPath("x.y.Pdf"), ImageFormat::kPdf);
}

TEST(ImageFormatForPathTest, OtherExtensionsAreNamedInTheError) {
  const absl::StatusOr<ImageFormat> gif = ImageFormatForPath("dir/plot.gif");
  ASSERT_FALSE(gif.ok());
  EXPECT_EQ(gif.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(gif.status().message(), HasSubstr("\".gif\""));
  EXPECT_THAT(gif.status().message(), HasSubstr("dir/plot.gif"));
  const absl::StatusOr<ImageFormat> none = ImageFormatForPath("plot");
  ASSERT_FALSE(none.ok());
  EXPECT_THAT(none.status().message(), HasSubstr("no extension"));
  EXPECT_FALSE(ImageFormatForPath("png").ok());
}

TEST(WriteImageTest, WritesAPngOfTheRequestedSize) {
  const std::string dir = testing::ScratchDir();
  const std::string path = dir + "/grey.png";
  ASSERT_TRUE(WriteImage(path, 40, 30, DrawGrey).ok());
  const std::optional<testing::PngImage> image = testing::ReadPng(path);
  ASSERT_TRUE(image.has_value());
  EXPECT_EQ(image->width, 40);
  EXPECT_EQ(image->height, 30);
  EXPECT_EQ(image->CountNear({128, 128, 128}, 1), 40 * 30);
  EXPECT_EQ(FilesIn(dir), 1) << "a temporary file was left behind";
}

TEST(WriteImageTest, BadExtensionLeavesNoFile) {
  const std::string dir = testing::ScratchDir();
  const absl::Status status = WriteImage(dir + "/plot.gif", 40, 30, DrawGrey);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FilesIn(dir), 0);
}

TEST(WriteImageTest, UnwritableDirectoryIsAnErrorNamingThePath) {
  const std::string dir = testing::ScratchDir();
  // A regular file where a directory should be: not writable, even for root.
  const std::string not_a_dir = testing::WriteFile(dir + "/file", "x");
  const std::string path = not_a_dir + "/plot.png";
  const absl::Status status = WriteImage(path, 40, 30, DrawGrey);
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr(path));
  EXPECT_FALSE(std::filesystem::exists(path));
  const absl::Status missing = WriteImage(dir + "/no/such/dir/plot.svg", 40, 30, DrawGrey);
  EXPECT_FALSE(missing.ok());
  EXPECT_THAT(missing.message(), HasSubstr(dir + "/no/such/dir/plot.svg"));
  EXPECT_EQ(FilesIn(dir), 1);
}

TEST(WriteImageTest, FailedRenderLeavesAnExistingFileUntouchedAndNoTemporary) {
  const std::string dir = testing::ScratchDir();
  for (const char* name : {"/old.png", "/old.svg", "/old.pdf"}) {
    const std::string path = testing::WriteFile(dir + name, "previous content");
    const absl::Status status = WriteImage(path, 40, 30, DrawBroken);
    EXPECT_EQ(status.code(), absl::StatusCode::kInternal) << name;
    EXPECT_THAT(status.message(), HasSubstr(path));
    EXPECT_EQ(testing::ReadFile(path), "previous content") << name;
  }
  EXPECT_EQ(FilesIn(dir), 3);
}

TEST(WriteImageTest, ReplacesAnExistingFile) {
  const std::string dir = testing::ScratchDir();
  const std::string path = testing::WriteFile(dir + "/plot.png", "previous content");
  ASSERT_TRUE(WriteImage(path, 10, 10, DrawGrey).ok());
  EXPECT_TRUE(testing::ReadPng(path).has_value());
  EXPECT_EQ(FilesIn(dir), 1);
}

}  // namespace
}  // namespace latentspace::plot
