#pragma once
// A message's `md` field (rc-api.md §4.2): the AST that @rocket.chat/message-parser 0.32 builds
// from the message text, and that EmbeddedChat renders the text from. The node shapes and the
// precedence between constructs follow that package's PEG grammar rule by rule, so a client
// sees the same tree from parley as from Rocket.Chat; the few places that differ are listed in
// message_parser.cpp.
//
// parse_message never throws and accepts any byte string: invalid UTF-8 is read as U+FFFD,
// the way the JavaScript server would have decoded it. Time is linear in the text's length
// (the grammar's backtracking points are memoized), so a message can be parsed inline on the
// request path.
#include <boost/json/array.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace parley::chat {

struct ParseOptions {
  // ":)" as EMOJI slight_smile, and so on. Off by default as in the npm package; Rocket.Chat's
  // server turns it on when it stores md (getMarkdownConfig in its messages service).
  bool emoticons = false;
};

// The md AST of a message text. An empty text gives [] (the real parser throws on it, and
// Rocket.Chat then stores no md at all).
boost::json::array parse_message(std::string_view text, const ParseOptions& options = {});

// Names found while parsing, for the message's `mentions` and `channels` fields: each name
// once, in order of first appearance; mentions inside code are not mentions. Pass the options
// the md is parsed with (an emoticon such as ":@" can take the place of a mention).
struct MessageRefs {
  std::vector<std::string> users;  // "all" and "here" included as-is
  std::vector<std::string> channels;
};
MessageRefs find_mentions(std::string_view text, const ParseOptions& options = {});
// The same, read off an md the caller already has.
MessageRefs mentions_in(const boost::json::array& md);

}  // namespace parley::chat
