// image/raster: SVG avatars rendered with libvips.
#include "image/raster.hpp"

#include <gtest/gtest.h>

#include "chat/avatar_svg.hpp"

namespace parley::image {
namespace {

uint32_t be32(const std::string& s, std::size_t at) {
  auto b = [&](std::size_t i) {
    return static_cast<uint32_t>(static_cast<unsigned char>(s[at + i]));
  };
  return b(0) << 24 | b(1) << 16 | b(2) << 8 | b(3);
}

TEST(ImageRaster, RendersAnAvatarAsPngAtItsSize) {
  auto png = render_svg(chat::avatar::render_svg("admin", 48, false), "png");
  ASSERT_TRUE(png);
  ASSERT_GT(png->size(), 24u);
  EXPECT_EQ(png->substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_EQ(be32(*png, 16), 48u);
  EXPECT_EQ(be32(*png, 20), 48u);
}

TEST(ImageRaster, RendersJpeg) {
  for (const char* format : {"jpg", "jpeg"}) {
    auto jpeg = render_svg(chat::avatar::render_svg("bob", 32, false), format);
    ASSERT_TRUE(jpeg) << format;
    EXPECT_EQ(jpeg->substr(0, 3), "\xFF\xD8\xFF");
  }
}

TEST(ImageRaster, RefusesOtherFormatsAndBrokenDocuments) {
  EXPECT_FALSE(render_svg(chat::avatar::render_svg("bob", 32, false), "gif"));
  EXPECT_FALSE(render_svg("<svg", "png"));
  EXPECT_FALSE(render_svg("not svg at all", "png"));
  EXPECT_FALSE(render_svg("", "png"));
}

}  // namespace
}  // namespace parley::image
