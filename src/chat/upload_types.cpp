#include "chat/upload_types.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "chat/avatars.hpp"

namespace parley::chat {

namespace {

bool starts_with(std::string_view b, std::string_view prefix) {
  return b.substr(0, prefix.size()) == prefix;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The length of the valid UTF-8 sequence at `s[i]`, 0 when invalid or cut short.
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  std::size_t n = c < 0x80           ? 1
                  : (c >> 5) == 0x6  ? 2
                  : (c >> 4) == 0xE  ? 3
                  : (c >> 3) == 0x1E ? 4
                                     : 0;
  if (n == 0 || (n == 2 && c < 0xC2) || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  }
  return n;
}

// Valid UTF-8 without NULs (the tail may be a sequence cut by the sniff window).
bool looks_like_text(std::string_view head) {
  for (std::size_t i = 0; i < head.size();) {
    if (head[i] == '\0') return false;
    const std::size_t n = utf8_sequence(head, i);
    if (n == 0) return head.size() - i < 4;  // cut at the window's end
    i += n;
  }
  return true;
}

std::string trim_leading_space(std::string_view s) {
  std::size_t i = 0;
  if (starts_with(s, "\xEF\xBB\xBF")) i = 3;  // a BOM
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  return lower(s.substr(i, 256));
}

bool type_matches(std::string_view type, std::string_view entry) {
  if (entry.empty()) return false;
  if (entry.size() >= 2 && entry.substr(entry.size() - 2) == "/*") {
    return type.substr(0, entry.size() - 1) == entry.substr(0, entry.size() - 1);
  }
  return type == entry;
}

bool list_contains(std::string_view type, std::string_view list) {
  while (!list.empty()) {
    const auto comma = list.find(',');
    std::string_view entry = list.substr(0, comma);
    while (!entry.empty() && std::isspace(static_cast<unsigned char>(entry.front()))) {
      entry.remove_prefix(1);
    }
    while (!entry.empty() && std::isspace(static_cast<unsigned char>(entry.back()))) {
      entry.remove_suffix(1);
    }
    if (type_matches(type, lower(entry))) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

bool list_is_empty(std::string_view list) {
  return std::all_of(list.begin(), list.end(), [](char c) {
    return c == ',' || std::isspace(static_cast<unsigned char>(c));
  });
}

}  // namespace

std::string sniff_file_type(std::string_view b) {
  using namespace std::string_view_literals;
  if (auto image = sniff_image_type(b)) return *image;
  if (starts_with(b, "BM"sv) && b.size() >= 14) return "image/bmp";
  if (starts_with(b, "%PDF-"sv)) return "application/pdf";
  if (starts_with(b, "PK\x03\x04"sv)) return "application/zip";
  if (starts_with(b, "\x1F\x8B"sv)) return "application/gzip";
  if (starts_with(b, "OggS"sv)) return "audio/ogg";
  if (starts_with(b, "ID3"sv) || starts_with(b, "\xFF\xFB"sv) || starts_with(b, "\xFF\xF3"sv)) {
    return "audio/mpeg";
  }
  if (starts_with(b, "fLaC"sv)) return "audio/flac";
  if (b.size() >= 12 && starts_with(b, "RIFF"sv) && b.substr(8, 4) == "WAVE"sv) {
    return "audio/wav";
  }
  if (starts_with(b, "\x1A\x45\xDF\xA3"sv)) return "video/webm";
  if (b.size() >= 12 && b.substr(4, 4) == "ftyp"sv) {
    return b.substr(8, 3) == "M4A"sv  ? "audio/mp4"
           : b.substr(8, 2) == "qt"sv ? "video/quicktime"
                                      : "video/mp4";
  }
  if (looks_like_text(b)) {
    const std::string start = trim_leading_space(b);
    if (starts_with(start, "<svg"sv) ||
        ((starts_with(start, "<?xml"sv) || starts_with(start, "<!doctype svg"sv)) &&
         lower(b).find("<svg") != std::string::npos)) {
      return "image/svg+xml";
    }
    if (starts_with(start, "<!doctype html"sv) || starts_with(start, "<html"sv)) {
      return "text/html";
    }
    return "text/plain";
  }
  return "application/octet-stream";
}

bool media_type_allowed(std::string_view type, std::string_view whitelist,
                        std::string_view blacklist) {
  const std::string t = lower(type);
  if (list_contains(t, blacklist)) return false;
  if (list_is_empty(whitelist)) return true;
  return list_contains(t, whitelist);
}

std::string sanitize_file_name(std::string_view name) {
  // The last segment of whatever path the client sent (browsers on Windows send C:\...).
  const auto slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  std::string out;
  for (std::size_t i = 0; i < name.size();) {
    const std::size_t n = utf8_sequence(name, i);
    if (n == 0) {
      ++i;  // an invalid byte is dropped
      continue;
    }
    const auto c = static_cast<unsigned char>(name[i]);
    const bool c0_or_del = n == 1 && (c < 0x20 || c == 0x7F);
    const bool c1 = n == 2 && c == 0xC2 && static_cast<unsigned char>(name[i + 1]) < 0xA0;
    if (!c0_or_del && !c1) out.append(name.substr(i, n));
    i += n;
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '.')) out.pop_back();
  while (!out.empty() && out.front() == ' ') out.erase(0, 1);
  if (out.size() > kMaxFileNameBytes) {
    std::string ext = file_extension(out);
    const std::size_t keep_ext = ext.empty() || ext.size() > 16 ? 0 : ext.size() + 1;
    std::size_t cut = kMaxFileNameBytes - keep_ext;
    // Back up to the start of a UTF-8 sequence.
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out = out.substr(0, cut) + (keep_ext ? out.substr(out.size() - keep_ext) : "");
  }
  if (out.empty() || out == "." || out == "..") return "file";
  return out;
}

std::string file_extension(std::string_view name) {
  const auto dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == name.size()) return "";
  return lower(name.substr(dot + 1));
}

std::string type_group_of(std::string_view type) {
  return lower(type.substr(0, type.find('/')));
}

std::string encode_uri(std::string_view text) {
  static constexpr std::string_view kKeep = ";,/?:@&=+$-_.!~*'()#";
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || kKeep.find(ch) != std::string_view::npos) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

}  // namespace parley::chat
