#pragma once
// Turns a user's search text into an FTS5 MATCH expression. User text is never handed to
// FTS5 as query syntax: each whitespace-separated word becomes a quoted phrase (quotes
// doubled), so `AND`, `*`, `NEAR(`, `"` or `col:` in the text are plain words and can never
// cause an FTS5 syntax error. Words without a single letter or digit are dropped (FTS5 would
// read them as an empty phrase, which matches nothing); with no word left there is nothing
// to search for.
#include <optional>
#include <string>
#include <string_view>

namespace parley::store::sqlite {

// `rid : "<room id>" AND msg : "<word 1>" AND msg : "<word 2>" ...` for the messages_fts
// table, or nothing when `text` has no word to search for. An empty `room_id` leaves the rid
// clause out (`msg : "<word 1>" AND ...`).
std::optional<std::string> fts_match_expression(std::string_view room_id, std::string_view text);

// True when `word` holds a character the unicode61 tokenizer keeps: an ASCII letter or digit,
// or a non-ASCII code point outside the common punctuation, symbol and emoji blocks.
bool has_word_character(std::string_view word);

}  // namespace parley::store::sqlite
