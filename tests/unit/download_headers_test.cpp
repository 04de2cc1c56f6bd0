// The pure parts of /file-upload downloads: credentials in Rocket.Chat's order, Range
// parsing, Content-Disposition encoding, cookies and entity tags.
#include <gtest/gtest.h>

#include "http_request.hpp"
#include "rest/byte_range.hpp"
#include "rest/content_disposition.hpp"
#include "rest/file_credentials.hpp"
#include "rest/http_headers.hpp"

namespace parley::rest {
namespace {

using testing::http_request;

FileCredentials credentials_of(const std::string& target,
                               std::vector<std::pair<std::string, std::string>> headers) {
  auto http = http_request("GET", target, "", std::move(headers));
  auto query = parse_query(http.query);
  EXPECT_TRUE(query);
  return file_credentials(http, *query);
}

TEST(FileCredentialsTest, QueryComesFirst) {
  auto c = credentials_of("/file-upload/f/a.txt?rc_uid=q-uid&rc_token=q-tok",
                          {{"cookie", "rc_uid=c-uid; rc_token=c-tok"},
                           {"x-user-id", "h-uid"},
                           {"x-auth-token", "h-tok"}});
  EXPECT_EQ(c.user_id, "q-uid");
  EXPECT_EQ(c.token, "q-tok");
}

TEST(FileCredentialsTest, CookiesWhenTheQueryHasNoUserId) {
  auto c = credentials_of("/file-upload/f/a.txt",
                          {{"cookie", "theme=dark; rc_uid=c-uid; rc_token=c-tok"},
                           {"x-user-id", "h-uid"},
                           {"x-auth-token", "h-tok"}});
  EXPECT_EQ(c.user_id, "c-uid");
  EXPECT_EQ(c.token, "c-tok");
}

TEST(FileCredentialsTest, CookiesReplaceAQueryTokenWithoutQueryUserId) {
  // As Rocket.Chat: without rc_uid in the query both values are taken from the cookies.
  auto c = credentials_of("/file-upload/f/a.txt?rc_token=q-tok",
                          {{"cookie", "rc_uid=c-uid; rc_token=c-tok"}});
  EXPECT_EQ(c.user_id, "c-uid");
  EXPECT_EQ(c.token, "c-tok");
}

TEST(FileCredentialsTest, HeadersLast) {
  auto c =
      credentials_of("/file-upload/f/a.txt", {{"x-user-id", "h-uid"}, {"x-auth-token", "h-tok"}});
  EXPECT_EQ(c.user_id, "h-uid");
  EXPECT_EQ(c.token, "h-tok");
}

TEST(FileCredentialsTest, EachMissingHalfFallsBackToItsHeader) {
  auto c = credentials_of("/file-upload/f/a.txt?rc_uid=q-uid", {{"x-auth-token", "h-tok"}});
  EXPECT_EQ(c.user_id, "q-uid");
  EXPECT_EQ(c.token, "h-tok");
  // A cookie header without the rc_ cookies leaves the headers to answer.
  c = credentials_of("/file-upload/f/a.txt",
                     {{"cookie", "theme=dark"}, {"x-user-id", "h-uid"}, {"x-auth-token", "h-tok"}});
  EXPECT_EQ(c.user_id, "h-uid");
  EXPECT_EQ(c.token, "h-tok");
}

TEST(FileCredentialsTest, NothingGivenIsEmpty) {
  auto c = credentials_of("/file-upload/f/a.txt", {});
  EXPECT_TRUE(c.user_id.empty());
  EXPECT_TRUE(c.token.empty());
}

TEST(CookieTest, FindsTrimsAndDecodes) {
  auto http = http_request("GET", "/", "",
                           {{"cookie", " a=1;rc_uid = x%2By ; quoted=\"v\"; broken=%zz; last=%4"}});
  EXPECT_EQ(cookie(http, "a"), "1");
  EXPECT_EQ(cookie(http, "rc_uid"), "x+y");
  EXPECT_EQ(cookie(http, "quoted"), "v");
  EXPECT_EQ(cookie(http, "broken"), "%zz");
  EXPECT_EQ(cookie(http, "last"), "%4");
  EXPECT_EQ(cookie(http, "missing"), "");
  EXPECT_EQ(cookie(http, "rc"), "");
}

TEST(EtagTest, MatchesListsWeakFormsAndStar) {
  EXPECT_TRUE(etag_matches("\"abc\"", "\"abc\""));
  EXPECT_TRUE(etag_matches("\"x\", W/\"abc\"", "\"abc\""));
  EXPECT_TRUE(etag_matches("*", "\"abc\""));
  EXPECT_FALSE(etag_matches("\"abcd\"", "\"abc\""));
  EXPECT_FALSE(etag_matches("", "\"abc\""));
}

TEST(HttpDateTest, FormatsAsImfFixdate) {
  EXPECT_EQ(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(http_date(1714557600123), "Wed, 01 May 2024 10:00:00 GMT");
}

ByteRange::Kind kind(std::string_view header, uint64_t size) {
  return parse_byte_range(header, size).kind;
}

TEST(ByteRangeTest, FirstToLast) {
  auto r = parse_byte_range("bytes=10-19", 100);
  ASSERT_EQ(r.kind, ByteRange::Kind::kPartial);
  EXPECT_EQ(r.first, 10u);
  EXPECT_EQ(r.last, 19u);
  EXPECT_EQ(r.length(), 10u);
  // One byte, which Rocket.Chat's own parser refuses.
  r = parse_byte_range("bytes=0-0", 100);
  ASSERT_EQ(r.kind, ByteRange::Kind::kPartial);
  EXPECT_EQ(r.length(), 1u);
}

TEST(ByteRangeTest, LastPastTheEndIsClamped) {
  auto r = parse_byte_range("bytes=90-1000", 100);
  ASSERT_EQ(r.kind, ByteRange::Kind::kPartial);
  EXPECT_EQ(r.first, 90u);
  EXPECT_EQ(r.last, 99u);
  r = parse_byte_range("bytes=5-99999999999999999999999", 100);
  ASSERT_EQ(r.kind, ByteRange::Kind::kPartial);
  EXPECT_EQ(r.last, 99u);
}

TEST(ByteRangeTest, OpenEnded) {
  auto r = parse_byte_range("bytes=40-", 100);
  ASSERT_EQ(r.kind, ByteRange::Kind::kPartial);
  EXPECT_EQ(r.first, 40u);
  EXPECT_EQ(r.last, 99u);
  r = parse_byte_range("bytes=0-", 1);
  ASSERT_EQ(r.kind, ByteRange::Kind::kPartial);
  EXPECT_EQ(r.length(), 1u);
}

TEST(ByteRangeTest, Suffix) {
  auto r = parse_byte_range("bytes=-10", 100);
  ASSERT_EQ(r.kind, ByteRange::Kind::kPartial);
  EXPECT_EQ(r.first, 90u);
  EXPECT_EQ(r.last, 99u);
  r = parse_byte_range("bytes=-500", 100);  // more than the file: all of it
  ASSERT_EQ(r.kind, ByteRange::Kind::kPartial);
  EXPECT_EQ(r.first, 0u);
  EXPECT_EQ(r.last, 99u);
}

TEST(ByteRangeTest, Unsatisfiable) {
  EXPECT_EQ(kind("bytes=100-200", 100), ByteRange::Kind::kUnsatisfiable);
  EXPECT_EQ(kind("bytes=100-", 100), ByteRange::Kind::kUnsatisfiable);
  EXPECT_EQ(kind("bytes=-0", 100), ByteRange::Kind::kUnsatisfiable);
  EXPECT_EQ(kind("bytes=0-", 0), ByteRange::Kind::kUnsatisfiable);
  EXPECT_EQ(kind("bytes=-5", 0), ByteRange::Kind::kUnsatisfiable);
  EXPECT_EQ(kind("bytes=99999999999999999999999-", 100), ByteRange::Kind::kUnsatisfiable);
}

TEST(ByteRangeTest, SeveralRangesGetTheWholeFile) {
  EXPECT_EQ(kind("bytes=0-1,5-6", 100), ByteRange::Kind::kWhole);
  EXPECT_EQ(kind("bytes=0-1, -5", 100), ByteRange::Kind::kWhole);
  // Empty list elements do not make a second range.
  auto r = parse_byte_range("bytes= , 3-4 ,", 100);
  ASSERT_EQ(r.kind, ByteRange::Kind::kPartial);
  EXPECT_EQ(r.first, 3u);
}

TEST(ByteRangeTest, MalformedIsIgnored) {
  EXPECT_EQ(kind("", 100), ByteRange::Kind::kWhole);
  EXPECT_EQ(kind("items=0-5", 100), ByteRange::Kind::kWhole);
  EXPECT_EQ(kind("bytes=5-1", 100), ByteRange::Kind::kWhole);
  EXPECT_EQ(kind("bytes=a-b", 100), ByteRange::Kind::kWhole);
  EXPECT_EQ(kind("bytes=5", 100), ByteRange::Kind::kWhole);
  EXPECT_EQ(kind("bytes=-", 100), ByteRange::Kind::kWhole);
  EXPECT_EQ(kind("bytes=+1-2", 100), ByteRange::Kind::kWhole);
  EXPECT_EQ(kind("bytes", 100), ByteRange::Kind::kWhole);
  // The unit is case-insensitive.
  EXPECT_EQ(kind("Bytes=0-5", 100), ByteRange::Kind::kPartial);
}

TEST(ContentDispositionTest, EncodesAsRfc8187) {
  EXPECT_EQ(rfc8187_encode("report.pdf"), "report.pdf");
  EXPECT_EQ(rfc8187_encode("a b'(c)*.txt"), "a%20b%27%28c%29%2A.txt");
  EXPECT_EQ(rfc8187_encode("Grüße €.txt"), "Gr%C3%BC%C3%9Fe%20%E2%82%AC.txt");
  EXPECT_EQ(rfc8187_encode("x;y\"z%"), "x%3By%22z%25");
}

TEST(ContentDispositionTest, BothFilenameForms) {
  EXPECT_EQ(content_disposition("attachment", "report.pdf"),
            "attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf");
  EXPECT_EQ(content_disposition("inline", "naïve \"q\".png"),
            "inline; filename=\"na_ve _q_.png\"; filename*=UTF-8''na%C3%AFve%20%22q%22.png");
  EXPECT_EQ(content_disposition("inline", ""), "inline");
  // Control characters never reach the header (no header injection through a name).
  EXPECT_EQ(content_disposition("attachment", "a\r\nSet-Cookie: x"),
            "attachment; filename=\"a__Set-Cookie: x\"; filename*=UTF-8''a%0D%0ASet-Cookie%3A%20x");
}

}  // namespace
}  // namespace parley::rest
