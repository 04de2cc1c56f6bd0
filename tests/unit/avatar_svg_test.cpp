// chat/avatar_svg: the initials avatar as Rocket.Chat renders it (server/routes/avatar/utils.ts,
// app/utils/lib/getAvatarColor.ts).
#include "chat/avatar_svg.hpp"

#include <gtest/gtest.h>

#include "chat/avatars.hpp"

namespace parley::chat::avatar {
namespace {

TEST(AvatarSvg, ColorIsPickedByLengthInUtf16Units) {
  // RC: colors[name.length % 6].
  EXPECT_EQ(color(""), "#158D65");
  EXPECT_EQ(color("a"), "#7F1B9F");
  EXPECT_EQ(color("ab"), "#B68D00");
  EXPECT_EQ(color("abc"), "#E26D0E");
  EXPECT_EQ(color("abcd"), "#10529E");
  EXPECT_EQ(color("admin"), "#6C727A");
  EXPECT_EQ(color("abcdef"), "#158D65");
  EXPECT_EQ(color("bob"), color("ana"));  // stable: the same for every request
  // "é" is one UTF-16 unit, "日本" two, an emoji outside the BMP two.
  EXPECT_EQ(color("\xC3\xA9"), color("a"));
  EXPECT_EQ(color("\xE6\x97\xA5\xE6\x9C\xAC"), color("ab"));
  EXPECT_EQ(color("\xF0\x9F\x98\x80"), color("ab"));
  EXPECT_EQ(color("\xFF"), color("a"));  // a stray byte counts once
  EXPECT_EQ(color("?"), "#000");
}

TEST(AvatarSvg, Initials) {
  EXPECT_EQ(initials("admin", false), "A");
  EXPECT_EQ(initials("john.doe", false), "J");
  EXPECT_EQ(initials("_bot-7", false), "B");
  EXPECT_EQ(initials("42things", false), "4");
  EXPECT_EQ(initials("\xC3\xA9lan", false), "L");              // non-ASCII letters are dropped
  EXPECT_EQ(initials("\xE6\x97\xA5\xE6\x9C\xAC", false), "");  // nothing left
  EXPECT_EQ(initials("John Ronald Reuel Tolkien", false), "J");
  EXPECT_EQ(initials("John Ronald Reuel Tolkien", true), "JRR");
  EXPECT_EQ(initials("ada lovelace", true), "AL");
  EXPECT_EQ(initials("a  b", true), "AB");  // an empty word gives no letter
  EXPECT_EQ(initials("?", false), "?");
}

TEST(AvatarSvg, SizeParamAsParseInt) {
  EXPECT_EQ(size_param(""), std::nullopt);
  EXPECT_EQ(size_param("abc"), std::nullopt);
  EXPECT_EQ(size_param("0"), std::nullopt);
  EXPECT_EQ(size_param("64"), 64);
  EXPECT_EQ(size_param(" 64px"), 64);
  EXPECT_EQ(size_param("1e3"), 16);  // parseInt stops at 'e'
  EXPECT_EQ(size_param("8"), 16);
  EXPECT_EQ(size_param("-5"), 16);
  EXPECT_EQ(size_param("5000"), 1024);
  EXPECT_EQ(size_param("99999999999999999999999"), 1024);
  EXPECT_EQ(size_param("0x40"), 64);
  EXPECT_EQ(size_param("+100"), 100);
}

TEST(AvatarSvg, RendersRocketChatsBytes) {
  EXPECT_EQ(render_svg("admin", 200, false),
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 200 200\">\n"
            "<rect width=\"100%\" height=\"100%\" fill=\"#6C727A\"/>\n"
            "<text x=\"50%\" y=\"50%\" dy=\"0.36em\" text-anchor=\"middle\" "
            "pointer-events=\"none\" fill=\"#ffffff\" font-family=\"'Helvetica', 'Arial', "
            "'Lucida Grande', 'sans-serif'\" font-size=\"125\">\nA\n</text>\n</svg>");
}

TEST(AvatarSvg, FontSizeShrinksWithMoreInitials) {
  // size / (1.6 + len^2/10) for more than one letter, formatted as JavaScript prints numbers.
  EXPECT_NE(render_svg("x", 100, false).find("font-size=\"62.5\""), std::string::npos);
  EXPECT_NE(render_svg("x", 30, false).find("font-size=\"18.75\""), std::string::npos);
  EXPECT_NE(render_svg("Ada Lovelace", 200, true).find("font-size=\"100\""), std::string::npos);
  EXPECT_NE(render_svg("A B C", 200, true).find("font-size=\"80\">\nABC\n"), std::string::npos);
  EXPECT_NE(render_svg("x", 33, false).find("font-size=\"20.625\""), std::string::npos);
  EXPECT_NE(render_svg("Ada Lovelace", 33, true).find("font-size=\"16.5\""), std::string::npos);
  EXPECT_NE(render_svg("A B C", 17, true).find("font-size=\"6.8\""), std::string::npos);
}

TEST(AvatarSvg, QuestionMarkIsBlack) {
  std::string svg = render_svg("?", 64, false);
  EXPECT_NE(svg.find("fill=\"#000\""), std::string::npos);
  EXPECT_NE(svg.find(">\n?\n<"), std::string::npos);
}

}  // namespace
}  // namespace parley::chat::avatar

namespace parley::chat {
namespace {

using namespace std::string_view_literals;

TEST(AvatarUpload, TypeIsSniffedFromTheBytes) {
  EXPECT_EQ(sniff_image_type("\x89PNG\r\n\x1a\n\0\0\0\rIHDR"sv), "image/png");
  EXPECT_EQ(sniff_image_type("\xFF\xD8\xFF\xE0\0\x10JFIF"sv), "image/jpeg");
  EXPECT_EQ(sniff_image_type("GIF89a\x01\0"sv), "image/gif");
  EXPECT_EQ(sniff_image_type("GIF87a"sv), "image/gif");
  EXPECT_EQ(sniff_image_type("RIFF\x24\0\0\0WEBPVP8 "sv), "image/webp");
  // Not raster images, or cut short: refused whatever the client called them.
  EXPECT_EQ(sniff_image_type("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"), std::nullopt);
  EXPECT_EQ(sniff_image_type("<?xml version=\"1.0\"?><svg/>"), std::nullopt);
  EXPECT_EQ(sniff_image_type("RIFF\x24\0\0\0WAVEfmt "sv), std::nullopt);
  EXPECT_EQ(sniff_image_type("\x89PNG"sv), std::nullopt);
  EXPECT_EQ(sniff_image_type(""), std::nullopt);
  EXPECT_EQ(sniff_image_type("%PDF-1.7"), std::nullopt);
}

TEST(AvatarUpload, BlobKeysAreValidKeys) {
  EXPECT_EQ(Avatars::blob_key("a1B2c3D4e5F6g7H8j", "XyZ"), "avatars/a1B2c3D4e5F6g7H8j.XyZ");
  EXPECT_TRUE(blob::is_valid_key(Avatars::blob_key("a1B2c3D4e5F6g7H8j", "XyZ")));
}

}  // namespace
}  // namespace parley::chat
