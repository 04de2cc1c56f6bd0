// image/thumbnail: probing, thumbnails and previews of real images, made here with libvips.
#include "image/thumbnail.hpp"

#include <gtest/gtest.h>
#include <vips/vips.h>

#include "image/raster.hpp"
#include "util/hash.hpp"

namespace parley::image {
namespace {

// A width x height image with `bands` bands (4: with alpha), a gradient so encoders have
// something to encode, saved as `format`; `orientation` (1-8) goes into JPEG EXIF.
std::string make_image(int width, int height, const std::string& format, int bands = 3,
                       int orientation = 1) {
  render_svg("<svg xmlns='http://www.w3.org/2000/svg' width='1' height='1'/>", "png");  // init
  VipsImage* xyz = nullptr;
  VipsImage* band = nullptr;
  VipsImage* bytes = nullptr;
  VipsImage* joined = nullptr;
  EXPECT_EQ(vips_xyz(&xyz, width, height, nullptr), 0);
  EXPECT_EQ(vips_extract_band(xyz, &band, 0, nullptr), 0);
  EXPECT_EQ(vips_cast_uchar(band, &bytes, nullptr), 0);
  VipsImage* copies[4] = {bytes, bytes, bytes, bytes};
  EXPECT_EQ(vips_bandjoin(copies, &joined, bands, nullptr), 0);
  joined->Type = VIPS_INTERPRETATION_sRGB;
  if (orientation != 1) vips_image_set_int(joined, VIPS_META_ORIENTATION, orientation);
  void* out = nullptr;
  std::size_t size = 0;
  int failed = 0;
  if (format == "png") {
    failed = vips_pngsave_buffer(joined, &out, &size, nullptr);
  } else if (format == "jpeg") {
    failed = vips_jpegsave_buffer(joined, &out, &size, nullptr);
  } else if (format == "gif") {
    failed = vips_gifsave_buffer(joined, &out, &size, nullptr);
  } else {
    failed = vips_webpsave_buffer(joined, &out, &size, nullptr);
  }
  EXPECT_EQ(failed, 0) << vips_error_buffer();
  std::string result(static_cast<const char*>(out), size);
  g_free(out);
  for (VipsImage* i : {xyz, band, bytes, joined}) g_object_unref(i);
  return result;
}

TEST(ImageThumbnail, ProbesFormatAndSize) {
  for (const char* format : {"png", "jpeg", "gif", "webp"}) {
    auto p = probe(make_image(640, 400, format));
    ASSERT_TRUE(p) << format;
    EXPECT_EQ(p->format, format);
    EXPECT_EQ(p->width, 640) << format;
    EXPECT_EQ(p->height, 400) << format;
  }
}

TEST(ImageThumbnail, ProbeSwapsSidesForAQuarterTurnOrientation) {
  auto p = probe(make_image(300, 100, "jpeg", 3, 6));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->width, 100);
  EXPECT_EQ(p->height, 300);
}

TEST(ImageThumbnail, ProbeRefusesWhatIsNotAnImage) {
  EXPECT_FALSE(probe(""));
  EXPECT_FALSE(probe("hello, this is text"));
  const std::string png = make_image(20, 20, "png");
  EXPECT_FALSE(probe(png.substr(0, 10)));  // the signature and nothing more
}

TEST(ImageThumbnail, ThumbnailFitsInsideTheBoxKeepingTheAspect) {
  auto t = make_thumbnail(make_image(1600, 800, "jpeg"), 480, 360);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->content_type, "image/jpeg");
  EXPECT_EQ(t->width, 480);
  EXPECT_EQ(t->height, 240);
  auto back = probe(t->bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->format, "jpeg");
  EXPECT_EQ(back->width, 480);
  EXPECT_EQ(back->height, 240);

  auto tall = make_thumbnail(make_image(400, 1200, "png"), 480, 360);
  ASSERT_TRUE(tall);
  EXPECT_EQ(tall->content_type, "image/png");
  EXPECT_EQ(tall->width, 120);
  EXPECT_EQ(tall->height, 360);
}

TEST(ImageThumbnail, GifThumbnailsArePngAndSmallImagesAreNotEnlarged) {
  auto gif = make_thumbnail(make_image(1000, 1000, "gif"), 480, 360);
  ASSERT_TRUE(gif);
  EXPECT_EQ(gif->content_type, "image/png");
  EXPECT_EQ(gif->bytes.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_EQ(gif->height, 360);

  auto small = make_thumbnail(make_image(100, 50, "webp"), 480, 360);
  ASSERT_TRUE(small);
  EXPECT_EQ(small->content_type, "image/webp");
  EXPECT_EQ(small->width, 100);
  EXPECT_EQ(small->height, 50);
}

TEST(ImageThumbnail, ThumbnailOfGarbageIsNothing) {
  EXPECT_FALSE(make_thumbnail("not an image", 480, 360));
  EXPECT_FALSE(make_thumbnail(make_image(10, 10, "png"), 0, 360));
}

TEST(ImageThumbnail, PreviewIsATinyBase64Jpeg) {
  for (int bands : {3, 4}) {  // with alpha too: flattened, JPEG has none
    auto preview = make_preview_base64(make_image(800, 600, "png", bands));
    ASSERT_TRUE(preview) << bands;
    auto jpeg = util::base64_decode(*preview);
    ASSERT_TRUE(jpeg);
    EXPECT_EQ(jpeg->substr(0, 3), "\xFF\xD8\xFF");
    auto p = probe(*jpeg);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->width, 32);
    EXPECT_EQ(p->height, 24);
    EXPECT_LT(preview->size(), 2000u);
  }
  EXPECT_FALSE(make_preview_base64("nope"));
}

}  // namespace
}  // namespace parley::image
