#include "chat/avatar_svg.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>

namespace parley::chat::avatar {

namespace {

constexpr std::array<std::string_view, 6> kColors = {"#158D65", "#7F1B9F", "#B68D00",
                                                     "#E26D0E", "#10529E", "#6C727A"};
constexpr int kMaxInitials = 3;

// JavaScript's String.length of the UTF-8 `s`: code points outside the BMP count twice. A
// byte that is not valid UTF-8 counts once (it would be one U+FFFD).
std::size_t utf16_length(std::string_view s) {
  std::size_t units = 0;
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80           ? 1
                      : (c >> 5) == 0x6  ? 2
                      : (c >> 4) == 0xE  ? 3
                      : (c >> 3) == 0x1E ? 4
                                         : 1;
    bool valid = i + len <= s.size();
    for (std::size_t k = 1; valid && k < len; ++k) {
      valid = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    }
    if (!valid) len = 1;
    units += valid && len == 4 ? 2 : 1;
    i += len;
  }
  return units;
}

bool is_ascii_alnum(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

std::string first_letter(std::string_view word) {
  for (char c : word) {
    if (!is_ascii_alnum(c)) continue;
    return std::string(1, c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  return {};
}

// JavaScript's Number#toString for the font sizes that occur (16/2.5 .. 1024/1.6): the
// shortest digits that round-trip, which is what std::to_chars gives.
std::string js_number(double v) {
  std::array<char, 64> buf{};
  auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  return std::string(buf.data(), end);
}

}  // namespace

std::string color(std::string_view name) {
  if (name == "?") return "#000";
  return std::string(kColors[utf16_length(name) % kColors.size()]);
}

std::string initials(std::string_view name, bool all_initials) {
  if (name == "?") return "?";
  if (!all_initials) return first_letter(name);
  std::string out;
  int words = 0;
  std::size_t start = 0;
  while (words < kMaxInitials) {
    std::size_t space = name.find(' ', start);
    out += first_letter(name.substr(start, space - start));
    ++words;
    if (space == std::string_view::npos) break;
    start = space + 1;
  }
  return out;
}

std::optional<int> size_param(std::string_view v) {
  std::size_t i = 0;
  while (i < v.size() && (v[i] == ' ' || v[i] == '\t' || v[i] == '\n' || v[i] == '\r' ||
                          v[i] == '\f' || v[i] == '\v')) {
    ++i;
  }
  bool negative = false;
  if (i < v.size() && (v[i] == '+' || v[i] == '-')) negative = v[i++] == '-';
  int base = 10;
  if (i + 1 < v.size() && v[i] == '0' && (v[i + 1] == 'x' || v[i + 1] == 'X')) {
    base = 16;
    i += 2;
  }
  int64_t value = 0;
  bool digits = false;
  for (; i < v.size(); ++i) {
    int d = v[i] >= '0' && v[i] <= '9'   ? v[i] - '0'
            : v[i] >= 'a' && v[i] <= 'z' ? v[i] - 'a' + 10
            : v[i] >= 'A' && v[i] <= 'Z' ? v[i] - 'A' + 10
                                         : 99;
    if (d >= base) break;
    digits = true;
    value = std::min<int64_t>(value * base + d, int64_t{1} << 40);  // saturate: clamped below
  }
  if (!digits || value == 0) return std::nullopt;  // NaN and 0 are falsy in RC's check
  if (negative) value = -value;
  return static_cast<int>(std::clamp<int64_t>(value, kMinSvgSize, kMaxSvgSize));
}

std::string render_svg(std::string_view name, int size, bool all_initials) {
  const std::string letters = initials(name, all_initials);
  const double n = static_cast<double>(letters.size());
  const double reduction = letters.size() > 1 ? std::pow(n, 2) / 10 : 0;
  const double font_size = size / (1.6 + reduction);
  std::string svg;
  svg.reserve(400);
  svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ";
  svg += std::to_string(size) + " " + std::to_string(size) + "\">\n";
  svg += "<rect width=\"100%\" height=\"100%\" fill=\"" + color(name) + "\"/>\n";
  svg +=
      "<text x=\"50%\" y=\"50%\" dy=\"0.36em\" text-anchor=\"middle\" pointer-events=\"none\" "
      "fill=\"#ffffff\" font-family=\"'Helvetica', 'Arial', 'Lucida Grande', 'sans-serif'\" "
      "font-size=\"";
  svg += js_number(font_size) + "\">\n" + letters + "\n</text>\n</svg>";
  return svg;
}

}  // namespace parley::chat::avatar
