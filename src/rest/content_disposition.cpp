#include "rest/content_disposition.hpp"

namespace parley::rest {

namespace {

// RFC 8187 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" /
// "`" / "|" / "~".
bool is_attr_char(unsigned char c) {
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '&':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
      return true;
    default:
      return false;
  }
}

// The quoted-string fallback: printable ASCII but for '"', '\\' and '%' (some browsers
// percent-decode it); anything else becomes '_'.
std::string ascii_fallback(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (unsigned char c : name) {
    if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '%') {
      // One '_' per UTF-8 character, not per byte: skip continuation bytes.
      if (c >= 0x80 && c < 0xc0) continue;
      out += '_';
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace

std::string rfc8187_encode(std::string_view utf8) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(utf8.size() * 3);
  for (unsigned char c : utf8) {
    if (is_attr_char(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  return out;
}

std::string content_disposition(std::string_view disposition, std::string_view filename) {
  std::string header(disposition);
  if (filename.empty()) return header;
  header += "; filename=\"";
  header += ascii_fallback(filename);
  header += "\"; filename*=UTF-8''";
  header += rfc8187_encode(filename);
  return header;
}

}  // namespace parley::rest
