#pragma once
// Internals shared by message_parser.cpp (blocks, JSON), message_parser_inline.cpp (inline
// rules) and message_parser_text.cpp (characters, emoji, host names). Not part of the chat API.
//
// DESIGN. The grammar is a PEG: each rule is a member function that, on success, appends its
// nodes to `out` and moves the cursor p_ past what it matched; on failure it leaves both as
// they were (Mark restores the cursor). The real parser keeps four "skip" flags that stop a
// construct from nesting in itself (no bold inside bold); they are part of the parse state,
// so the memo of the backtracking rules (emphasis, references) is keyed by position and flags.
// The memo keeps only whether a rule matched: a failure is never retried, and the nodes of a
// success are rebuilt in the rare case they are asked for again. Lookaheads that would scan
// to the end of a run at every position read precomputed tables instead, which keeps the
// whole parse linear. One Parser serves one message on one thread.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/json/storage_ptr.hpp>

#include "chat/message_parser.hpp"

namespace parley::chat::md {

// Past-the-end reads return kEnd, which no character class contains.
inline constexpr char32_t kEnd = 0x110000;

// The grammar's character classes. A set of ASCII characters is a bitmap: the classes are
// tested at every position of every message.
class AsciiSet {
 public:
  constexpr explicit AsciiSet(std::string_view chars) {
    for (char ch : chars) {
      const auto c = static_cast<unsigned char>(ch);
      (c < 64 ? lo_ : hi_) |= uint64_t{1} << (c % 64);
    }
  }
  constexpr bool has(char32_t c) const {
    return c < 64 ? (lo_ >> c) & 1 : c < 128 ? (hi_ >> (c - 64)) & 1 : false;
  }

 private:
  uint64_t lo_ = 0, hi_ = 0;
};

inline constexpr AsciiSet kExtra(".,!%~*\"':;()=");
inline constexpr AsciiSet kSafe("$@&+_#?-");
inline constexpr AsciiSet kLinkExtra(".,!%*\"':;=");
inline constexpr AsciiSet kEmailSpecial("!#$%&'*+/=?^_`{|}~-");
inline constexpr AsciiSet kPlainStop("*_~`:\n<[]! \t()\\|");
inline constexpr AsciiSet kBoldStop("\n* _~");
inline constexpr AsciiSet kAnyBoldStop("\n* ");
inline constexpr AsciiSet kItalicStop("\n_ *~");
inline constexpr AsciiSet kAnyItalicStop("\n_ ");
inline constexpr AsciiSet kAnyStrikeStop("\n~ ");
inline constexpr AsciiSet kStrikeStop("\n~ *_:`@#[]\\<!|");
inline constexpr AsciiSet kEmojiName("-_+.");
inline constexpr AsciiSet kFormat("tTdDfFR");
inline constexpr AsciiSet kEscapable("*_~`#.");
inline constexpr AsciiSet kUserInfo("$&+_#?-");
inline constexpr AsciiSet kDomainStop("\\/|><%`[]");
inline constexpr AsciiSet kUrlStop("@:./");
inline constexpr AsciiSet kTitleStop("]()*_~ \t\r\n");

inline constexpr auto in = [](char32_t c, char32_t lo, char32_t hi) { return c >= lo && c <= hi; };
inline constexpr auto one_of = [](char32_t c, const AsciiSet& set) { return set.has(c); };
inline constexpr auto is_space = [](char32_t c) { return c == ' ' || c == '\t'; };
inline constexpr auto is_eol_char = [](char32_t c) { return c == '\r' || c == '\n'; };
inline constexpr auto is_digit = [](char32_t c) { return in(c, '0', '9'); };
inline constexpr auto is_ascii_alpha = [](char32_t c) {
  return in(c, 'a', 'z') || in(c, 'A', 'Z');
};
inline constexpr auto is_ascii_alnum = [](char32_t c) { return is_digit(c) || is_ascii_alpha(c); };
inline constexpr auto is_char = [](char32_t c) { return c < kEnd; };
// AnyText: printable ASCII but for ( ) * [ \ ] ^ _ ` and all of non-ASCII.
inline constexpr auto is_any_text = [](char32_t c) {
  return in(c, 0x20, 0x27) || in(c, 0x2B, 0x5A) || in(c, 0x61, 0x7A) || in(c, 0x80, kEnd - 1);
};
inline constexpr auto is_extra = [](char32_t c) { return one_of(c, kExtra); };
inline constexpr auto is_safe = [](char32_t c) { return one_of(c, kSafe); };
inline constexpr auto is_link_extra = [](char32_t c) { return one_of(c, kLinkExtra); };
inline constexpr auto is_email_special = [](char32_t c) { return one_of(c, kEmailSpecial); };
inline constexpr auto is_plain_run = [](char32_t c) {
  return is_char(c) && !one_of(c, kPlainStop);
};
// URL body characters: printable, without \ and | (and without ")" in angle links).
inline constexpr auto is_url_char = [](char32_t c) {
  return in(c, 0x20, 0x28) || in(c, 0x2A, 0x5B) || in(c, 0x5D, 0x7B) || in(c, 0x7D, 0x7E) ||
         in(c, 0x80, kEnd - 1);
};
inline constexpr auto is_md_url_char = [](char32_t c) { return c != '(' && is_url_char(c); };
inline constexpr auto is_title2_char = [](char32_t c) {
  return in(c, 0x20, 0x3B) || c == '=' || in(c, 0x3F, 0x7B) || in(c, 0x7D, kEnd - 1);
};
inline constexpr auto is_bold_run = [](char32_t c) { return is_char(c) && !one_of(c, kBoldStop); };
inline constexpr auto is_any_bold = [](char32_t c) {
  return is_char(c) && !one_of(c, kAnyBoldStop);
};
inline constexpr auto is_italic_run = [](char32_t c) {
  return is_char(c) && !one_of(c, kItalicStop);
};
inline constexpr auto is_any_italic = [](char32_t c) {
  return is_char(c) && !one_of(c, kAnyItalicStop);
};
inline constexpr auto is_any_strike = [](char32_t c) {
  return is_char(c) && !one_of(c, kAnyStrikeStop);
};
// The JavaScript class also excludes the high surrogates D83C-D83E, i.e. U+1F000-U+1FBFF.
inline constexpr auto is_strike_run = [](char32_t c) {
  return is_char(c) && !one_of(c, kStrikeStop) && !in(c, 0x2300, 0x27BF) &&
         !in(c, 0x1F000, 0x1FBFF);
};
inline constexpr auto is_emoji_name = [](char32_t c) {
  return is_ascii_alnum(c) || one_of(c, kEmojiName);
};
inline constexpr auto is_timestamp_format = [](char32_t c) { return one_of(c, kFormat); };

// The message as code points. JavaScript indexes UTF-16 units; the only place that shows is
// the `fallback` source ranges and a few length limits, which use utf16_offset.
class Text {
 public:
  explicit Text(std::string_view raw);
  size_t size() const { return cps_.size(); }
  char32_t operator[](size_t i) const { return i < cps_.size() ? cps_[i] : kEnd; }
  std::string slice(size_t from, size_t to) const;
  std::u32string_view view(size_t from, size_t to) const;
  uint32_t utf16_offset(size_t i) const;
  // True when the text at i starts with the ASCII literal s.
  bool starts_with(size_t i, std::string_view s) const;

 private:
  std::string utf8_;  // the input with invalid sequences replaced by U+FFFD
  std::vector<char32_t> cps_;
  std::vector<uint32_t> byte_;         // byte offset in utf8_ of each code point, plus the end
  mutable std::vector<uint32_t> u16_;  // UTF-16 offset of each code point, plus the end
};

std::string to_utf8(std::u32string_view cps);
void append_utf8(std::string& out, char32_t c);

// Character classes of the grammar, named after its rules.
bool is_alnum_char(char32_t c);  // AlphaNumericChar: letters and digits of any script
bool is_name_char(char32_t c);   // UTF8NamesValidation: AlphaNumericChar or - . _
bool is_email_char(char32_t c);  // AlphaNumericOrMarkChar: also marks and emoji
bool is_js_space(char32_t c);    // \s and String.prototype.trim's set

// An emoji at i (UnicodeEmoji rule): the index after it, or nullopt.
std::optional<size_t> match_unicode_emoji(const Text& t, size_t i);
// An emoticon at i (EmoticonPattern): its length and short code.
struct Emoticon {
  size_t length;
  std::string_view short_code;
};
std::optional<Emoticon> match_emoticon(const Text& t, size_t i);

// Whether tldts, as @rocket.chat/message-parser calls it, accepts the host of src: autoLink
// for bare and scheme URLs, autoEmail for "mailto:" + address.
bool auto_link_accepts(std::u32string_view src);
bool auto_email_accepts(std::u32string_view href);
// The href autoLink gives a URL it accepts ("//" + src when src has no scheme).
std::string auto_link_href(std::u32string_view src);

// Seconds since the epoch for the timestamp forms, as the real parser computes them (a time
// without a zone is read as UTC, the zone of a server).
std::string unix_from_iso(std::u32string_view iso);
std::string unix_from_hours(std::u32string_view hms);

enum class Kind : uint8_t {
  kPlain,
  kBold,
  kItalic,
  kStrike,
  kSpoiler,
  kInlineCode,
  kLink,
  kImage,
  kMentionUser,
  kMentionChannel,
  kEmoji,         // text: the value (short code, or the emoticon as typed); extra: shortCode
  kUnicodeEmoji,  // text: the emoji
  kTimestamp,     // text: seconds; extra: format; from/to: fallback range
};

struct Node {
  Kind kind = Kind::kPlain;
  std::string text;  // plain value, code, name, link or image src
  std::string extra;
  std::vector<Node> children;  // emphasis content, link label, image label
  uint32_t from = 0;
  uint32_t to = 0;
};
using Nodes = std::vector<Node>;

Node plain(std::string text);
// reducePlainTexts: turns a short code next to text or another emoji back into text, then
// merges adjacent PLAIN_TEXT nodes.
Nodes reduce_plain_texts(Nodes items);
boost::json::value to_json(const Node& node, const boost::json::storage_ptr& sp);
boost::json::array to_json(const Nodes& nodes, const boost::json::storage_ptr& sp);

class Parser {
 public:
  Parser(const Text& text, const ParseOptions& options);
  boost::json::array parse();  // the Start rule

 private:
  // A cursor position to return to when a rule fails.
  struct Mark {
    Parser& parser;
    size_t pos;
    explicit Mark(Parser& p) : parser(p), pos(p.p_) {}
    bool fail() {
      parser.p_ = pos;
      return false;
    }
  };
  enum Skip : uint8_t { kSkipBold = 1, kSkipItalic = 2, kSkipStrike = 4, kSkipRefs = 8 };

  char32_t at(size_t i) const { return t_[i]; }
  char32_t cur() const { return t_[p_]; }
  bool at_end() const { return p_ >= t_.size(); }
  size_t eol_length(size_t i) const;
  bool eat(char32_t c);
  bool eat(std::string_view literal);
  bool eat_eol();
  size_t eat_while(bool (*pred)(char32_t));

  // Blocks (message_parser.cpp).
  bool big_emoji(boost::json::array& out);
  bool block(boost::json::array& out);
  bool blockquote(boost::json::array& out);
  bool block_spoiler(boost::json::array& out);
  bool code(boost::json::array& out);
  bool horizontal_rule(boost::json::array& out);
  bool table(boost::json::array& out);
  bool table_row(std::vector<Nodes>& cells);
  bool heading(boost::json::array& out);
  bool tasks(boost::json::array& out);
  bool ordered_list(boost::json::array& out);
  bool unordered_list(boost::json::array& out);
  bool line_break(boost::json::array& out);
  bool paragraph(boost::json::array& out);
  bool inline_line(Nodes& out);  // Inline: items up to and including the end of line

  // Inlines (message_parser_inline.cpp).
  bool inline_pattern(Nodes& out);  // InlineItemPattern
  bool inline_general(Nodes& out);
  bool any_char(Nodes& out);  // Any: one character other than CR and LF
  bool whitespace(Nodes& out);
  bool escaped(Nodes& out);
  bool plain_run(Nodes& out);
  bool line(Nodes& out);
  bool inline_code(Nodes& out);
  bool emoji(Nodes& out);
  bool emoticon(Nodes& out);
  bool inline_emoticon(Nodes& out);
  bool emoticon_followed(Nodes& out, int context_id, bool (Parser::*context)(Nodes&),
                         bool allow_underscore);
  bool emoticon_neighbor(size_t i) const;
  bool plain_before_emoticon(Nodes& out);
  bool user_mention(Nodes& out);
  bool prefixed_user_mention(Nodes& out);
  bool channel_mention(Nodes& out);
  bool emphasis_with_whitespace(Nodes& out);
  bool emphasis(Nodes& out);
  bool memoized(int rule, Skip flag, bool (Parser::*body)(Nodes&), Nodes& out);
  bool maybe_bold(Nodes& out);
  bool maybe_italic(Nodes& out);
  bool maybe_strike(Nodes& out);
  bool maybe_references(Nodes& out);
  bool bold(Nodes& out);
  bool bold_item(Nodes& out);
  bool bold_preferred(Nodes& out);
  bool italic(Nodes& out);
  bool italic_items(Nodes& out);
  bool italic_item(Nodes& out);
  bool italic_preferred(Nodes& out);
  bool strike(Nodes& out);
  bool strike_item(Nodes& out);
  bool spoiler(Nodes& out);
  bool references(Nodes& out);
  bool link_title(Nodes& out);
  size_t link_titles_end(size_t from);
  std::optional<std::string> markdown_link_ref();
  std::optional<std::string> markdown_link_ref_uncached();
  std::optional<std::string> angle_link_ref();
  std::optional<std::string> link_ref(void (Parser::*body)());
  bool url_head();
  bool url_authority();
  bool url_authority_host();
  bool domain_name();
  bool url_scheme();
  void markdown_link_body();
  void angle_link_body();
  bool image(Nodes& out);
  struct Phone {
    std::string text, number;
  };
  std::optional<Phone> phone();
  bool autolinked_phone(Nodes& out);
  bool autolinked_email(Nodes& out);
  bool autolinked_url(Nodes& out);
  bool underscore_domain(Nodes& out);
  bool timestamp(Nodes& out);
  bool escaped_timestamp(Nodes& out);
  std::optional<std::string> timestamp_date(size_t& raw_end);
  bool lookahead_pattern(size_t i, int rule_id, bool (Parser::*rule)(Nodes&));

  // Tables of where the grammar's scans stop (message_parser.cpp); all but the first are
  // built the first time a rule needs them.
  void precompute();
  void precompute_runs();
  size_t domain_end(size_t i);
  void precompute_locals();
  void precompute_angles();
  size_t domain_char_length(size_t i) const;

  const Text& t_;
  ParseOptions options_;
  boost::json::storage_ptr sp_;  // where the JSON tree is allocated
  size_t p_ = 0;
  uint8_t skip_ = 0;
  int lookahead_depth_ = 0;
  std::unordered_map<uint64_t, bool> memo_;  // rule, flags, position: did it match?
  std::unordered_map<uint64_t, bool> lookahead_memo_;
  std::unordered_map<uint64_t, uint32_t> titles_end_;
  // Where the grammar's scans from each position stop, computed once in a backward pass, so
  // that a rule retried at every position of a long run does not rescan the run.
  std::vector<uint32_t> email_stop_;      // next of [ \t\r\n@]
  std::vector<uint32_t> url_stop_;        // next of [ \t\r\n:./@]
  std::vector<uint32_t> extra_end_;       // end of the run of Extra characters
  std::vector<uint32_t> run_end_;         // end of the run of this same character
  std::vector<uint32_t> blank_end_;       // end of the run of spaces and tabs
  std::vector<uint32_t> label_end_;       // end of DomainChar*, filled in on demand
  std::vector<uint32_t> dots_end_;        // at a '.': end of ("." DomainChar+)*, likewise
  std::vector<uint32_t> local_end_;       // end of the e-mail local part characters
  std::vector<uint32_t> local_dots_end_;  // at a '.': end of ("." local part segment)*
  std::vector<uint32_t> angle_end_;       // end of an <href|...> URL body
  std::unordered_map<uint32_t, std::pair<std::optional<std::string>, uint32_t>> link_ref_memo_;
};

}  // namespace parley::chat::md
