// Unit tests for the md AST (rc-api.md §4.2). The expected trees are what
// @rocket.chat/message-parser 0.32.0 itself returns for the same text: cases from its test
// suite are cited by file, the others were run through the package ("probe of the real
// parser"). Expected JSON is compared as serialized text, so key order counts too.
#include "chat/message_parser.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <random>
#include <string>

namespace parley::chat {
namespace {

const ParseOptions kEmoticons{.emoticons = true};

void expect_md(std::string_view text, std::string_view expected, ParseOptions options = {}) {
  EXPECT_EQ(boost::json::serialize(parse_message(text, options)),
            boost::json::serialize(boost::json::parse(expected)))
      << "text: " << text;
}

TEST(MessageParserTest, RcApiExamples) {
  // rc-api.md §4.1
  expect_md("hi @bob", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"hi "},
      {"type":"MENTION_USER","value":{"type":"PLAIN_TEXT","value":"bob"}}]}])json");
  // rc-api.md §4.2
  expect_md("hello world", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"hello world"}]}])json");
  // rc-api.md §4.2
  expect_md("line1\nline2", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"line1"}]},
      {"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"line2"}]}])json");
}

TEST(MessageParserTest, Paragraphs) {
  // lineBreak.test.ts
  expect_md("test\n\ntest2", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"test"}]},
      {"type":"LINE_BREAK"},{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT",
      "value":"test2"}]}])json");
  // lineBreak.test.ts
  expect_md("test\n\ntest2\n", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"test"}]},
      {"type":"LINE_BREAK"},{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT",
      "value":"test2"}]}])json");
  // lineBreak.test.ts
  expect_md("test\n\n\n\ntest2\n", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"test"}]},
      {"type":"LINE_BREAK"},{"type":"LINE_BREAK"},{"type":"LINE_BREAK"},{"type":"PARAGRAPH",
      "value":[{"type":"PLAIN_TEXT","value":"test2"}]}])json");
  // probe of the real parser
  expect_md("\n", R"json([{"type":"LINE_BREAK"}])json");
  // probe of the real parser
  expect_md("a\r\nb", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"a\r"}]},{"type":"PARAGRAPH",
      "value":[{"type":"PLAIN_TEXT","value":"b"}]}])json");
  // probe of the real parser
  expect_md("   ", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"   "}]}])json");
}

TEST(MessageParserTest, Bold) {
  // emphasis.test.ts
  expect_md("*bold ending with colon:* and some more text", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"BOLD","value":[{"type":"PLAIN_TEXT",
      "value":"bold ending with colon:"}]},{"type":"PLAIN_TEXT",
      "value":" and some more text"}]}])json");
  // emphasis.test.ts
  expect_md("*bold with a kissing emoji :* *", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"BOLD","value":[{"type":"PLAIN_TEXT",
      "value":"bold with a kissing emoji :"}]},{"type":"PLAIN_TEXT","value":" *"}]}])json");
  // probe of the real parser
  expect_md("**bold**", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"BOLD","value":[{"type":"PLAIN_TEXT",
      "value":"bold"}]}]}])json");
  // probe of the real parser
  expect_md("a*b*c", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"a"},{"type":"BOLD",
      "value":[{"type":"PLAIN_TEXT","value":"b"}]},{"type":"PLAIN_TEXT","value":"c"}]}])json");
  // probe of the real parser
  expect_md("**a*", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"*"},{"type":"BOLD",
      "value":[{"type":"PLAIN_TEXT","value":"a"}]}]}])json");
  // probe of the real parser
  expect_md("*a\nb*", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"*a"}]},{"type":"PARAGRAPH",
      "value":[{"type":"PLAIN_TEXT","value":"b*"}]}])json");
  // emphasis.test.ts
  expect_md("**bold ~~and strike~~** **not bold ~~but strike** ~~ not strike~~", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"BOLD","value":[{"type":"PLAIN_TEXT",
      "value":"bold "},{"type":"STRIKE","value":[{"type":"PLAIN_TEXT",
      "value":"and strike"}]}]},{"type":"PLAIN_TEXT","value":" **not bold "},{"type":"STRIKE",
      "value":[{"type":"PLAIN_TEXT","value":"but strike** "}]},{"type":"PLAIN_TEXT",
      "value":" not strike~~"}]}])json");
}

TEST(MessageParserTest, Italic) {
  // emphasis.test.ts
  expect_md("He said _Hello_ to her", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"He said "},{"type":"ITALIC",
      "value":[{"type":"PLAIN_TEXT","value":"Hello"}]},{"type":"PLAIN_TEXT",
      "value":" to her"}]}])json");
  // emphasis.test.ts
  expect_md("__Hello__", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"ITALIC","value":[{"type":"PLAIN_TEXT",
      "value":"Hello"}]}]}])json");
  // emphasis.test.ts
  expect_md("___Hello___", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"_"},{"type":"ITALIC",
      "value":[{"type":"PLAIN_TEXT","value":"Hello"}]},{"type":"PLAIN_TEXT","value":"_"}]}])json");
  // emphasis.test.ts
  expect_md("_Hello", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"_Hello"}]}])json");
  // emphasis.test.ts
  expect_md("text_hello_text", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"text_hello_text"}]}])json");
  // emphasis.test.ts
  expect_md("__italic__non", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"__italic__non"}]}])json");
  // emphasis.test.ts
  expect_md("some_snake_case_text and some __italic__ text", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT",
      "value":"some_snake_case_text and some "},{"type":"ITALIC",
      "value":[{"type":"PLAIN_TEXT","value":"italic"}]},{"type":"PLAIN_TEXT",
      "value":" text"}]}])json");
  // emphasis.test.ts
  expect_md("_ _", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"_ _"}]}])json");
  // emphasis.test.ts
  expect_md("_example.com_", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"ITALIC","value":[{"type":"PLAIN_TEXT",
      "value":"example.com"}]}]}])json");
}

TEST(MessageParserTest, Strike) {
  // probe of the real parser
  expect_md("~strike~ and ~~strike~~", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"STRIKE","value":[{"type":"PLAIN_TEXT",
      "value":"strike"}]},{"type":"PLAIN_TEXT","value":" and "},{"type":"STRIKE",
      "value":[{"type":"PLAIN_TEXT","value":"strike"}]}]}])json");
  // emphasis.test.ts
  expect_md("**bold** **another bold** ~~strike~~ ~~another strike~~", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"BOLD","value":[{"type":"PLAIN_TEXT",
      "value":"bold"}]},{"type":"PLAIN_TEXT","value":" "},{"type":"BOLD",
      "value":[{"type":"PLAIN_TEXT","value":"another bold"}]},{"type":"PLAIN_TEXT",
      "value":" "},{"type":"STRIKE","value":[{"type":"PLAIN_TEXT","value":"strike"}]},
      {"type":"PLAIN_TEXT","value":" "},{"type":"STRIKE","value":[{"type":"PLAIN_TEXT",
      "value":"another strike"}]}]}])json");
}

TEST(MessageParserTest, NestedEmphasis) {
  // the issue
  expect_md("*bold _italic_*", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"BOLD","value":[{"type":"PLAIN_TEXT",
      "value":"bold "},{"type":"ITALIC","value":[{"type":"PLAIN_TEXT","value":"italic"}]}]}]}])json");
  // emphasis.test.ts
  expect_md(" pre__**~~boldstrikeitalic~~**__post ", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":" pre__"},{"type":"BOLD",
      "value":[{"type":"STRIKE","value":[{"type":"PLAIN_TEXT","value":"boldstrikeitalic"}]}]},
      {"type":"PLAIN_TEXT","value":"__post "}]}])json");
  // probe of the real parser
  expect_md("_italic *bold*_", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"ITALIC","value":[{"type":"PLAIN_TEXT",
      "value":"italic "},{"type":"BOLD","value":[{"type":"PLAIN_TEXT","value":"bold"}]}]}]}])json");
  // probe of the real parser
  expect_md("*a _b*c_ d*", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"BOLD","value":[{"type":"PLAIN_TEXT",
      "value":"a "},{"type":"ITALIC","value":[{"type":"PLAIN_TEXT","value":"b*c"}]},
      {"type":"PLAIN_TEXT","value":" d"}]}]}])json");
  // emphasis.test.ts
  expect_md("_test :smile: test_", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"ITALIC","value":[{"type":"PLAIN_TEXT",
      "value":"test "},{"type":"EMOJI","value":{"type":"PLAIN_TEXT","value":"smile"},
      "shortCode":"smile"},{"type":"PLAIN_TEXT","value":" test"}]}]}])json");
}

TEST(MessageParserTest, InlineCode) {
  // probe of the real parser
  expect_md("`code`", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"INLINE_CODE","value":{"type":"PLAIN_TEXT",
      "value":"code"}}]}])json");
  // emphasis.test.ts
  expect_md("_nothing `should` be _gone", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"_nothing "},
      {"type":"INLINE_CODE","value":{"type":"PLAIN_TEXT","value":"should"}},
      {"type":"PLAIN_TEXT","value":" be _gone"}]}])json");
  // probe of the real parser
  expect_md("```code```", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"``"},{"type":"INLINE_CODE",
      "value":{"type":"PLAIN_TEXT","value":"code"}},{"type":"PLAIN_TEXT","value":"``"}]}])json");
}

TEST(MessageParserTest, CodeBlock) {
  // codeFence.test.ts
  expect_md("```\ncode\n\n\n```", R"json(
      [{"type":"CODE","language":"none","value":[{"type":"CODE_LINE",
      "value":{"type":"PLAIN_TEXT","value":"code"}},{"type":"CODE_LINE",
      "value":{"type":"PLAIN_TEXT","value":""}},{"type":"CODE_LINE",
      "value":{"type":"PLAIN_TEXT","value":""}}]}])json");
  // codeFence.test.ts
  expect_md("```javascript\ncode\n```", R"json(
      [{"type":"CODE","language":"javascript","value":[{"type":"CODE_LINE",
      "value":{"type":"PLAIN_TEXT","value":"code"}}]}])json");
  // codeFence.test.ts
  expect_md("```bash c\ncode\n```", R"json(
      [{"type":"CODE","language":"bash c","value":[{"type":"CODE_LINE",
      "value":{"type":"PLAIN_TEXT","value":"code"}}]}])json");
  // codeFence.test.ts
  expect_md("```\n# code\n**code**\n```", R"json(
      [{"type":"CODE","language":"none","value":[{"type":"CODE_LINE",
      "value":{"type":"PLAIN_TEXT","value":"# code"}},{"type":"CODE_LINE",
      "value":{"type":"PLAIN_TEXT","value":"**code**"}}]}])json");
  // codeFence.test.ts
  expect_md("  ```\ncode\n```", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"  ```"}]},
      {"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"code"}]},{"type":"PARAGRAPH",
      "value":[{"type":"PLAIN_TEXT","value":"```"}]}])json");
  // probe of the real parser
  expect_md("```js\nx\n```\nafter", R"json(
      [{"type":"CODE","language":"js","value":[{"type":"CODE_LINE",
      "value":{"type":"PLAIN_TEXT","value":"x"}}]},{"type":"LINE_BREAK"},{"type":"PARAGRAPH",
      "value":[{"type":"PLAIN_TEXT","value":"after"}]}])json");
  // probe of the real parser
  expect_md("```\nunclosed", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"```"}]},{"type":"PARAGRAPH",
      "value":[{"type":"PLAIN_TEXT","value":"unclosed"}]}])json");
}

TEST(MessageParserTest, Links) {
  // link.test.ts
  expect_md("[title](https://rocket.chat)", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"LINK","value":{"src":{"type":"PLAIN_TEXT",
      "value":"https://rocket.chat"},"label":[{"type":"PLAIN_TEXT","value":"title"}]}}]}])json");
  // link.test.ts
  expect_md("[](https://rocket.chat)", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"LINK","value":{"src":{"type":"PLAIN_TEXT",
      "value":"https://rocket.chat"},"label":[{"type":"PLAIN_TEXT",
      "value":"https://rocket.chat"}]}}]}])json");
  // link.test.ts
  expect_md("<https://domain.com|Test>", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"LINK","value":{"src":{"type":"PLAIN_TEXT",
      "value":"https://domain.com"},"label":[{"type":"PLAIN_TEXT","value":"Test"}]}}]}])json");
  // link.test.ts
  expect_md("[**title**](https://rocket.chat)", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"LINK","value":{"src":{"type":"PLAIN_TEXT",
      "value":"https://rocket.chat"},"label":[{"type":"BOLD","value":[{"type":"PLAIN_TEXT",
      "value":"title"}]}]}}]}])json");
  // link.test.ts
  expect_md("google.com", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"LINK","value":{"src":{"type":"PLAIN_TEXT",
      "value":"//google.com"},"label":[{"type":"PLAIN_TEXT","value":"google.com"}]}}]}])json");
  // link.test.ts
  expect_md("rocket.chat:8080", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"LINK","value":{"src":{"type":"PLAIN_TEXT",
      "value":"rocket.chat:8080"},"label":[{"type":"PLAIN_TEXT",
      "value":"rocket.chat:8080"}]}}]}])json");
  // link.test.ts
  expect_md("https://analytics.zoho.com/open-view/123456789 Same Line", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"LINK","value":{"src":{"type":"PLAIN_TEXT",
      "value":"https://analytics.zoho.com/open-view/123456789"},"label":[{"type":"PLAIN_TEXT",
      "value":"https://analytics.zoho.com/open-view/123456789"}]}},{"type":"PLAIN_TEXT",
      "value":" Same Line"}]}])json");
  // link.test.ts
  expect_md("([Github Issue: #24929](https://github.com/RocketChat/Rocket.Chat/issues/24929))",
            R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"("},{"type":"LINK",
      "value":{"src":{"type":"PLAIN_TEXT",
      "value":"https://github.com/RocketChat/Rocket.Chat/issues/24929"},
      "label":[{"type":"PLAIN_TEXT","value":"Github Issue: #24929"}]}},{"type":"PLAIN_TEXT",
      "value":")"}]}])json");
  // link.test.ts
  expect_md("the [Jira [Task] parentheses not working](rocket.chat)", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"the "},{"type":"LINK",
      "value":{"src":{"type":"PLAIN_TEXT","value":"rocket.chat"},
      "label":[{"type":"PLAIN_TEXT","value":"Jira [Task] parentheses not working"}]}}]}])json");
  // link.test.ts
  expect_md("77.77", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"77.77"}]}])json");
  // link.test.ts
  expect_md("https://77.77", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"https://77.77"}]}])json");
  // probe of the real parser (trailing punctuation)
  expect_md("go to https://www.google.com.", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"go to "},{"type":"LINK",
      "value":{"src":{"type":"PLAIN_TEXT","value":"https://www.google.com"},
      "label":[{"type":"PLAIN_TEXT","value":"https://www.google.com"}]}},{"type":"PLAIN_TEXT",
      "value":"."}]}])json");
  // probe of the real parser
  expect_md("http://localhost:3000/x", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"LINK","value":{"src":{"type":"PLAIN_TEXT",
      "value":"http://localhost:3000/x"},"label":[{"type":"PLAIN_TEXT",
      "value":"http://localhost:3000/x"}]}}]}])json");
  // probe of the real parser
  expect_md("file.txt or main.py", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"file.txt or "},
      {"type":"LINK","value":{"src":{"type":"PLAIN_TEXT","value":"//main.py"},
      "label":[{"type":"PLAIN_TEXT","value":"main.py"}]}}]}])json");
  // probe of the real parser
  expect_md("foo@bar.com", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"LINK","value":{"src":{"type":"PLAIN_TEXT",
      "value":"mailto:foo@bar.com"},"label":[{"type":"PLAIN_TEXT","value":"foo@bar.com"}]}}]}])json");
  // probe of the real parser
  expect_md("call +5511999999999", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"call "},{"type":"LINK",
      "value":{"src":{"type":"PLAIN_TEXT","value":"tel:5511999999999"},
      "label":[{"type":"PLAIN_TEXT","value":"+5511999999999"}]}}]}])json");
  // probe of the real parser
  expect_md("![img](https://x.com/a.png)", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"IMAGE","value":{"src":{"type":"PLAIN_TEXT",
      "value":"https://x.com/a.png"},"label":{"type":"PLAIN_TEXT","value":"img"}}}]}])json");
}

TEST(MessageParserTest, Mentions) {
  // mention.test.ts
  expect_md("@guilherme.gazzo. ", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"MENTION_USER","value":{"type":"PLAIN_TEXT",
      "value":"guilherme.gazzo."}},{"type":"PLAIN_TEXT","value":" "}]}])json");
  // mention.test.ts
  expect_md("@user:server.com", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"MENTION_USER","value":{"type":"PLAIN_TEXT",
      "value":"user:server.com"}}]}])json");
  // mention.test.ts
  expect_md("@username@example.com", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"MENTION_USER","value":{"type":"PLAIN_TEXT",
      "value":"username@example.com"}}]}])json");
  // mention.test.ts
  expect_md("test @Кириллица test", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"test "},
      {"type":"MENTION_USER","value":{"type":"PLAIN_TEXT","value":"Кириллица"}},
      {"type":"PLAIN_TEXT","value":" test"}]}])json");
  // mention.test.ts
  expect_md("#GENERAL", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"MENTION_CHANNEL","value":{"type":"PLAIN_TEXT",
      "value":"GENERAL"}}]}])json");
  // the issue
  expect_md("@all @here", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"MENTION_USER","value":{"type":"PLAIN_TEXT",
      "value":"all"}},{"type":"PLAIN_TEXT","value":" "},{"type":"MENTION_USER",
      "value":{"type":"PLAIN_TEXT","value":"here"}}]}])json");
  // probe of the real parser
  expect_md("a@b a#b x:@bob", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"a@b a#b x:"},
      {"type":"MENTION_USER","value":{"type":"PLAIN_TEXT","value":"bob"}}]}])json");
  // probe of the real parser
  expect_md("@user__", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"@user__"}]}])json");
}

TEST(MessageParserTest, Emoji) {
  // emoji.test.ts
  expect_md(":smile: asd", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"EMOJI","value":{"type":"PLAIN_TEXT",
      "value":"smile"},"shortCode":"smile"},{"type":"PLAIN_TEXT","value":" asd"}]}])json");
  // emoji.test.ts
  expect_md(":smile:asd", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":":smile:asd"}]}])json");
  // emoji.test.ts
  expect_md("\" :smile: \"", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"\" "},{"type":"EMOJI",
      "value":{"type":"PLAIN_TEXT","value":"smile"},"shortCode":"smile"},{"type":"PLAIN_TEXT",
      "value":" \""}]}])json");
  // emoji.test.ts
  expect_md("normal emojis :smile: :smile: :smile:", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"normal emojis "},
      {"type":"EMOJI","value":{"type":"PLAIN_TEXT","value":"smile"},"shortCode":"smile"},
      {"type":"PLAIN_TEXT","value":" "},{"type":"EMOJI","value":{"type":"PLAIN_TEXT",
      "value":"smile"},"shortCode":"smile"},{"type":"PLAIN_TEXT","value":" "},{"type":"EMOJI",
      "value":{"type":"PLAIN_TEXT","value":"smile"},"shortCode":"smile"}]}])json");
  // emoji.test.ts
  expect_md(":smile:a:smile:", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":":smile:a:smile:"}]}])json");
  // emoji.test.ts
  expect_md("Hi :+1_tone4:", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"Hi "},{"type":"EMOJI",
      "value":{"type":"PLAIN_TEXT","value":"+1_tone4"},"shortCode":"+1_tone4"}]}])json");
  // emoji.test.ts
  expect_md("Hi 👍", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"Hi "},{"type":"EMOJI",
      "unicode":"👍"}]}])json");
  // probe of the real parser (joinEmoji)
  expect_md("a :smile::smile: b", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"a :smile::smile: b"}]}])json");
}

TEST(MessageParserTest, BigEmoji) {
  // emoji.test.ts
  expect_md(":smile:", R"json(
      [{"type":"BIG_EMOJI","value":[{"type":"EMOJI","value":{"type":"PLAIN_TEXT",
      "value":"smile"},"shortCode":"smile"}]}])json");
  // emoji.test.ts
  expect_md("\n :smile::smile::smile: \n", R"json(
      [{"type":"BIG_EMOJI","value":[{"type":"EMOJI","value":{"type":"PLAIN_TEXT",
      "value":"smile"},"shortCode":"smile"},{"type":"EMOJI","value":{"type":"PLAIN_TEXT",
      "value":"smile"},"shortCode":"smile"},{"type":"EMOJI","value":{"type":"PLAIN_TEXT",
      "value":"smile"},"shortCode":"smile"}]}])json");
  // emoji.test.ts
  expect_md("😀", R"json([{"type":"BIG_EMOJI","value":[{"type":"EMOJI","unicode":"😀"}]}])json");
  // emoji.test.ts
  expect_md("🧑🏾‍💻🧑🏾‍💻", R"json(
      [{"type":"BIG_EMOJI","value":[{"type":"EMOJI","unicode":"🧑🏾‍💻"},{"type":"EMOJI",
      "unicode":"🧑🏾‍💻"}]}])json");
  // emoji.test.ts
  expect_md("👆🏺", R"json(
      [{"type":"BIG_EMOJI","value":[{"type":"EMOJI","unicode":"👆"},{"type":"EMOJI",
      "unicode":"🏺"}]}])json");
  // probe of the real parser: four is not big
  expect_md(":smile: :smile: :smile: :smile:", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"EMOJI","value":{"type":"PLAIN_TEXT",
      "value":"smile"},"shortCode":"smile"},{"type":"PLAIN_TEXT","value":" "},{"type":"EMOJI",
      "value":{"type":"PLAIN_TEXT","value":"smile"},"shortCode":"smile"},{"type":"PLAIN_TEXT",
      "value":" "},{"type":"EMOJI","value":{"type":"PLAIN_TEXT","value":"smile"},
      "shortCode":"smile"},{"type":"PLAIN_TEXT","value":" "},{"type":"EMOJI",
      "value":{"type":"PLAIN_TEXT","value":"smile"},"shortCode":"smile"}]}])json");
}

TEST(MessageParserTest, Emoticons) {
  // probe of the real parser, emoticons off
  expect_md(":) hi", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":":) hi"}]}])json");
  // probe of the real parser, emoticons on
  expect_md(":) hi", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"EMOJI","value":{"type":"PLAIN_TEXT",
      "value":":)"},"shortCode":"slight_smile"},{"type":"PLAIN_TEXT","value":" hi"}]}])json",
            kEmoticons);
  // probe of the real parser, emoticons on
  expect_md("hi:)", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"hi:)"}]}])json",
            kEmoticons);
  // probe of the real parser, emoticons on
  expect_md("<3", R"json(
      [{"type":"BIG_EMOJI","value":[{"type":"EMOJI","value":{"type":"PLAIN_TEXT",
      "value":"<3"},"shortCode":"heart"}]}])json",
            kEmoticons);
}

TEST(MessageParserTest, Blocks) {
  // probe of the real parser
  expect_md("# Heading *bold*", R"json(
      [{"type":"HEADING","level":1,"value":[{"type":"PLAIN_TEXT","value":"Heading "},
      {"type":"BOLD","value":[{"type":"PLAIN_TEXT","value":"bold"}]}]}])json");
  // probe of the real parser
  expect_md("##### h5", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"##### h5"}]}])json");
  // link.test.ts
  expect_md("<https://domain.com|Test\n> quote here", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT",
      "value":"<https://domain.com|Test"}]},{"type":"QUOTE","value":[{"type":"PARAGRAPH",
      "value":[{"type":"PLAIN_TEXT","value":"quote here"}]}]}])json");
  // probe of the real parser
  expect_md("> a\n\n> b", R"json(
      [{"type":"QUOTE","value":[{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT",
      "value":"a"}]}]},{"type":"LINE_BREAK"},{"type":"QUOTE","value":[{"type":"PARAGRAPH",
      "value":[{"type":"PLAIN_TEXT","value":"b"}]}]}])json");
  // probe of the real parser
  expect_md("- item\n- *item2*", R"json(
      [{"type":"UNORDERED_LIST","value":[{"type":"LIST_ITEM","value":[{"type":"PLAIN_TEXT",
      "value":"item"}]},{"type":"LIST_ITEM","value":[{"type":"BOLD",
      "value":[{"type":"PLAIN_TEXT","value":"item2"}]}]}]}])json");
  // probe of the real parser
  expect_md("1. one\n10. ten", R"json(
      [{"type":"ORDERED_LIST","value":[{"type":"LIST_ITEM","value":[{"type":"PLAIN_TEXT",
      "value":"one"}],"number":1},{"type":"LIST_ITEM","value":[{"type":"PLAIN_TEXT",
      "value":"ten"}],"number":10}]}])json");
  // probe of the real parser
  expect_md("- [x] done\n- [ ] todo", R"json(
      [{"type":"TASKS","value":[{"type":"TASK","status":true,"value":[{"type":"PLAIN_TEXT",
      "value":"done"}]},{"type":"TASK","status":false,"value":[{"type":"PLAIN_TEXT",
      "value":"todo"}]}]}])json");
  // probe of the real parser
  expect_md("a\n---\nb", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"a"}]},
      {"type":"HORIZONTAL_RULE","fallback":[2,5]},{"type":"PARAGRAPH",
      "value":[{"type":"PLAIN_TEXT","value":"b"}]}])json");
  // probe of the real parser
  expect_md("| a | b |\n|:--|--:|\n| 1 | 2 |", R"json(
      [{"type":"TABLE","value":{"header":[{"type":"TABLE_CELL","align":"left",
      "value":[{"type":"PLAIN_TEXT","value":"a"}]},{"type":"TABLE_CELL","align":"right",
      "value":[{"type":"PLAIN_TEXT","value":"b"}]}],"rows":[{"type":"TABLE_ROW",
      "value":[{"type":"TABLE_CELL","align":"left","value":[{"type":"PLAIN_TEXT",
      "value":"1"}]},{"type":"TABLE_CELL","align":"right","value":[{"type":"PLAIN_TEXT",
      "value":"2"}]}]}]},"fallback":[0,29]}])json");
  // probe of the real parser
  expect_md("||spoiler|| and\n||\nblock\n||", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"SPOILER","value":[{"type":"PLAIN_TEXT",
      "value":"spoiler"}]},{"type":"PLAIN_TEXT","value":" and"}]},{"type":"SPOILER_BLOCK",
      "value":[{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"block"}]}]}])json");
  // probe of the real parser
  expect_md("<t:1630360800:R>", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"TIMESTAMP","value":{"timestamp":"1630360800",
      "format":"R"},"fallback":[0,16]}]}])json");
}

TEST(MessageParserTest, Escapes) {
  // probe of the real parser
  expect_md("\\*not bold\\*", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"*not bold*"}]}])json");
  // probe of the real parser
  expect_md("\\<t:1630360800>", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"<t:1630360800>"}]}])json");
}

TEST(MessageParserTest, EmptyTextIsAnEmptyTree) {
  EXPECT_TRUE(parse_message("").empty());
}

TEST(MessageParserTest, InvalidUtf8BecomesReplacementCharacters) {
  // A JavaScript server decodes the bytes to U+FFFD before parsing; so do we, which also keeps
  // the JSON we emit valid UTF-8.
  expect_md("\xff\xfe@bob \xc3", R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"\ufffd\ufffd@bob \ufffd"}]}])json");
  expect_md(std::string_view("a\0b", 3), R"json(
      [{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"a\u0000b"}]}])json");
}

TEST(MessageParserTest, FindMentionsListsEachNameOnce) {
  MessageRefs refs =
      find_mentions("hi @bob and @all, see #general\n> @bob again in #dev `@not_in_code` @here");
  EXPECT_EQ(refs.users, (std::vector<std::string>{"bob", "all", "here"}));
  EXPECT_EQ(refs.channels, (std::vector<std::string>{"general", "dev"}));
  EXPECT_TRUE(find_mentions("").users.empty());
  // With emoticons on, ":@" is the angry face rather than a colon and a mention.
  EXPECT_EQ(find_mentions(":@bob").users, (std::vector<std::string>{"bob"}));
  EXPECT_TRUE(find_mentions(":@bob", kEmoticons).users.empty());
  EXPECT_EQ(mentions_in(parse_message("@ann #x")).channels, (std::vector<std::string>{"x"}));
}

TEST(MessageParserTest, AbuseCaseFromTheRealSuite) {
  // abuse.test.ts: a long run of "**_**__" parses into alternating bold/italic pairs.
  std::string text;
  for (int i = 0; i < 300; ++i) text += "**_**__";
  const boost::json::array md = parse_message(text);
  ASSERT_EQ(md.size(), 1u);
  const auto& items = md[0].as_object().at("value").as_array();
  ASSERT_GE(items.size(), 2u);
  EXPECT_EQ(
      boost::json::serialize(items[0]),
      R"({"type":"BOLD","value":[{"type":"ITALIC","value":[{"type":"PLAIN_TEXT","value":"**"}]},)"
      R"({"type":"ITALIC","value":[{"type":"PLAIN_TEXT","value":"**"}]}]})");
  EXPECT_EQ(
      boost::json::serialize(items[1]),
      R"({"type":"ITALIC","value":[{"type":"BOLD","value":[{"type":"PLAIN_TEXT","value":"_"}]}]})");
}

// 10,000 random byte strings, biased toward the grammar's special characters: the parser must
// return a tree (non-empty for non-empty text) whose JSON is valid, and never throw.
TEST(MessageParserTest, FuzzRandomBytes) {
  std::mt19937 rng(20240501);
  const std::string specials = "*_~`:|[]()<>!@#+-.\\/\n\r\t >=$%^&'\"xa0";
  const std::string utf8[] = {"\xf0\x9f\x98\x80", "\xe2\x80\x8d", "\xef\xb8\x8f", "\xc3\xa4",
                              ":smile:",          "https://",     "a.com",        "```"};
  for (int round = 0; round < 10'000; ++round) {
    std::string text;
    const int length = static_cast<int>(rng() % 64);
    for (int i = 0; i < length; ++i) {
      const unsigned pick = rng() % 10;
      if (pick < 4) {
        text += static_cast<char>(rng() % 256);
      } else if (pick < 8) {
        text += specials[rng() % specials.size()];
      } else {
        text += utf8[rng() % std::size(utf8)];
      }
    }
    boost::json::array md;
    ASSERT_NO_THROW(md = parse_message(text, {.emoticons = (round % 2) == 1})) << round;
    EXPECT_EQ(md.empty(), text.empty()) << round;
    const std::string json = boost::json::serialize(md);
    EXPECT_NO_THROW(boost::json::parse(json)) << round;
  }
}

}  // namespace
}  // namespace parley::chat
