#include <gtest/gtest.h>
#include <sodium.h>

#include <set>

#include "util/clock.hpp"
#include "util/hash.hpp"
#include "util/ids.hpp"

namespace parley::util {
namespace {

class UtilTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_GE(sodium_init(), 0); }
};

TEST_F(UtilTest, RandomIdsUseMeteorsAlphabetAndLength) {
  const std::string alphabet = "23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz";
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string id = random_id();
    ASSERT_EQ(id.size(), 17u);
    for (char c : id) ASSERT_NE(alphabet.find(c), std::string::npos) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST_F(UtilTest, SecretsAre43UrlSafeCharacters) {
  std::string s = random_secret();
  EXPECT_EQ(s.size(), 43u);
  for (char c : s) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_');
  EXPECT_NE(random_secret(), s);
}

TEST_F(UtilTest, Sha256MatchesKnownVectors) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_base64("abc"), "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
}

TEST_F(UtilTest, Base64DecodeRoundTripsAndRefusesGarbage) {
  EXPECT_EQ(base64_decode(""), "");
  EXPECT_EQ(base64_decode("Zg=="), "f");
  EXPECT_EQ(base64_decode("Zm9v\r\nYmFy"), "foobar");  // line breaks, as data URIs may carry
  const std::string binary("\x89PNG\r\n\x1a\n\0\xff", 10);
  EXPECT_EQ(base64_decode(base64_encode(binary)), binary);
  EXPECT_EQ(base64_decode("Zg="), std::nullopt);  // bad padding
  EXPECT_EQ(base64_decode("Z!=="), std::nullopt);
  EXPECT_EQ(base64_decode("Zm9v-_"), std::nullopt);  // the URL-safe alphabet is not this one
}

TEST_F(UtilTest, Iso8601HasMillisecondsAndZulu) {
  EXPECT_EQ(iso8601(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(iso8601(1714557600123), "2024-05-01T10:00:00.123Z");
}

TEST_F(UtilTest, FakeClockMovesOnlyWhenTold) {
  FakeClock clock(1000);
  EXPECT_EQ(clock.now_ms(), 1000);
  clock.advance_ms(250);
  EXPECT_EQ(clock.now_ms(), 1250);
}

}  // namespace
}  // namespace parley::util
