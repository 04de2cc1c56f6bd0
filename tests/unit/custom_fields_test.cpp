// chat/custom_fields and chat/two_factor: the pure rules behind users' custom fields and the
// password second factor, without a server.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cctype>

#include "chat/custom_fields.hpp"
#include "chat/password.hpp"
#include "chat/two_factor.hpp"
#include "util/hash.hpp"

namespace parley::chat {
namespace {

namespace json = boost::json;

json::object obj(std::string_view text) {
  return json::parse(text).as_object();
}

std::string reason_of(const Status& s) {
  return s ? std::string("ok") : s.error().reason;
}

TEST(CustomFields, BlankDefinitionIsDisabledAndAcceptsAnything) {
  auto d = parse_custom_fields_definition("  \n ");
  ASSERT_TRUE(d);
  EXPECT_FALSE(d->enabled);
  EXPECT_TRUE(validate_custom_fields(*d, obj(R"({"x": 1})")));
}

TEST(CustomFields, BadDefinitionsAreErrorsNotExceptions) {
  for (const char* bad : {"{ not json", "[1,2]", R"({"a": 5})", R"({"a": {"type": "select"}})"}) {
    auto d = parse_custom_fields_definition(bad);
    ASSERT_FALSE(d) << bad;
    EXPECT_EQ(d.error().code_string(), "error-invalid-customfield-json") << bad;
  }
}

TEST(CustomFields, RulesInRcOrderAndOnlyDefinedFieldsKept) {
  auto d = parse_custom_fields_definition(
      R"({"team": {"type": "select", "required": true, "options": ["red", "blue"]},
          "code": {"minLength": "3", "maxLength": 5}})");
  ASSERT_TRUE(d);
  EXPECT_EQ(reason_of(validate_custom_fields(*d, obj("{}"))), "Field team is required");
  EXPECT_EQ(reason_of(validate_custom_fields(*d, obj(R"({"team": "  "})"))),
            "Field team is required");
  EXPECT_EQ(reason_of(validate_custom_fields(*d, obj(R"({"team": "green"})"))),
            "Value for field team is invalid");
  EXPECT_EQ(reason_of(validate_custom_fields(*d, obj(R"({"team": "red", "code": "abcdef"})"))),
            "Max length of field code 5");
  EXPECT_EQ(reason_of(validate_custom_fields(*d, obj(R"({"team": "red", "code": "ab"})"))),
            "Min length of field code 3");
  // Length counts the trimmed text, and an empty optional field is fine.
  EXPECT_TRUE(validate_custom_fields(*d, obj(R"({"team": "red", "code": " abc  "})")));
  EXPECT_TRUE(validate_custom_fields(*d, obj(R"({"team": "red", "code": ""})")));
  auto error = validate_custom_fields(*d, obj("{}")).error();
  EXPECT_EQ(error.code_string(), "error-user-registration-custom-field");
  EXPECT_EQ(json::serialize(project_custom_fields(*d, obj(R"({"team": "red", "x": 1})"))),
            R"({"team":"red"})");
}

TEST(TwoFactor, PasswordFallbackAsRc) {
  store::UserRecord user;
  user.password_hash = hash_password_digest(util::sha256_hex("pw"), HashCost{1, 8192 * 1024});
  SecondFactorPolicy policy;
  auto none = check_second_factor(user, {}, policy);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code_string(), "totp-required");
  EXPECT_EQ(json::serialize(none.error().details),
            R"({"method":"password","codeGenerated":false,"availableMethods":[]})");
  auto wrong = check_second_factor(user, {util::sha256_hex("nope"), "password"}, policy);
  EXPECT_EQ(wrong.error().code_string(), "totp-invalid");
  EXPECT_TRUE(check_second_factor(user, {util::sha256_hex("pw"), "password"}, policy));
  // Upper-case hex is the same digest.
  std::string upper = util::sha256_hex("pw");
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_TRUE(check_second_factor(user, {upper, "password"}, policy));

  // A bypassing personal access token skips it, unless the action requires a second factor.
  store::LoginTokenRecord pat;
  pat.name = "ci";
  pat.bypass_two_factor = true;
  policy.token = pat;
  EXPECT_TRUE(check_second_factor(user, {}, policy));
  policy.require = true;
  EXPECT_FALSE(check_second_factor(user, {}, policy));
  // Off: nothing is asked.
  policy.enabled = false;
  EXPECT_TRUE(check_second_factor(user, {}, policy));
  // A user without a password has nothing to give unless required.
  store::UserRecord no_password;
  EXPECT_TRUE(check_second_factor(no_password, {}, SecondFactorPolicy{}));
}

}  // namespace
}  // namespace parley::chat
