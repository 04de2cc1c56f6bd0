// The message parser's entry points, its block rules and its JSON output. Inline rules are in
// message_parser_inline.cpp, characters and host names in message_parser_text.cpp.
//
// Where parley knowingly differs from @rocket.chat/message-parser 0.32:
// - "" gives [] (the real parser throws on it).
// - KaTeX and color:#rgb are not parsed (both are off by default in the package too; the
//   options to turn them on are not offered).
// - customDomains is not supported: bare host names link by the Public Suffix List only.
// - A timestamp without a zone is read as UTC (the real parser uses the server's zone).
// - Upper-case non-ASCII host names are not lower-cased before the suffix lookup.
// - Past 32 emoticons in a row, the "what follows an emoticon" lookahead answers yes.
#include "chat/message_parser.hpp"

#include <algorithm>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "chat/message_parser_internal.hpp"

namespace parley::chat {
namespace md {
namespace {

namespace json = boost::json;

bool is_code_language(char32_t c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == ' ' || c == '_' ||
         c == '-' || c == '.';
}

json::object plain_json(const json::storage_ptr& sp, std::string_view text) {
  return json::object({{"type", "PLAIN_TEXT"}, {"value", text}}, sp);
}

json::object typed(const json::storage_ptr& sp, std::string_view type, json::value value) {
  return json::object({{"type", type}, {"value", std::move(value)}}, sp);
}

json::object paragraph_json(const json::storage_ptr& sp, Nodes items) {
  return typed(sp, "PARAGRAPH", to_json(items, sp));
}

// String.prototype.trim() == "" for the (valid) UTF-8 that Text produced.
bool blank(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const size_t len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t c = len == 1 ? b : b & (0x3F >> (len - 1));
    for (size_t k = 1; k < len && i + k < s.size(); ++k) {
      c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    if (!is_js_space(c)) return false;
    i += len;
  }
  return true;
}

// A TABLE_CELL: the cell's inlines with the blanks at both ends trimmed away.
json::object table_cell(const json::storage_ptr& sp, Nodes cell,
                        const std::optional<std::string>& align) {
  auto trim = [](std::string& s, bool front) {
    Text t(s);
    size_t a = 0, b = t.size();
    if (front) {
      while (a < b && is_js_space(t[a])) ++a;
    } else {
      while (b > a && is_js_space(t[b - 1])) --b;
    }
    s = t.slice(a, b);
  };
  if (!cell.empty() && cell.front().kind == Kind::kPlain) {
    trim(cell.front().text, true);
    if (cell.front().text.empty()) cell.erase(cell.begin());
  }
  if (!cell.empty() && cell.back().kind == Kind::kPlain) {
    trim(cell.back().text, false);
    if (cell.back().text.empty()) cell.pop_back();
  }
  json::object out({{"type", "TABLE_CELL"}}, sp);
  if (align) out["align"] = *align;
  out["value"] = to_json(cell, sp);
  return out;
}

}  // namespace

Node plain(std::string text) {
  Node n;
  n.text = std::move(text);
  return n;
}

Nodes reduce_plain_texts(Nodes items) {
  // joinEmoji looks at the neighbours as they were, before anything merged: decide first.
  bool any_emoji = false;
  for (const Node& n : items) any_emoji = any_emoji || n.kind == Kind::kEmoji;
  std::vector<char> to_text;
  if (any_emoji) {
    to_text.assign(items.size(), 0);
    auto is_emoji = [](const Node* n) {
      return n && (n->kind == Kind::kEmoji || n->kind == Kind::kUnicodeEmoji);
    };
    auto is_text = [](const Node* n) { return n && n->kind == Kind::kPlain && !blank(n->text); };
    for (size_t i = 0; i < items.size(); ++i) {
      if (items[i].kind != Kind::kEmoji) continue;
      const Node* prev = i > 0 ? &items[i - 1] : nullptr;
      const Node* next = i + 1 < items.size() ? &items[i + 1] : nullptr;
      to_text[i] = is_emoji(prev) || is_emoji(next) || is_text(prev) || is_text(next);
    }
  }
  // Then merge neighbouring PLAIN_TEXT in place.
  size_t out = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    Node& n = items[i];
    if (any_emoji && to_text[i]) {
      const bool emoticon = n.extra != n.text;
      n = plain(emoticon ? std::move(n.text) : ":" + n.text + ":");
    }
    if (n.kind == Kind::kPlain && out > 0 && items[out - 1].kind == Kind::kPlain) {
      items[out - 1].text += n.text;
    } else {
      if (out != i) items[out] = std::move(n);
      ++out;
    }
  }
  items.resize(out);
  return items;
}

json::value to_json(const Node& n, const json::storage_ptr& sp) {
  switch (n.kind) {
    case Kind::kPlain:
      return plain_json(sp, n.text);
    case Kind::kBold:
      return typed(sp, "BOLD", to_json(n.children, sp));
    case Kind::kItalic:
      return typed(sp, "ITALIC", to_json(n.children, sp));
    case Kind::kStrike:
      return typed(sp, "STRIKE", to_json(n.children, sp));
    case Kind::kSpoiler:
      return typed(sp, "SPOILER", to_json(n.children, sp));
    case Kind::kInlineCode:
      return typed(sp, "INLINE_CODE", plain_json(sp, n.text));
    case Kind::kLink:
      return typed(
          sp, "LINK",
          json::object({{"src", plain_json(sp, n.text)}, {"label", to_json(n.children, sp)}}, sp));
    case Kind::kImage:
      return typed(sp, "IMAGE",
                   json::object({{"src", plain_json(sp, n.text)},
                                 {"label", n.children.empty() ? plain_json(sp, n.text)
                                                              : to_json(n.children[0], sp)}},
                                sp));
    case Kind::kMentionUser:
      return typed(sp, "MENTION_USER", plain_json(sp, n.text));
    case Kind::kMentionChannel:
      return typed(sp, "MENTION_CHANNEL", plain_json(sp, n.text));
    case Kind::kEmoji:
      return json::object(
          {{"type", "EMOJI"}, {"value", plain_json(sp, n.text)}, {"shortCode", n.extra}}, sp);
    case Kind::kUnicodeEmoji:
      return json::object({{"type", "EMOJI"}, {"unicode", n.text}}, sp);
    case Kind::kTimestamp:
      return json::object(
          {{"type", "TIMESTAMP"},
           {"value", json::object({{"timestamp", n.text}, {"format", n.extra}}, sp)},
           {"fallback", json::array({n.from, n.to}, sp)}},
          sp);
  }
  return plain_json(sp, n.text);
}

json::array to_json(const Nodes& nodes, const json::storage_ptr& sp) {
  json::array out(sp);
  out.reserve(nodes.size());
  for (const Node& n : nodes) out.push_back(to_json(n, sp));
  return out;
}

Parser::Parser(const Text& text, const ParseOptions& options) : t_(text), options_(options) {
  precompute();
}

void Parser::precompute() {
  // The stops of the e-mail and URL lookaheads are needed at almost every word; the other
  // tables wait until a rule first needs them (most messages have no e-mail address).
  const size_t n = t_.size();
  const auto end = static_cast<uint32_t>(n);
  email_stop_.assign(n + 1, end);
  url_stop_.assign(n + 1, end);
  extra_end_.assign(n + 1, end);
  for (size_t i = n; i-- > 0;) {
    const char32_t c = t_[i];
    const bool blank_or_eol = is_space(c) || is_eol_char(c);
    email_stop_[i] = blank_or_eol || c == '@' ? static_cast<uint32_t>(i) : email_stop_[i + 1];
    url_stop_[i] =
        blank_or_eol || one_of(c, kUrlStop) ? static_cast<uint32_t>(i) : url_stop_[i + 1];
    extra_end_[i] = is_extra(c) ? extra_end_[i + 1] : static_cast<uint32_t>(i);
  }
}

void Parser::precompute_runs() {
  const size_t n = t_.size();
  run_end_.assign(n + 1, static_cast<uint32_t>(n));
  blank_end_.assign(n + 1, static_cast<uint32_t>(n));
  for (size_t i = n; i-- > 0;) {
    run_end_[i] = at(i + 1) == at(i) ? run_end_[i + 1] : static_cast<uint32_t>(i + 1);
    blank_end_[i] = is_space(at(i)) ? blank_end_[i + 1] : static_cast<uint32_t>(i);
  }
}

size_t Parser::domain_end(size_t i) {
  // DomainName after "localhost" and "_" are ruled out: a label, then one or more "."-led
  // labels. Labels are scanned on demand and their ends remembered, so that a host name
  // tried again from each of its positions is read once.
  constexpr uint32_t kUnknown = UINT32_MAX;
  if (label_end_.empty()) {
    label_end_.assign(t_.size() + 1, kUnknown);
    dots_end_.assign(t_.size() + 1, kUnknown);
  }
  auto label = [this](size_t from) {
    std::vector<size_t> path;
    size_t j = from;
    while (label_end_[j] == kUnknown) {
      const size_t length = domain_char_length(j);
      if (length == 0) {
        label_end_[j] = static_cast<uint32_t>(j);
        break;
      }
      path.push_back(j);
      j += length;
    }
    for (size_t k : path) label_end_[k] = label_end_[j];
    return static_cast<size_t>(label_end_[from]);
  };
  const size_t first = label(i);
  if (first == i || at(first) != '.' || !domain_char_length(first + 1)) return i;
  // ("." DomainChar label*)+ from the first dot, also remembered per dot.
  std::vector<size_t> dots;
  size_t j = first;
  while (dots_end_[j] == kUnknown && at(j) == '.' && domain_char_length(j + 1)) {
    dots.push_back(j);
    j = label(j + 1);
  }
  const size_t end = dots_end_[j] == kUnknown ? j : dots_end_[j];
  for (size_t d : dots) dots_end_[d] = static_cast<uint32_t>(end);
  return end;
}

void Parser::precompute_locals() {
  const size_t n = t_.size();
  local_end_.assign(n + 1, static_cast<uint32_t>(n));
  local_dots_end_.assign(n + 1, static_cast<uint32_t>(n));
  for (size_t i = n; i-- > 0;) {
    const char32_t c = at(i);
    local_end_[i] = is_email_char(c) || is_email_special(c) ? local_end_[i + 1] : i;
    local_dots_end_[i] = static_cast<uint32_t>(i);
    if (c == '.' && is_email_char(at(i + 1))) {
      const size_t k = local_end_[i + 1];
      local_dots_end_[i] = at(k) == '.' && is_email_char(at(k + 1)) ? local_dots_end_[k] : k;
    }
  }
}

void Parser::precompute_angles() {
  const size_t n = t_.size();
  angle_end_.assign(n + 1, static_cast<uint32_t>(n));
  for (size_t i = n; i-- > 0;) {
    const char32_t c = at(i);
    bool body = is_url_char(c) && !is_space(c);
    if (body && is_extra(c)) {
      const size_t q = extra_end_[i];
      body = q < n && !is_space(at(q)) && !is_eol_char(at(q));
    }
    angle_end_[i] = body ? angle_end_[i + 1] : static_cast<uint32_t>(i);
  }
}

size_t Parser::domain_char_length(size_t i) const {
  // DomainChar: a letter or digit; "_" or "-" together with the character after it; or any
  // other character that is not Extra, Safe, blank or one of \\/|><%`[].
  const char32_t c = at(i);
  auto plain_char = [](char32_t x) {
    return is_char(x) && !is_eol_char(x) && !is_space(x) && !one_of(x, kDomainStop);
  };
  if (is_ascii_alnum(c)) return 1;
  if (!is_char(c) || is_extra(c)) return 0;
  if (c == '_' || c == '-') return plain_char(at(i + 1)) ? 2 : 0;
  return is_safe(c) || !plain_char(c) ? 0 : 1;
}

size_t Parser::eol_length(size_t i) const {
  if (at(i) == '\r') return at(i + 1) == '\n' ? 2 : 1;
  return at(i) == '\n' ? 1 : 0;
}

bool Parser::eat(char32_t c) {
  if (cur() != c) return false;
  ++p_;
  return true;
}

bool Parser::eat(std::string_view literal) {
  if (!t_.starts_with(p_, literal)) return false;
  p_ += literal.size();
  return true;
}

bool Parser::eat_eol() {
  size_t n = eol_length(p_);
  p_ += n;
  return n > 0;
}

json::array Parser::parse() {
  // Every node of the tree comes from one arena that the returned array keeps alive: building
  // and freeing the tree is then most of a parse no more.
  sp_ = json::make_shared_resource<json::monotonic_resource>();
  json::array out(sp_);
  if (t_.size() == 0) return out;
  if (big_emoji(out) && at_end()) return out;
  out.clear();
  p_ = 0;
  while (!at_end()) {
    const size_t before = p_;
    if (!block(out) && !paragraph(out)) {
      if (!eat_eol()) break;
      out.push_back(paragraph_json(sp_, {plain("")}));
    }
    if (p_ == before) break;
  }
  // The grammar consumes any non-empty text; this only guards against losing input.
  if (!at_end()) out.push_back(paragraph_json(sp_, {plain(t_.slice(p_, t_.size()))}));
  return out;
}

bool Parser::big_emoji(json::array& out) {
  // One to three emoji and nothing else but blanks and line ends.
  auto blanks = [this] {
    while (eat_eol() || eat(U' ') || eat(U'\t')) {
    }
  };
  blanks();
  Nodes emojis;
  while (emojis.size() < 3 && (emoji(emojis) || emoticon(emojis))) blanks();
  if (emojis.empty()) return false;
  out.push_back(typed(sp_, "BIG_EMOJI", to_json(emojis, sp_)));
  return true;
}

bool Parser::block(json::array& out) {
  return blockquote(out) || block_spoiler(out) || code(out) || horizontal_rule(out) || table(out) ||
         heading(out) || tasks(out) || ordered_list(out) || unordered_list(out) || line_break(out);
}

bool Parser::blockquote(json::array& out) {
  json::array paragraphs(sp_);
  for (;;) {
    Mark m(*this);
    if (!eat('>')) break;
    eat_while(is_space);
    if (eat_eol()) {
      paragraphs.push_back(paragraph_json(sp_, {plain("")}));
      continue;
    }
    Nodes items;
    if (!inline_line(items)) {
      m.fail();
      break;
    }
    paragraphs.push_back(paragraph_json(sp_, std::move(items)));
  }
  if (paragraphs.empty()) return false;
  out.push_back(typed(sp_, "QUOTE", std::move(paragraphs)));
  return true;
}

bool Parser::block_spoiler(json::array& out) {
  Mark m(*this);
  if (!eat("||") || !eat_eol()) return m.fail();
  json::array paragraphs(sp_);
  Nodes items;
  while (!t_.starts_with(p_, "||") && inline_line(items)) {
    paragraphs.push_back(paragraph_json(sp_, std::move(items)));
    items.clear();
  }
  eat_eol();
  if (paragraphs.empty() || !eat("||")) return m.fail();
  out.push_back(typed(sp_, "SPOILER_BLOCK", std::move(paragraphs)));
  return true;
}

bool Parser::code(json::array& out) {
  Mark m(*this);
  if (!eat("```")) return false;
  const size_t lang_start = p_;
  eat_while(is_code_language);
  const std::string language = p_ > lang_start ? t_.slice(lang_start, p_) : "none";
  if (!eat_eol()) return m.fail();
  // A line's text may hold "`" and "``" but stops before "```".
  auto chunk = [this]() -> std::optional<std::string> {
    const size_t start = p_;
    auto text = [](char32_t c) { return c != kEnd && c != '\r' && c != '\n' && c != '`'; };
    auto end_or_eol = [](char32_t c) { return c == kEnd || c == '\r' || c == '\n'; };
    for (;;) {
      const char32_t c = cur();
      if (text(c)) {
        ++p_;
      } else if (c == '`' && text(at(p_ + 1))) {
        p_ += 2;
      } else if (c == '`' && at(p_ + 1) == '`' && text(at(p_ + 2))) {
        p_ += 3;
      } else if (c == '`' && at(p_ + 1) == '`' && end_or_eol(at(p_ + 2))) {
        p_ += 2;
      } else if (c == '`' && end_or_eol(at(p_ + 1))) {
        p_ += 1;
      } else {
        break;
      }
    }
    if (p_ == start) return std::nullopt;
    return t_.slice(start, p_);
  };
  json::array lines(sp_);
  for (;;) {
    Mark line_start(*this);
    std::optional<std::string> text = chunk();
    if (!text && eat('\n')) {
      text = chunk();
      if (!text && !t_.starts_with(p_, "```")) text = "";
    }
    if (!text) {
      line_start.fail();
      break;
    }
    lines.push_back(typed(sp_, "CODE_LINE", plain_json(sp_, *text)));
  }
  if (lines.empty() || !eat_eol() || !eat("```")) return m.fail();
  out.push_back(
      json::object({{"type", "CODE"}, {"language", language}, {"value", std::move(lines)}}, sp_));
  return true;
}

bool Parser::horizontal_rule(json::array& out) {
  Mark m(*this);
  eat_while(is_space);
  const size_t dashes = p_;
  while (cur() == '-') ++p_;
  if (p_ - dashes < 3) return m.fail();
  const size_t dashes_end = p_;
  eat_while(is_space);
  if (!eat_eol() && !at_end()) return m.fail();
  out.push_back(json::object(
      {{"type", "HORIZONTAL_RULE"},
       {"fallback", json::array({t_.utf16_offset(dashes), t_.utf16_offset(dashes_end)}, sp_)}},
      sp_));
  return true;
}

bool Parser::table_row(std::vector<Nodes>& cells) {
  Mark m(*this);
  if (!eat('|')) return false;
  std::vector<Nodes> row;
  for (;;) {
    Mark cell_start(*this);
    Nodes cell;
    for (;;) {
      if (eat("\\|")) {
        cell.push_back(plain("|"));
        continue;
      }
      const char32_t c = cur();
      if (c == '|' || c == '\r' || c == '\n' || c == kEnd) break;
      if (!inline_pattern(cell) && !any_char(cell)) break;
    }
    if (!eat('|')) {
      cell_start.fail();
      break;
    }
    row.push_back(reduce_plain_texts(std::move(cell)));
  }
  if (row.empty()) return m.fail();
  eat_eol();
  cells = std::move(row);
  return true;
}

bool Parser::table(json::array& out) {
  Mark m(*this);
  std::vector<Nodes> header;
  if (!table_row(header) || !eat('|')) return m.fail();
  // The delimiter row: |:--|:-:|--:|
  std::vector<std::optional<std::string>> aligns;
  for (;;) {
    Mark cell(*this);
    eat_while(is_space);
    const bool left = eat(':');
    const size_t dashes = p_;
    while (cur() == '-') ++p_;
    if (p_ == dashes) {
      cell.fail();
      break;
    }
    const bool right = eat(':');
    eat_while(is_space);
    if (!eat('|')) {
      cell.fail();
      break;
    }
    aligns.push_back(left && right ? std::optional<std::string>("center")
                     : right       ? std::optional<std::string>("right")
                     : left        ? std::optional<std::string>("left")
                                   : std::nullopt);
  }
  if (aligns.empty()) return m.fail();
  eat_eol();
  std::vector<std::vector<Nodes>> rows;
  for (std::vector<Nodes> row; table_row(row);) rows.push_back(std::move(row));
  auto align = [&](size_t i) { return i < aligns.size() ? aligns[i] : std::nullopt; };
  json::array header_json(sp_);
  for (size_t i = 0; i < header.size(); ++i) {
    header_json.push_back(table_cell(sp_, std::move(header[i]), align(i)));
  }
  json::array rows_json(sp_);
  for (auto& row : rows) {
    json::array cells(sp_);
    for (size_t i = 0; i < header.size(); ++i) {
      cells.push_back(table_cell(sp_, i < row.size() ? std::move(row[i]) : Nodes{}, align(i)));
    }
    rows_json.push_back(typed(sp_, "TABLE_ROW", std::move(cells)));
  }
  out.push_back(json::object(
      {{"type", "TABLE"},
       {"value",
        json::object({{"header", std::move(header_json)}, {"rows", std::move(rows_json)}}, sp_)},
       {"fallback", json::array({t_.utf16_offset(m.pos), t_.utf16_offset(p_)}, sp_)}},
      sp_));
  return true;
}

bool Parser::heading(json::array& out) {
  Mark m(*this);
  int level = 0;
  while (level < 4 && eat('#')) ++level;
  if (level == 0 || !eat_while(is_space)) return m.fail();
  Nodes items;
  while (inline_pattern(items) || any_char(items)) {
  }
  if (items.empty()) return m.fail();
  eat_eol();
  out.push_back(json::object(
      {{"type", "HEADING"}, {"level", level}, {"value", to_json(reduce_plain_texts(items), sp_)}},
      sp_));
  return true;
}

bool Parser::tasks(json::array& out) {
  json::array items(sp_);
  for (;;) {
    Mark m(*this);
    if (!eat("- [")) break;
    const bool done = cur() == 'x';
    if ((!eat('x') && !eat(' ')) || !eat(']') || !eat_while(is_space)) {
      m.fail();
      break;
    }
    Nodes text;
    if (!inline_line(text)) {
      m.fail();
      break;
    }
    items.push_back(
        json::object({{"type", "TASK"}, {"status", done}, {"value", to_json(text, sp_)}}, sp_));
  }
  if (items.empty()) return false;
  out.push_back(typed(sp_, "TASKS", std::move(items)));
  return true;
}

bool Parser::ordered_list(json::array& out) {
  json::array items(sp_);
  for (;;) {
    Mark m(*this);
    const size_t start = p_;
    if (!eat_while(is_digit)) break;
    const std::string digits = t_.slice(start, p_);
    Nodes text;
    if (!eat('.') || !eat_while(is_space) || !inline_line(text)) {
      m.fail();
      break;
    }
    json::object item({{"type", "LIST_ITEM"}, {"value", to_json(text, sp_)}}, sp_);
    // parseInt: numbers too long for an integer become a double, as in JavaScript.
    if (digits.size() <= 15) {
      item["number"] = std::stoll(digits);
    } else {
      item["number"] = std::stod(digits);
    }
    items.push_back(std::move(item));
  }
  if (items.empty()) return false;
  out.push_back(typed(sp_, "ORDERED_LIST", std::move(items)));
  return true;
}

bool Parser::unordered_list(json::array& out) {
  json::array items(sp_);
  for (const char32_t marker : {U'-', U'*'}) {
    for (;;) {
      Mark m(*this);
      if (!eat(marker) || !eat_while(is_space)) {
        m.fail();
        break;
      }
      Nodes text;
      if (marker == '-') {
        if (!inline_line(text)) {
          m.fail();
          break;
        }
      } else {
        // "* item": the item may not end at a "*" (that would be bold).
        while (inline_pattern(text) || (cur() != '*' && any_char(text))) {
        }
        if (text.empty() || cur() == '*') {
          m.fail();
          break;
        }
        eat_eol();
        text = reduce_plain_texts(std::move(text));
      }
      items.push_back(typed(sp_, "LIST_ITEM", to_json(text, sp_)));
    }
    if (!items.empty()) break;
  }
  if (items.empty()) return false;
  out.push_back(typed(sp_, "UNORDERED_LIST", std::move(items)));
  return true;
}

bool Parser::line_break(json::array& out) {
  Mark m(*this);
  eat_while(is_space);
  if (!eat_eol()) return m.fail();
  out.push_back(json::object({{"type", "LINE_BREAK"}}, sp_));
  return true;
}

bool Parser::paragraph(json::array& out) {
  Nodes items;
  if (!inline_line(items)) return false;
  out.push_back(paragraph_json(sp_, std::move(items)));
  return true;
}

bool Parser::inline_line(Nodes& out) {
  Nodes items;
  // About one item per word and one per blank.
  size_t line_end = p_;
  while (line_end < t_.size() && at(line_end) != '\n') ++line_end;
  items.reserve(std::min<size_t>(4096, (line_end - p_) / 3 + 4));
  while (inline_pattern(items) || any_char(items)) {
  }
  if (items.empty()) return false;
  eat_eol();
  out = reduce_plain_texts(std::move(items));
  return true;
}

}  // namespace md

boost::json::array parse_message(std::string_view text, const ParseOptions& options) {
  const md::Text decoded(text);
  md::Parser parser(decoded, options);
  return parser.parse();
}

namespace {

void collect_mentions(const boost::json::value& v, MessageRefs& refs) {
  auto add = [](std::vector<std::string>& names, const boost::json::value& mention) {
    const auto* value = mention.if_object();
    const auto* name = value ? value->if_contains("value") : nullptr;
    if (!name || !name->is_string()) return;
    std::string s(name->as_string());
    if (std::find(names.begin(), names.end(), s) == names.end()) names.push_back(std::move(s));
  };
  if (const auto* array = v.if_array()) {
    for (const auto& item : *array) collect_mentions(item, refs);
    return;
  }
  const auto* object = v.if_object();
  if (!object) return;
  const auto* type = object->if_contains("type");
  const auto* value = object->if_contains("value");
  if (type && type->is_string() && value) {
    if (type->as_string() == "MENTION_USER") return add(refs.users, *value);
    if (type->as_string() == "MENTION_CHANNEL") return add(refs.channels, *value);
  }
  for (const auto& [key, child] : *object) collect_mentions(child, refs);
}

}  // namespace

MessageRefs mentions_in(const boost::json::array& md) {
  MessageRefs refs;
  collect_mentions(md, refs);
  return refs;
}

MessageRefs find_mentions(std::string_view text, const ParseOptions& options) {
  return mentions_in(parse_message(text, options));
}

}  // namespace parley::chat
