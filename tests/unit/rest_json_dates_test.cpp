// rest/json_dates: EJSON dates out as ISO strings, ISO strings in as milliseconds.
#include "rest/json_dates.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "util/clock.hpp"

namespace parley::rest {
namespace {

namespace json = boost::json;

TEST(JsonDates, EjsonDatesBecomeIsoStringsAtAnyDepth) {
  json::value in = json::parse(
      R"({"ts":{"$date":1714557600000},"list":[{"$date":0},{"a":{"$date":1714557600123}}],)"
      R"("kept":{"$date":1,"x":2},"str":{"$date":"2024"},"n":5})");
  json::value out = ejson_to_rest(in);
  EXPECT_EQ(out.at("ts"), "2024-05-01T10:00:00.000Z");
  EXPECT_EQ(out.at("list").at(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(out.at("list").at(1).at("a"), "2024-05-01T10:00:00.123Z");
  EXPECT_EQ(out.at("kept"), in.at("kept"));  // not exactly {$date: int}
  EXPECT_EQ(out.at("str"), in.at("str"));
  EXPECT_EQ(out.at("n"), 5);
}

TEST(JsonDates, ParsesTheIsoFormsClientsSend) {
  const int64_t ms = 1714557600000;  // 2024-05-01T10:00:00.000Z
  EXPECT_EQ(parse_iso8601("2024-05-01T10:00:00.000Z"), ms);
  EXPECT_EQ(parse_iso8601("2024-05-01T10:00:00Z"), ms);
  EXPECT_EQ(parse_iso8601("2024-05-01T10:00Z"), ms);
  EXPECT_EQ(parse_iso8601("2024-05-01T10:00:00"), ms);
  EXPECT_EQ(parse_iso8601("2024-05-01T12:00:00.000+02:00"), ms);
  EXPECT_EQ(parse_iso8601("2024-05-01T07:30:00-0230"), ms);
  EXPECT_EQ(parse_iso8601("2024-05-01T10:00:00.5Z"), ms + 500);
  EXPECT_EQ(parse_iso8601("2024-05-01T10:00:00.123456Z"), ms + 123);
  EXPECT_EQ(parse_iso8601("2024-05-01"), ms - 10 * 3'600'000);
  EXPECT_EQ(parse_iso8601("2024-02-29T00:00:00Z"), 1709164800000);
  EXPECT_EQ(parse_iso8601("1969-12-31T23:59:59.999Z"), -1);
  for (int64_t t : {int64_t{0}, int64_t{951782400000}, int64_t{4102444800123}}) {
    EXPECT_EQ(parse_iso8601(util::iso8601(t)), t);
  }
  for (const char* bad : {"", "yesterday", "2024-13-01", "2023-02-29", "2024-04-31",
                          "2024-05-01T25:00:00Z", "2024-05-01T10:00:00.Z", "2024-5-1",
                          "2024-05-01T10:00:00Zjunk", "1714557600000", "2024-05-01T10"}) {
    EXPECT_FALSE(parse_iso8601(bad)) << bad;
  }
}

}  // namespace
}  // namespace parley::rest
