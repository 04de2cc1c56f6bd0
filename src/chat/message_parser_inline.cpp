// Inline rules of the message grammar: emphasis, mentions, emoji, links, code, timestamps.
// Each function is one rule of @rocket.chat/message-parser 0.32's grammar, tried in the
// grammar's order; the order is what decides between overlapping readings ("a_b_" is text,
// "_a_" italic), so it is kept even where it looks arbitrary.
#include "chat/message_parser_internal.hpp"

namespace parley::chat::md {
namespace {

Node node(Kind kind, std::string text = {}) {
  Node n;
  n.kind = kind;
  n.text = std::move(text);
  return n;
}

void append(Nodes& out, Nodes&& more) {
  for (Node& n : more) out.push_back(std::move(n));
}

Node link(std::string src, Nodes label) {
  Node n = node(Kind::kLink, std::move(src));
  n.children = label.empty() ? Nodes{plain(n.text)} : std::move(label);
  return n;
}

}  // namespace

size_t Parser::eat_while(bool (*pred)(char32_t)) {
  size_t start = p_;
  while (pred(cur())) ++p_;
  return p_ - start;
}

bool Parser::lookahead_pattern(size_t i, int rule_id, bool (Parser::*rule)(Nodes&)) {
  // What follows an emoticon is tested by trying the next item; in a run of emoticons each
  // test nests the next one. The answers are remembered, so a run costs one pass, and past a
  // depth no real message reaches the answer is yes (the rule matches almost any character)
  // instead of a deeper stack.
  const uint64_t key = (static_cast<uint64_t>(i) << 6) | (static_cast<uint64_t>(skip_) << 2) |
                       static_cast<uint64_t>(rule_id);
  if (auto it = lookahead_memo_.find(key); it != lookahead_memo_.end()) return it->second;
  if (lookahead_depth_ > 32) return true;
  const size_t saved = p_;
  p_ = i;
  ++lookahead_depth_;
  Nodes scratch;
  const bool ok = (this->*rule)(scratch);
  --lookahead_depth_;
  p_ = saved;
  lookahead_memo_.emplace(key, ok);
  return ok;
}

bool Parser::inline_pattern(Nodes& out) {
  // The grammar dispatches on the first character; when the dispatched rules fail it goes on
  // to the general alternatives, so every case falls through to inline_general.
  switch (cur()) {
    case ' ':
    case '\t':
      return whitespace(out);
    case '\\':
      if (escaped_timestamp(out) || escaped(out)) return true;
      break;
    case '[':
      if (maybe_references(out)) return true;
      break;
    case '<':
      if (timestamp(out) || maybe_references(out) || inline_emoticon(out)) return true;
      break;
    case '!':
      if (image(out)) return true;
      break;
    case '|':
      if (spoiler(out)) return true;
      break;
    case '@':
      if (user_mention(out)) return true;
      break;
    case '`':
      if (inline_code(out)) return true;
      break;
    case '+':
      if (autolinked_phone(out)) return true;
      break;
    case ':':
      if (emoji(out) || inline_emoticon(out)) return true;
      break;
    case '*':
      if (emphasis_with_whitespace(out) || emphasis(out) || inline_emoticon(out)) return true;
      break;
    case '~':
      if (emphasis_with_whitespace(out) || emphasis(out)) return true;
      break;
    case '-':
      if (plain_before_emoticon(out) || inline_emoticon(out)) return true;
      break;
    default:
      break;
  }
  return inline_general(out);
}

bool Parser::inline_general(Nodes& out) {
  if (at(email_stop_[p_]) == '@' && autolinked_email(out)) return true;
  if (cur() == '_' && underscore_domain(out)) return true;
  size_t stop = url_stop_[p_];
  if ((at(stop) == '.' || t_.starts_with(stop, "://")) && autolinked_url(out)) return true;
  return emphasis_with_whitespace(out) || emphasis(out) || channel_mention(out) || emoji(out) ||
         plain_before_emoticon(out) || inline_emoticon(out) || plain_run(out);
}

bool Parser::any_char(Nodes& out) {
  char32_t c = cur();
  if (!is_char(c) || is_eol_char(c)) return false;
  out.push_back(plain(t_.slice(p_, p_ + 1)));
  ++p_;
  return true;
}

bool Parser::whitespace(Nodes& out) {
  size_t start = p_;
  if (!eat_while(is_space)) return false;
  out.push_back(plain(t_.slice(start, p_)));
  return true;
}

bool Parser::escaped(Nodes& out) {
  if (cur() != '\\' || !one_of(at(p_ + 1), kEscapable)) return false;
  out.push_back(plain(t_.slice(p_ + 1, p_ + 2)));
  p_ += 2;
  return true;
}

bool Parser::plain_run(Nodes& out) {
  size_t start = p_;
  if (!eat_while(is_plain_run)) return false;
  out.push_back(plain(t_.slice(start, p_)));
  return true;
}

bool Parser::line(Nodes& out) {
  Mark m(*this);
  eat_while(is_space);
  if (!eat_while(is_any_text)) return m.fail();
  eat_while(is_space);
  out.push_back(plain(t_.slice(m.pos, p_)));
  return true;
}

bool Parser::inline_code(Nodes& out) {
  Mark m(*this);
  if (!eat('`')) return false;
  size_t start = p_;
  while (is_char(cur()) && cur() != '`' && cur() != '\n') ++p_;
  if (p_ == start || !eat('`')) return m.fail();
  out.push_back(node(Kind::kInlineCode, t_.slice(start, p_ - 1)));
  return true;
}

bool Parser::emoji(Nodes& out) {
  if (cur() == ':') {
    size_t end = p_ + 1;
    while (is_emoji_name(at(end))) ++end;
    if (end > p_ + 1 && at(end) == ':') {
      Node n = node(Kind::kEmoji, t_.slice(p_ + 1, end));
      n.extra = n.text;
      out.push_back(std::move(n));
      p_ = end + 1;
      return true;
    }
  }
  if (std::optional<size_t> end = match_unicode_emoji(t_, p_)) {
    out.push_back(node(Kind::kUnicodeEmoji, t_.slice(p_, *end)));
    p_ = *end;
    return true;
  }
  return false;
}

bool Parser::emoticon(Nodes& out) {
  if (!options_.emoticons) return false;
  std::optional<Emoticon> e = match_emoticon(t_, p_);
  if (!e) return false;
  Node n = node(Kind::kEmoji, t_.slice(p_, p_ + e->length));
  n.extra = std::string(e->short_code);
  out.push_back(std::move(n));
  p_ += e->length;
  return true;
}

bool Parser::emoticon_neighbor(size_t i) const {
  char32_t c = at(i);
  return c == kEnd || is_eol_char(c) || is_space(c) || c == '*';
}

// Emoticon &(EmoticonNeighbor / <context>), as InlineEmoticon, BoldEmoticon and ItalicEmoticon.
bool Parser::emoticon_followed(Nodes& out, int context_id, bool (Parser::*context)(Nodes&),
                               bool allow_underscore) {
  Mark m(*this);
  Nodes got;
  if (!emoticon(got)) return false;
  if (emoticon_neighbor(p_) || (allow_underscore && cur() == '_') ||
      lookahead_pattern(p_, context_id, context)) {
    append(out, std::move(got));
    return true;
  }
  return m.fail();
}

bool Parser::inline_emoticon(Nodes& out) {
  return emoticon_followed(out, 0, &Parser::inline_pattern, false);
}

bool Parser::plain_before_emoticon(Nodes& out) {
  // "-" before "_-x": keeps "-_-italic_" from reading as the emoticon "-_-".
  if (cur() != '-' || at(p_ + 1) != '_' || at(p_ + 2) != '-' || !is_char(at(p_ + 3))) {
    return false;
  }
  out.push_back(plain("-"));
  ++p_;
  return true;
}

bool Parser::user_mention(Nodes& out) {
  Mark m(*this);
  if (!eat_while([](char32_t c) { return c == '@'; })) return false;
  size_t start = p_;
  if (!eat_while(is_name_char)) return m.fail();
  if ((cur() == ':' || cur() == '@') && is_name_char(at(p_ + 1))) {
    ++p_;
    eat_while(is_name_char);
  }
  std::string name = t_.slice(start, p_);
  if (name.size() >= 2 && name.compare(name.size() - 2, 2, "__") == 0) return m.fail();
  out.push_back(node(Kind::kMentionUser, std::move(name)));
  return true;
}

bool Parser::prefixed_user_mention(Nodes& out) {
  // A character of text glued to "@x" keeps the whole as text (and the grammar writes a
  // single "@" back, however many there were).
  if (is_any_text(cur()) && cur() < 0x10000 && at(p_ + 1) == '@') {
    size_t i = p_ + 1;
    while (at(i) == '@') ++i;
    if (is_alnum_char(at(i))) {
      out.push_back(plain(t_.slice(p_, p_ + 1) + "@" + t_.slice(i, i + 1)));
      p_ = i + 1;
      return true;
    }
  }
  return user_mention(out);
}

bool Parser::channel_mention(Nodes& out) {
  if (is_any_text(cur()) && cur() < 0x10000 && at(p_ + 1) == '#' && is_alnum_char(at(p_ + 2))) {
    out.push_back(plain(t_.slice(p_, p_ + 3)));
    p_ += 3;
    return true;
  }
  if (cur() != '#') return false;
  size_t end = p_ + 1;
  while (is_name_char(at(end))) ++end;
  if (end == p_ + 1) return false;
  out.push_back(node(Kind::kMentionChannel, t_.slice(p_ + 1, end)));
  p_ = end;
  return true;
}

bool Parser::emphasis_with_whitespace(Nodes& out) {
  // "* *", "__ __", "~ ~": markers around nothing but blanks are text.
  const char32_t d = cur();
  if (d != '*' && d != '_' && d != '~') return false;
  if (run_end_.empty()) precompute_runs();
  const size_t blanks = run_end_[p_];
  const size_t closing = blank_end_[blanks];
  if (closing == blanks || at(closing) != d) return false;
  const size_t end = run_end_[closing];
  out.push_back(plain(t_.slice(p_, end)));
  p_ = end;
  return true;
}

bool Parser::emphasis(Nodes& out) {
  return maybe_bold(out) || maybe_italic(out) || maybe_strike(out);
}

bool Parser::memoized(int rule, Skip flag, bool (Parser::*body)(Nodes&), Nodes& out) {
  if (skip_ & flag) return false;
  const uint64_t key = (static_cast<uint64_t>(p_) << 6) | (static_cast<uint64_t>(skip_) << 2) |
                       static_cast<uint64_t>(rule);
  const auto known = memo_.find(key);
  if (known != memo_.end() && !known->second) return false;
  // A success is remembered only as such: rebuilding its nodes on the rare second request is
  // cheaper than copying every result into the memo.
  const size_t start = p_;
  skip_ |= flag;
  const bool ok = (this->*body)(out);
  skip_ &= static_cast<uint8_t>(~flag);
  if (!ok) p_ = start;
  if (known == memo_.end()) memo_.emplace(key, ok);
  return ok;
}

// Each rule is tried only where its first character can start it, which keeps the memo small.
bool Parser::maybe_bold(Nodes& out) {
  return cur() == '*' && memoized(0, kSkipBold, &Parser::bold, out);
}
bool Parser::maybe_italic(Nodes& out) {
  // Italic starts with "_", or is a word that ends in "_" (text, but italic's to give).
  if (cur() != '_') {
    size_t i = p_;
    while (is_ascii_alnum(at(i))) ++i;
    if (i == p_ || at(i) != '_') return false;
  }
  return memoized(1, kSkipItalic, &Parser::italic, out);
}
bool Parser::maybe_strike(Nodes& out) {
  return cur() == '~' && memoized(2, kSkipStrike, &Parser::strike, out);
}
bool Parser::maybe_references(Nodes& out) {
  return (cur() == '[' || cur() == '<') && memoized(3, kSkipRefs, &Parser::references, out);
}

bool Parser::bold(Nodes& out) {
  for (std::string_view delim : {std::string_view("**"), std::string_view("*")}) {
    Mark m(*this);
    Nodes items;
    if (eat(delim) && bold_item(items)) {
      while (bold_item(items)) {
      }
      if (eat(delim)) {
        Node b = node(Kind::kBold);
        b.children = reduce_plain_texts(std::move(items));
        out.push_back(std::move(b));
        return true;
      }
    }
    m.fail();
  }
  return false;
}

bool Parser::bold_item(Nodes& out) {
  size_t start = p_;
  if (bold_preferred(out)) return true;
  if (eat_while(is_bold_run) || (is_any_bold(cur()) && ++p_)) {
    out.push_back(plain(t_.slice(start, p_)));
    return true;
  }
  return line(out);
}

bool Parser::bold_preferred(Nodes& out) {
  return whitespace(out) || inline_code(out) || timestamp(out) || maybe_references(out) ||
         prefixed_user_mention(out) || channel_mention(out) || maybe_italic(out) ||
         maybe_strike(out) || emoji(out) ||
         emoticon_followed(out, 1, &Parser::bold_preferred, false);
}

bool Parser::italic(Nodes& out) {
  Mark m(*this);
  // A word ending in "_" or "__" is text: snake_case stays as typed.
  if (eat_while(is_ascii_alnum)) {
    if (eat('_')) {
      eat('_');
      out.push_back(plain(t_.slice(m.pos, p_)));
      return true;
    }
    return m.fail();
  }
  // "__x__y" and "_x_y": a closing marker glued to a word is text too.
  for (std::string_view delim : {std::string_view("__"), std::string_view("_")}) {
    Nodes inner;
    if (eat(delim) && italic_items(inner) && eat(delim)) {
      size_t word = p_;
      eat_while(delim.size() == 2 ? +is_ascii_alnum : +is_ascii_alpha);
      if (p_ > word) {
        Nodes all;
        all.push_back(plain(std::string(delim)));
        append(all, std::move(inner));
        all.push_back(plain(std::string(delim)));
        all.push_back(plain(t_.slice(word, p_)));
        append(out, reduce_plain_texts(std::move(all)));
        return true;
      }
    }
    m.fail();
  }
  for (std::string_view delim : {std::string_view("__"), std::string_view("_")}) {
    Nodes inner;
    if (eat(delim) && italic_items(inner) && eat(delim)) {
      Node i = node(Kind::kItalic);
      i.children = std::move(inner);
      out.push_back(std::move(i));
      return true;
    }
    m.fail();
  }
  return false;
}

bool Parser::italic_items(Nodes& out) {
  Nodes items;
  while (italic_item(items)) {
  }
  if (items.empty()) return false;
  append(out, reduce_plain_texts(std::move(items)));
  return true;
}

bool Parser::italic_item(Nodes& out) {
  size_t start = p_;
  if (italic_preferred(out)) return true;
  if (eat_while(is_italic_run) || (is_any_italic(cur()) && ++p_)) {
    out.push_back(plain(t_.slice(start, p_)));
    return true;
  }
  return line(out);
}

bool Parser::italic_preferred(Nodes& out) {
  return whitespace(out) || inline_code(out) || timestamp(out) || maybe_references(out) ||
         prefixed_user_mention(out) || channel_mention(out) || maybe_bold(out) ||
         maybe_strike(out) || emoji(out) ||
         emoticon_followed(out, 2, &Parser::italic_preferred, true);
}

bool Parser::strike(Nodes& out) {
  for (std::string_view delim : {std::string_view("~~"), std::string_view("~")}) {
    Mark m(*this);
    Nodes items;
    if (eat(delim) && strike_item(items)) {
      while (strike_item(items)) {
      }
      if (eat(delim)) {
        Node s = node(Kind::kStrike);
        s.children = reduce_plain_texts(std::move(items));
        out.push_back(std::move(s));
        return true;
      }
    }
    m.fail();
  }
  return false;
}

bool Parser::strike_item(Nodes& out) {
  size_t start = p_;
  if (eat_while(is_strike_run)) {
    out.push_back(plain(t_.slice(start, p_)));
    return true;
  }
  if (escaped_timestamp(out) || timestamp(out) || whitespace(out) || inline_code(out) ||
      maybe_references(out) || prefixed_user_mention(out) || channel_mention(out) ||
      maybe_italic(out) || maybe_bold(out) || emoji(out) || emoticon(out)) {
    return true;
  }
  if (is_any_strike(cur())) {
    out.push_back(plain(t_.slice(p_, p_ + 1)));
    ++p_;
    return true;
  }
  return line(out);
}

bool Parser::spoiler(Nodes& out) {
  Mark m(*this);
  if (!eat("||")) return false;
  Nodes items;
  while (!t_.starts_with(p_, "||") && (inline_pattern(items) || any_char(items))) {
  }
  if (items.empty() || !eat("||")) return m.fail();
  Node s = node(Kind::kSpoiler);
  s.children = reduce_plain_texts(std::move(items));
  out.push_back(std::move(s));
  return true;
}

bool Parser::references(Nodes& out) {
  Mark m(*this);
  if (eat('[')) {
    // [label](href): find where the label items stop, then check the rest before building
    // the label, which only a link that parses needs.
    const size_t label_start = p_;
    const size_t label_end = link_titles_end(label_start);
    p_ = label_end;
    if (eat("](")) {
      std::optional<std::string> href = markdown_link_ref();
      if (href && eat(')')) {
        const size_t after = p_;
        p_ = label_start;
        Nodes titles;
        while (p_ < label_end && link_title(titles)) {
        }
        p_ = after;
        out.push_back(link(std::move(*href), reduce_plain_texts(std::move(titles))));
        return true;
      }
    }
    m.fail();
  }
  if (eat('<')) {
    // <href|label>
    std::optional<std::string> href = angle_link_ref();
    if (href && eat('|')) {
      size_t start = p_;
      if (eat_while(is_title2_char) && eat('>')) {
        out.push_back(link(std::move(*href), {plain(t_.slice(start, p_ - 1))}));
        return true;
      }
    }
  }
  return m.fail();
}

bool Parser::link_title(Nodes& out) {
  size_t start = p_;
  if (whitespace(out) || emphasis(out)) return true;
  while (is_char(cur()) && !one_of(cur(), kTitleStop)) ++p_;
  if (p_ > start) {
    out.push_back(plain(t_.slice(start, p_)));
    return true;
  }
  if (!is_char(cur())) return false;
  // One character, unless it is the "](" that ends the label or the "]" of "[a] [b](c)".
  if (cur() == ']' && at(p_ + 1) == '(' && is_char(at(p_ + 2))) return false;
  if (t_.starts_with(p_, "] [")) {
    size_t close = p_ + 3;
    while (is_char(at(close)) && at(close) != ']') ++close;
    if (t_.starts_with(close, "](")) return false;
  }
  out.push_back(plain(t_.slice(p_, p_ + 1)));
  ++p_;
  return true;
}

size_t Parser::link_titles_end(size_t from) {
  // Where LinkTitle* stops from `from`. Every "[" before the same "](" scans the same label
  // items, so the end is cached at each item boundary: a scan that lands on one jumps there.
  std::vector<size_t> visited;
  size_t q = from;
  Nodes scratch;
  for (;;) {
    auto it = titles_end_.find((static_cast<uint64_t>(q) << 4) | skip_);
    if (it != titles_end_.end()) {
      q = it->second;
      break;
    }
    visited.push_back(q);
    p_ = q;
    scratch.clear();
    if (!link_title(scratch)) break;
    q = p_;
  }
  for (size_t v : visited) {
    titles_end_[(static_cast<uint64_t>(v) << 4) | skip_] = static_cast<uint32_t>(q);
  }
  return q;
}

std::optional<std::string> Parser::markdown_link_ref() {
  // Every "[" before the same "](" reaches this point at the same position: remember it.
  auto [it, fresh] = link_ref_memo_.try_emplace(static_cast<uint32_t>(p_));
  if (!fresh) {
    p_ = it->second.second;
    return it->second.first;
  }
  const size_t start = p_;
  std::optional<std::string> href = markdown_link_ref_uncached();
  auto& memo = link_ref_memo_[static_cast<uint32_t>(start)];
  memo = {href, static_cast<uint32_t>(href ? p_ : start)};
  return href;
}

std::optional<std::string> Parser::markdown_link_ref_uncached() {
  return link_ref(&Parser::markdown_link_body);
}

std::optional<std::string> Parser::angle_link_ref() {
  return link_ref(&Parser::angle_link_body);
}

// MarkdownLinkRef and LinkRef: scheme://host or host, then the body; scheme: then a
// non-empty body; or a phone number.
std::optional<std::string> Parser::link_ref(void (Parser::*body)()) {
  Mark m(*this);
  if (url_head()) {
    (this->*body)();
    return t_.slice(m.pos, p_);
  }
  if (url_scheme()) {
    const size_t start = p_;
    (this->*body)();
    if (p_ > start) return t_.slice(m.pos, p_);
    m.fail();
  }
  if (std::optional<Phone> ph = phone()) return "tel:" + ph->number;
  return std::nullopt;
}

bool Parser::url_head() {
  Mark m(*this);
  if (url_scheme() && url_authority()) return true;
  m.fail();
  if (url_authority_host()) return true;
  return m.fail();
}

bool Parser::url_scheme() {
  Mark m(*this);
  size_t n = 0;
  while (n < 32 && (is_ascii_alnum(cur()) || cur() == '+' || cur() == '-')) ++p_, ++n;
  if (n == 0 || !eat(':')) return m.fail();
  return true;
}

bool Parser::url_authority() {
  Mark m(*this);
  if (!eat("//")) return false;
  // Optional user[:password]@.
  auto user_chars = [](char32_t c) { return is_ascii_alnum(c) || one_of(c, kUserInfo); };
  Mark user(*this);
  bool has_user = false;
  while (user_chars(cur())) ++p_, has_user = true;
  if (has_user) {
    Mark password(*this);
    if (eat(':')) {
      bool has_password = false;
      while (user_chars(cur())) ++p_, has_password = true;
      if (!has_password) password.fail();
    }
    if (!eat('@')) user.fail();
  }
  if (!url_authority_host()) return m.fail();
  return true;
}

bool Parser::url_authority_host() {
  Mark m(*this);
  if (!domain_name()) {
    // Four dot-separated digit groups.
    for (int group = 0; group < 4; ++group) {
      if (group > 0 && !(cur() == '.' && is_digit(at(p_ + 1)))) return m.fail();
      if (group > 0) ++p_;
      if (!eat_while(is_digit)) return m.fail();
    }
  }
  Mark port(*this);
  if (eat(':') && !eat_while(is_digit)) port.fail();
  return true;
}

bool Parser::domain_name() {
  if (t_.starts_with(p_, "localhost")) {
    p_ += 9;
    return true;
  }
  if (cur() == '_') return false;
  const size_t end = domain_end(p_);
  if (end == p_) return false;
  p_ = end;
  return true;
}

void Parser::markdown_link_body() {
  size_t extra_ok_until = 0;  // punctuation up to here is known not to end the URL
  for (;;) {
    char32_t c = cur();
    if (is_space(c) || c == ')' || !is_char(c)) return;
    if (is_link_extra(c) && p_ >= extra_ok_until) {
      size_t q = p_;
      while (is_link_extra(at(q))) ++q;
      if (is_space(at(q)) || is_eol_char(at(q))) return;
      extra_ok_until = q;
    }
    if (is_md_url_char(c)) {
      ++p_;
      continue;
    }
    if (c != '(') return;
    // A parenthesised part, as in Wikipedia URLs.
    size_t q = p_ + 1;
    while (!is_space(at(q)) && !is_eol_char(at(q)) && at(q) != ')' && is_url_char(at(q))) ++q;
    if (at(q) != ')') return;
    p_ = q + 1;
  }
}

void Parser::angle_link_body() {
  if (angle_end_.empty()) precompute_angles();
  p_ = angle_end_[p_];
}

bool Parser::image(Nodes& out) {
  Mark m(*this);
  if (!eat("![")) return false;
  Nodes label;
  line(label);
  if (!eat("](")) return m.fail();
  std::optional<std::string> href = markdown_link_ref();
  if (!href || !eat(')')) return m.fail();
  Node n = node(Kind::kImage, std::move(*href));
  n.children = label.empty() ? Nodes{plain(n.text)} : std::move(label);
  out.push_back(std::move(n));
  return true;
}

std::optional<Parser::Phone> Parser::phone() {
  Mark m(*this);
  if (!eat('+')) return std::nullopt;
  auto digits = [this]() -> std::optional<std::string> {
    size_t start = p_;
    if (!eat_while(is_digit)) return std::nullopt;
    return t_.slice(start, p_);
  };
  auto prefix = [&]() -> std::optional<Phone> {
    if (auto d = digits()) return Phone{*d, *d};
    Mark pm(*this);
    if (eat('(')) {
      if (auto d = digits(); d && eat(')')) return Phone{"(" + *d + ")", *d};
    }
    pm.fail();
    return std::nullopt;
  };
  const size_t after_plus = p_;
  // prefix "-" digits / prefix digits "-" digits / prefix digits / digits
  if (auto pre = prefix()) {
    Mark alt(*this);
    if (eat('-')) {
      if (auto d = digits()) return Phone{"+" + pre->text + "-" + *d, pre->number + *d};
    }
    alt.fail();
    if (auto d1 = digits()) {
      Mark dash(*this);
      if (eat('-')) {
        if (auto d2 = digits()) {
          return Phone{"+" + pre->text + *d1 + "-" + *d2, pre->number + *d1 + *d2};
        }
      }
      dash.fail();
      return Phone{"+" + pre->text + *d1, pre->number + *d1};
    }
  }
  p_ = after_plus;
  if (auto d = digits()) return Phone{"+" + *d, *d};
  m.fail();
  return std::nullopt;
}

bool Parser::autolinked_phone(Nodes& out) {
  std::optional<Phone> ph = phone();
  if (!ph) return false;
  if (ph->number.size() < 5) {
    out.push_back(plain(ph->text));
  } else {
    out.push_back(link("tel:" + ph->number, {plain(ph->text)}));
  }
  return true;
}

bool Parser::autolinked_email(Nodes& out) {
  Mark m(*this);
  eat("mailto:");
  const size_t start = p_;
  // LocalPart: (AlphaNumericOrMark+ LocalPartSpecial*)+ ("." ...)*, from the tables.
  if (!is_email_char(cur())) return m.fail();
  if (local_end_.empty()) precompute_locals();
  p_ = local_end_[p_];
  if (cur() == '.' && is_email_char(at(p_ + 1))) p_ = local_dots_end_[p_];
  if (!eat('@') || !domain_name()) return m.fail();
  std::string src = t_.slice(start, p_);
  if (auto_email_accepts(U"mailto:" + std::u32string(t_.view(start, p_)))) {
    out.push_back(link("mailto:" + src, {plain(src)}));
  } else {
    out.push_back(plain(std::move(src)));
  }
  return true;
}

bool Parser::autolinked_url(Nodes& out) {
  const size_t start = p_;
  if (!url_head()) return false;
  for (;;) {
    char32_t c = cur();
    if (!is_char(c) || is_space(c) || is_eol_char(c)) break;
    if (is_extra(c)) {
      // Trailing punctuation before a blank or the end is not part of the URL.
      size_t q = extra_end_[p_];
      if (q >= t_.size() || is_space(at(q)) || is_eol_char(at(q))) break;
    }
    ++p_;
  }
  std::u32string_view src = t_.view(start, p_);
  if (auto_link_accepts(src)) {
    out.push_back(link(auto_link_href(src), {plain(t_.slice(start, p_))}));
  } else {
    out.push_back(plain(t_.slice(start, p_)));
  }
  return true;
}

bool Parser::underscore_domain(Nodes& out) {
  Mark m(*this);
  if (!eat('_') || !domain_name() || cur() == '_') return m.fail();
  out.push_back(plain(t_.slice(m.pos, p_)));
  return true;
}

std::optional<std::string> Parser::timestamp_date(size_t& raw_end) {
  // Unixtime / ISO8601Date / ISO8601DateWithoutMilliseconds / Timestamp (hours).
  const size_t start = p_;
  auto d = [this](size_t i, size_t n) {
    for (size_t k = 0; k < n; ++k) {
      if (!is_digit(at(i + k))) return false;
    }
    return true;
  };
  auto zone = [&](size_t i) {  // length of an optional "+HH:MM"
    return (at(i) == '+' || at(i) == '-') && d(i + 1, 2) && at(i + 3) == ':' && d(i + 4, 2) ? 6 : 0;
  };
  size_t n = 0;
  if (d(start, 10)) {
    n = 10;
    raw_end = p_ = start + n;
    return t_.slice(start, p_);
  }
  if (d(start, 4) && at(start + 4) == '-' && d(start + 5, 2) && at(start + 7) == '-' &&
      d(start + 8, 2) && at(start + 10) == 'T' && d(start + 11, 2) && at(start + 13) == ':' &&
      d(start + 14, 2) && at(start + 16) == ':' && d(start + 17, 2)) {
    n = 19;
    if (at(start + 19) == '.' && d(start + 20, 3)) n = 23;
    n += zone(start + n);
    raw_end = p_ = start + n;
    return unix_from_iso(t_.view(start, p_));
  }
  if (d(start, 2) && at(start + 2) == ':' && d(start + 3, 2)) {
    n = at(start + 5) == ':' && d(start + 6, 2) ? 8 : 5;
    n += zone(start + n);
    raw_end = p_ = start + n;
    return unix_from_hours(t_.view(start, p_));
  }
  return std::nullopt;
}

bool Parser::timestamp(Nodes& out) {
  Mark m(*this);
  if (!eat("<t:")) return false;
  size_t date_end = 0;
  std::optional<std::string> date = timestamp_date(date_end);
  if (!date) return m.fail();
  std::string format = "t";
  if (cur() == ':' && is_timestamp_format(at(p_ + 1)) && at(p_ + 2) == '>') {
    format = t_.slice(p_ + 1, p_ + 2);
    p_ += 3;
  } else if (!eat('>')) {
    return m.fail();
  }
  Node n = node(Kind::kTimestamp, std::move(*date));
  n.extra = std::move(format);
  n.from = t_.utf16_offset(m.pos);
  n.to = t_.utf16_offset(p_);
  out.push_back(std::move(n));
  return true;
}

bool Parser::escaped_timestamp(Nodes& out) {
  Mark m(*this);
  if (!eat('\\') || !eat("<t:")) return m.fail();
  size_t raw_start = p_;
  size_t raw_end = 0;
  if (!timestamp_date(raw_end)) return m.fail();
  std::string raw = t_.slice(raw_start, raw_end);
  if (cur() == ':' && is_timestamp_format(at(p_ + 1)) && at(p_ + 2) == '>') {
    out.push_back(plain("<t:" + raw + ":" + t_.slice(p_ + 1, p_ + 2) + ">"));
    p_ += 3;
    return true;
  }
  if (!eat('>')) return m.fail();
  out.push_back(plain("<t:" + raw + ">"));
  return true;
}

}  // namespace parley::chat::md
