#include "rest/request_reader.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace parley::rest {
namespace {

TEST(QueryTest, DecodesPercentAndPlus) {
  auto q = parse_query("a=1&b=x%20y+z&types[]=c&types[]=p&empty=&flag");
  ASSERT_TRUE(q);
  Reader r(*q);
  EXPECT_EQ(r.optional_string("b"), "x y z");
  EXPECT_EQ(r.optional_string("empty"), "");
  EXPECT_TRUE(r.has("flag"));
  EXPECT_EQ(r.optional_string_array("types"), (std::vector<std::string>{"c", "p"}));
  EXPECT_EQ(r.optional_int("a"), 1);
  EXPECT_FALSE(r.error());
}

TEST(QueryTest, SplitsCommaListsDroppingEmptyItems) {
  EXPECT_EQ(split_comma_list("a,b,,c,"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(split_comma_list("solo"), (std::vector<std::string>{"solo"}));
  EXPECT_TRUE(split_comma_list("").empty());
  EXPECT_TRUE(split_comma_list(",,").empty());
}

TEST(QueryTest, RejectsBrokenEscapes) {
  EXPECT_FALSE(parse_query("a=%zz"));
  EXPECT_FALSE(parse_query("a=%2"));
  EXPECT_FALSE(parse_query("a=%"));
}

TEST(ReaderTest, KeepsTheFirstErrorOnly) {
  auto body = boost::json::parse(R"({"user": 123, "password": true})").as_object();
  Reader r(body);
  r.required_string("user");
  r.required_string("password");
  r.required_string("missing");
  ASSERT_TRUE(r.error());
  EXPECT_EQ(r.error()->reason, "The parameter \"user\" must be a string");
  EXPECT_EQ(r.error()->code, "invalid-params");
}

TEST(ReaderTest, TypesAreChecked) {
  auto body = boost::json::parse(R"({"n": "7", "b": 1, "roles": ["a", 2]})").as_object();
  Reader ints(body);
  ints.optional_int("n");
  EXPECT_TRUE(ints.error());
  Reader bools(body);
  bools.optional_bool("b");
  EXPECT_TRUE(bools.error());
  Reader arrays(body);
  arrays.optional_string_array("roles");
  EXPECT_TRUE(arrays.error());
}

TEST(PagingTest, FollowsRocketChatDefaultsAndCaps) {
  PagingLimits limits{50, 100, true};
  auto page_of = [&](const char* query) {
    auto q = parse_query(query);
    Reader r(*q);
    Paging p = read_paging(r, limits);
    return std::make_pair(p, r.error().has_value());
  };
  EXPECT_EQ(page_of("").first.count, 50);
  EXPECT_EQ(page_of("count=500").first.count, 100);
  EXPECT_EQ(page_of("count=0").first.count, 0);  // unlimited
  EXPECT_EQ(page_of("offset=5&count=2").first.offset, 5);
  EXPECT_TRUE(page_of("count=-1").second);
  EXPECT_TRUE(page_of("offset=abc").second);
}

TEST(SortTest, AcceptsOnlyOneOrMinusOne) {
  auto read = [](const char* query) {
    auto q = parse_query(query);
    Reader r(*q);
    auto fields = read_sort(r);
    return std::make_pair(fields, r.error());
  };
  auto [ok, no_error] = read("sort=%7B%22username%22%3A-1%7D");
  EXPECT_FALSE(no_error);
  ASSERT_EQ(ok.size(), 1u);
  EXPECT_EQ(ok[0], (std::pair<std::string, int>{"username", -1}));
  EXPECT_EQ(read("sort=%7B%22ts%22%3A2%7D").second->code, "error-invalid-sort");
  EXPECT_EQ(read("sort=notjson").second->code, "error-invalid-sort");
  EXPECT_TRUE(read("").first.empty());
}

}  // namespace
}  // namespace parley::rest
