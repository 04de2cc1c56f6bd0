// rest/multipart: the incremental multipart/form-data parser (issue 10's list: boundaries split
// across reads, missing parts, huge part headers, no final boundary, one byte at a time; plus
// garbage and boundary-like content).
#include "rest/multipart.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace parley::rest {
namespace {

struct Seen {
  MultipartPart part;
  std::string data;
  bool ended = false;
};

class Collect : public MultipartSink {
 public:
  bool on_part_begin(const MultipartPart& part) override {
    ++calls;
    parts.push_back({part, {}, false});
    return stop_at_begin != static_cast<int>(parts.size());
  }
  bool on_part_data(std::string_view bytes) override {
    ++calls;
    EXPECT_FALSE(parts.empty());
    EXPECT_FALSE(bytes.empty());
    parts.back().data.append(bytes);
    delivered += bytes.size();
    return stop_after_bytes < 0 || delivered <= static_cast<std::size_t>(stop_after_bytes);
  }
  bool on_part_end() override {
    ++calls;
    parts.back().ended = true;
    return true;
  }
  std::vector<Seen> parts;
  std::size_t delivered = 0;
  int calls = 0;
  int stop_at_begin = -1;
  long stop_after_bytes = -1;
};

const std::string kBoundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW";

constexpr char kBinary[] = "\x89PNG\r\n\x1a\n\0\0binary\r\n--not-the-boundary\r\n";

// Binary bytes (NULs included), a line that starts like a boundary, and a delimiter prefix
// that turns out not to be one.
const std::string kFileContent =
    std::string(kBinary, sizeof kBinary - 1) + "\r\n--" + kBoundary.substr(0, 10) + "x";

std::string form_body() {
  return "--" + kBoundary +
         "\r\n"
         "Content-Disposition: form-data; name=\"msg\"\r\n"
         "\r\n"
         "hello\r\nworld\r\n"
         "--" +
         kBoundary +
         "\r\n"
         "Content-Disposition: form-data; name=\"file\"; filename=\"cat.png\"\r\n"
         "Content-Type: image/png\r\n"
         "\r\n" +
         kFileContent + "\r\n--" + kBoundary + "--\r\n";
}

void expect_form(const Collect& c) {
  ASSERT_EQ(c.parts.size(), 2u);
  EXPECT_EQ(c.parts[0].part.name, "msg");
  EXPECT_FALSE(c.parts[0].part.has_filename);
  EXPECT_EQ(c.parts[0].data, "hello\r\nworld");
  EXPECT_TRUE(c.parts[0].ended);
  EXPECT_EQ(c.parts[1].part.name, "file");
  EXPECT_TRUE(c.parts[1].part.has_filename);
  EXPECT_EQ(c.parts[1].part.filename, "cat.png");
  EXPECT_EQ(c.parts[1].part.content_type, "image/png");
  EXPECT_EQ(c.parts[1].data, kFileContent);
  EXPECT_TRUE(c.parts[1].ended);
}

// Feeds `body` in the given chunk sizes (cycled) and finishes.
bool parse_in_chunks(const std::string& body, Collect& c, const std::vector<std::size_t>& sizes,
                     MultipartParser::Limits limits = {}) {
  MultipartParser parser(kBoundary, c, limits);
  std::size_t at = 0;
  for (std::size_t i = 0; at < body.size(); ++i) {
    std::size_t n = std::min(sizes[i % sizes.size()], body.size() - at);
    if (!parser.feed(std::string_view(body).substr(at, n))) return false;
    at += n;
  }
  return parser.finish();
}

TEST(Multipart, WholeBody) {
  Collect c;
  ASSERT_TRUE(parse_in_chunks(form_body(), c, {1 << 20}));
  expect_form(c);
}

TEST(Multipart, EverySplitPoint) {
  const std::string body = form_body();
  for (std::size_t split = 0; split <= body.size(); ++split) {
    SCOPED_TRACE(split);
    Collect c;
    MultipartParser parser(kBoundary, c);
    ASSERT_TRUE(parser.feed(std::string_view(body).substr(0, split)));
    ASSERT_TRUE(parser.feed(std::string_view(body).substr(split)));
    ASSERT_TRUE(parser.finish());
    expect_form(c);
  }
}

TEST(Multipart, OneByteAtATime) {
  Collect c;
  ASSERT_TRUE(parse_in_chunks(form_body(), c, {1}));
  expect_form(c);
}

TEST(Multipart, RandomChunkSizes) {
  std::mt19937 rng(42);
  for (int round = 0; round < 200; ++round) {
    std::vector<std::size_t> sizes;
    for (int i = 0; i < 16; ++i) sizes.push_back(1 + rng() % 40);
    Collect c;
    ASSERT_TRUE(parse_in_chunks(form_body(), c, sizes));
    expect_form(c);
  }
}

TEST(Multipart, ContentIsStreamedNotHeld) {
  // 5 MB in 64 KiB reads: after every read all but the last few bytes have reached the sink, so
  // the parser holds at most a delimiter's worth, never the file.
  const std::string content(5 * 1024 * 1024, 'z');
  const std::string body =
      "--" + kBoundary +
      "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"z\"\r\n\r\n" + content +
      "\r\n--" + kBoundary + "--";
  Collect c;
  MultipartParser parser(kBoundary, c);
  const std::size_t header = body.find("\r\n\r\n") + 4;
  for (std::size_t at = 0; at < body.size(); at += 65536) {
    ASSERT_TRUE(parser.feed(std::string_view(body).substr(at, 65536)));
    std::size_t fed = std::min(at + 65536, body.size());
    if (fed > header && fed < header + content.size()) {
      EXPECT_GE(c.delivered + kBoundary.size() + 4, fed - header);
    }
  }
  ASSERT_TRUE(parser.finish());
  ASSERT_EQ(c.parts.size(), 1u);
  EXPECT_EQ(c.parts[0].data.size(), content.size());
}

TEST(Multipart, NoPartsAtAll) {
  Collect c;
  ASSERT_TRUE(parse_in_chunks("--" + kBoundary + "--\r\n", c, {3}));
  EXPECT_TRUE(c.parts.empty());
}

TEST(Multipart, EmptyBodyIsTruncated) {
  Collect c;
  MultipartParser parser(kBoundary, c);
  EXPECT_FALSE(parser.finish());
  EXPECT_EQ(parser.error(), MultipartError::kTruncated);
}

TEST(Multipart, PartWithoutDispositionOrName) {
  for (std::string headers : {std::string("Content-Type: text/plain\r\n"), std::string(""),
                              std::string("Content-Disposition: form-data\r\n"),
                              std::string("Content-Disposition: attachment; name=\"a\"\r\n")}) {
    SCOPED_TRACE(headers);
    Collect c;
    MultipartParser parser(kBoundary, c);
    std::string body = "--" + kBoundary + "\r\n" + headers + "\r\nvalue\r\n--" + kBoundary + "--";
    EXPECT_FALSE(parser.feed(body));
    EXPECT_EQ(parser.error(), MultipartError::kBadPart);
    EXPECT_TRUE(c.parts.empty());
    EXPECT_FALSE(parser.feed("more"));  // the first error sticks
    EXPECT_FALSE(parser.finish());
    EXPECT_EQ(parser.error(), MultipartError::kBadPart);
  }
}

TEST(Multipart, HugePartHeaders) {
  const std::string body =
      "--" + kBoundary +
      "\r\nContent-Disposition: form-data; name=\"a\"\r\nX-Pad: " + std::string(100'000, 'p') +
      "\r\n\r\nv\r\n--" + kBoundary + "--";
  MultipartParser::Limits limits;
  limits.max_header_bytes = 1024;
  for (std::size_t chunk : {std::size_t{1}, std::size_t{100}, std::size_t{1 << 20}}) {
    SCOPED_TRACE(chunk);
    Collect c;
    EXPECT_FALSE(parse_in_chunks(body, c, {chunk}, limits));
    EXPECT_TRUE(c.parts.empty());
  }
  Collect c;
  MultipartParser parser(kBoundary, c, limits);
  // A header block that never ends is refused once over the limit, not buffered forever.
  ASSERT_TRUE(parser.feed("--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"a\"\r\n"));
  bool ok = true;
  for (int i = 0; i < 2000 && ok; ++i) ok = parser.feed("X-Pad: aaaaaaaaaa\r\n");
  EXPECT_FALSE(ok);
  EXPECT_EQ(parser.error(), MultipartError::kHeaderTooLarge);
  // Headers just within the limit pass.
  Collect fits;
  std::string small = "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"a\"\r\nX: " +
                      std::string(900, 'p') + "\r\n\r\nv\r\n--" + kBoundary + "--";
  EXPECT_TRUE(parse_in_chunks(small, fits, {7}, limits));
}

TEST(Multipart, NoFinalBoundary) {
  const std::string full = form_body();
  // Cut inside the last part (which then never ends), right after its delimiter, and one byte
  // short of the closing "--": the part ended, but the body is still incomplete.
  const std::string last = "\r\n--" + kBoundary + "--";
  const std::size_t end = full.rfind(last);
  for (std::size_t cut : {end - 5, end + 2 + 2 + kBoundary.size(), end + last.size() - 1}) {
    SCOPED_TRACE(cut);
    Collect c;
    MultipartParser parser(kBoundary, c);
    ASSERT_TRUE(parser.feed(std::string_view(full).substr(0, cut)));
    EXPECT_FALSE(parser.done());
    EXPECT_FALSE(parser.finish());
    EXPECT_EQ(parser.error(), MultipartError::kTruncated);
    EXPECT_EQ(c.parts.back().ended, cut != end - 5);
  }
}

TEST(Multipart, Garbage) {
  std::mt19937 rng(7);
  for (int round = 0; round < 100; ++round) {
    std::string junk(1 + rng() % 4000, '\0');
    for (char& ch : junk) ch = static_cast<char>(rng());
    Collect c;
    MultipartParser parser(kBoundary, c);
    parser.feed(junk);
    EXPECT_FALSE(parser.finish());
  }
  // A boundary followed by neither CRLF nor "--".
  Collect c;
  MultipartParser parser(kBoundary, c);
  EXPECT_FALSE(parser.feed("--" + kBoundary + "xx\r\n"));
  EXPECT_EQ(parser.error(), MultipartError::kMalformed);
  // A header line without a colon; an unterminated quoted name.
  for (std::string header :
       {std::string("no colon here"), std::string("Content-Disposition: form-data; name=\"open")}) {
    Collect h;
    MultipartParser p(kBoundary, h);
    EXPECT_FALSE(p.feed("--" + kBoundary + "\r\n" + header + "\r\n\r\nv\r\n--" + kBoundary + "--"));
    EXPECT_EQ(p.error(), MultipartError::kMalformed);
  }
}

TEST(Multipart, BoundaryLikeContentIsData) {
  // The boundary without its CRLF before it, with only LF, at the very start of a part, or as
  // a prefix cut short, is content.
  const std::string content = "--" + kBoundary + " at the start\n--" + kBoundary + "\nmid\r--" +
                              kBoundary + "\r\n--" + kBoundary.substr(0, kBoundary.size() - 1) +
                              "\r\nend";
  const std::string body =
      "--" + kBoundary +
      "\r\nContent-Disposition: form-data; name=\"f\"; filename=\"t.txt\"\r\n\r\n" + content +
      "\r\n--" + kBoundary + "--";
  for (std::size_t chunk : {std::size_t{1}, std::size_t{5}, std::size_t{4096}}) {
    Collect c;
    ASSERT_TRUE(parse_in_chunks(body, c, {chunk}));
    ASSERT_EQ(c.parts.size(), 1u);
    EXPECT_EQ(c.parts[0].data, content);
  }
}

TEST(Multipart, PreambleEpilogueAndPadding) {
  const std::string body = "This is the preamble.\r\n--" + kBoundary +
                           " \t\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--" +
                           kBoundary + "--  \r\nepilogue --" + kBoundary + "\r\n";
  Collect c;
  ASSERT_TRUE(parse_in_chunks(body, c, {3}));
  ASSERT_EQ(c.parts.size(), 1u);
  EXPECT_EQ(c.parts[0].data, "1");
}

TEST(Multipart, EmptyPartContent) {
  const std::string body = "--" + kBoundary +
                           "\r\nContent-Disposition: form-data; name=\"f\"; filename=\"\"\r\n"
                           "Content-Type: application/octet-stream\r\n\r\n\r\n--" +
                           kBoundary + "--";
  Collect c;
  ASSERT_TRUE(parse_in_chunks(body, c, {1}));
  ASSERT_EQ(c.parts.size(), 1u);
  EXPECT_TRUE(c.parts[0].part.has_filename);
  EXPECT_EQ(c.parts[0].part.filename, "");
  EXPECT_EQ(c.parts[0].data, "");
  EXPECT_TRUE(c.parts[0].ended);
}

MultipartPart parse_one(const std::string& disposition, const std::string& extra = "") {
  Collect c;
  MultipartParser parser(kBoundary, c);
  std::string body = "--" + kBoundary + "\r\ncontent-disposition: " + disposition + "\r\n" + extra +
                     "\r\nx\r\n--" + kBoundary + "--";
  EXPECT_TRUE(parser.feed(body));
  EXPECT_TRUE(parser.finish());
  return c.parts.empty() ? MultipartPart{} : c.parts[0].part;
}

TEST(Multipart, DispositionParameters) {
  EXPECT_EQ(parse_one("form-data; name=\"a\\\"b\"").name, "a\"b");
  EXPECT_EQ(parse_one("Form-Data;name=plain").name, "plain");
  EXPECT_EQ(parse_one("form-data; name=\"f\"; filename=\"semi;colon.txt\"").filename,
            "semi;colon.txt");
  EXPECT_EQ(parse_one("form-data; name=\"f\"; filename=\"C:\\\\Users\\\\me\\\\a.png\"").filename,
            "a.png");
  EXPECT_EQ(parse_one("form-data; name=\"f\"; filename=\"../../etc/passwd\"").filename, "passwd");
  // filename* wins over filename, in either order; UTF-8 and ISO-8859-1.
  EXPECT_EQ(parse_one("form-data; name=\"f\"; filename*=UTF-8''%E2%82%AC%20rates.txt; "
                      "filename=\"EUR rates.txt\"")
                .filename,
            "\xE2\x82\xAC rates.txt");
  EXPECT_EQ(
      parse_one("form-data; name=\"f\"; filename=\"x\"; filename*=iso-8859-1'en'%E9t%E9").filename,
      "\xC3\xA9t\xC3\xA9");
  // An unusable filename* falls back to filename.
  EXPECT_EQ(parse_one("form-data; name=\"f\"; filename=\"ok.txt\"; filename*=KOI8-R''%E9").filename,
            "ok.txt");
  auto part = parse_one("form-data; name=\"f\"; filename=\"a\"",
                        "Content-Type: text/plain;\r\n charset=utf-8\r\n");
  EXPECT_EQ(part.content_type, "text/plain; charset=utf-8");
}

TEST(Multipart, SinkCanStop) {
  Collect c;
  c.stop_after_bytes = 5;
  MultipartParser parser(kBoundary, c);
  EXPECT_FALSE(parser.feed(form_body()));
  EXPECT_EQ(parser.error(), MultipartError::kStopped);
  const int calls = c.calls;
  EXPECT_FALSE(parser.feed("more"));
  EXPECT_EQ(c.calls, calls);  // nothing after a stop

  Collect b;
  b.stop_at_begin = 2;
  EXPECT_FALSE(parse_in_chunks(form_body(), b, {1}));
  EXPECT_EQ(b.parts.size(), 2u);
  EXPECT_TRUE(b.parts[1].data.empty());
}

TEST(Multipart, TooManyParts) {
  std::string body;
  for (int i = 0; i < 10; ++i) {
    body += "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"p\"\r\n\r\nv\r\n";
  }
  body += "--" + kBoundary + "--";
  MultipartParser::Limits limits;
  limits.max_parts = 9;
  Collect c;
  EXPECT_FALSE(parse_in_chunks(body, c, {64}, limits));
  EXPECT_EQ(c.parts.size(), 9u);
  limits.max_parts = 10;
  Collect ok;
  EXPECT_TRUE(parse_in_chunks(body, ok, {64}, limits));
}

TEST(Multipart, BoundaryFromContentType) {
  EXPECT_EQ(MultipartParser::boundary_of("multipart/form-data; boundary=abc"), "abc");
  EXPECT_EQ(MultipartParser::boundary_of("Multipart/Form-Data;charset=utf-8; BOUNDARY=\"a b\""),
            "a b");
  EXPECT_EQ(MultipartParser::boundary_of("multipart/form-data"), std::nullopt);
  EXPECT_EQ(MultipartParser::boundary_of("multipart/form-data; boundary="), std::nullopt);
  EXPECT_EQ(MultipartParser::boundary_of("multipart/form-data; boundary=" + std::string(71, 'b')),
            std::nullopt);
  EXPECT_EQ(MultipartParser::boundary_of("multipart/mixed; boundary=abc"), std::nullopt);
  EXPECT_EQ(MultipartParser::boundary_of("application/json"), std::nullopt);
}

}  // namespace
}  // namespace parley::rest
