#include "store/sqlite/fts_query.hpp"

#include <cstdint>

namespace parley::store::sqlite {
namespace {

bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_ascii_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Blocks whose characters unicode61 treats as separators (punctuation, symbols, emoji). An
// approximation of the Unicode categories: a miss only turns a junk word into an empty
// phrase, which makes the search find nothing; it can never make it fail.
bool is_separator_code_point(uint32_t cp) {
  struct Range {
    uint32_t first, last;
  };
  static constexpr Range kSeparators[] =
      {
          {0x0080, 0x00A9}, {0x00AB, 0x00B1}, {0x00B4, 0x00B4},   {0x00B6, 0x00B8},
          {0x00BB, 0x00BB}, {0x00BF, 0x00BF}, {0x00D7, 0x00D7},   {0x00F7, 0x00F7},
          {0x2000, 0x206F},  // general punctuation
          {0x20A0, 0x20CF},  // currency
          {0x2190, 0x23FF},  // arrows, mathematical operators, technical
          {0x2500, 0x27BF},  // box drawing, shapes, symbols, dingbats
          {0x2900, 0x2BFF},  // arrows, mathematical symbols
          {0x2E00, 0x2E7F},  // supplemental punctuation
          {0x3000, 0x303F},  // CJK punctuation
          {0xFE10, 0xFE1F}, {0xFE30, 0xFE4F}, {0xFF01, 0xFF0F},   {0xFF1A, 0xFF20},
          {0xFF3B, 0xFF40}, {0xFF5B, 0xFF65}, {0x1F000, 0x1FAFF},  // emoji and pictographs
      };
  for (const auto& range : kSeparators) {
    if (cp >= range.first && cp <= range.last) return true;
  }
  return false;
}

// Appends `value` as an FTS5 string: in double quotes, with each quote doubled.
void append_quoted(std::string& out, std::string_view value) {
  out += '"';
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace

bool has_word_character(std::string_view word) {
  std::size_t i = 0;
  while (i < word.size()) {
    const auto lead = static_cast<unsigned char>(word[i]);
    if (lead < 0x80) {
      if (is_ascii_alnum(lead)) return true;
      ++i;
      continue;
    }
    // Decode one UTF-8 sequence; a malformed one counts as a word character (SQLite's
    // tokenizer does not drop it either).
    std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (length == 1 || i + length > word.size()) return true;
    uint32_t cp = lead & (0x7F >> length);
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(word[i + k]);
      if ((next & 0xC0) != 0x80) return true;
      cp = (cp << 6) | (next & 0x3F);
    }
    if (!is_separator_code_point(cp)) return true;
    i += length;
  }
  return false;
}

std::optional<std::string> fts_match_expression(std::string_view room_id, std::string_view text) {
  std::string words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_ascii_space(text[i])) ++i;
    const std::size_t start = i;
    while (i < text.size() && !is_ascii_space(text[i])) ++i;
    const std::string_view word = text.substr(start, i - start);
    if (word.empty() || !has_word_character(word)) continue;
    words += " AND msg : ";
    append_quoted(words, word);
  }
  if (words.empty()) return std::nullopt;
  // No room: the words alone, for a search across rooms the caller filters in SQL.
  if (room_id.empty()) return words.substr(std::string_view(" AND ").size());
  std::string expression = "rid : ";
  append_quoted(expression, room_id);
  return expression + words;
}

}  // namespace parley::store::sqlite
