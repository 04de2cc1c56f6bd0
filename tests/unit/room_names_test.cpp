// chat::RoomNames: Rocket.Chat's getValidRoomName rules without a server.
#include "chat/room_names.hpp"

#include <gtest/gtest.h>

namespace parley::chat {
namespace {

std::string refusal(const RoomNames& names, std::string_view name) {
  auto checked = names.check(name);
  if (checked) return "accepted";
  EXPECT_EQ(checked.error().code, "error-invalid-room-name");
  return checked.error().reason;
}

TEST(RoomNamesTest, TheDefaultPatternTakesLettersDigitsDashUnderscoreAndDot) {
  RoomNames names;
  auto ok = names.check("Team_1.ops-x");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->name, "Team_1.ops-x");
  EXPECT_EQ(ok->fname, "Team_1.ops-x");
  EXPECT_EQ(refusal(names, "two words"), "two words is not a valid room name");
  EXPECT_EQ(refusal(names, "café"), "café is not a valid room name");
  EXPECT_EQ(refusal(names, ""), " is not a valid room name");
  EXPECT_EQ(refusal(names, std::string(101, 'a')),
            std::string(101, 'a') + " is not a valid room name");
}

TEST(RoomNamesTest, ReservedNamesAreRefusedInAnyCase) {
  RoomNames names;
  for (const char* name : {"admin", "Administrator", "SYSTEM", "user"}) {
    EXPECT_NE(refusal(names, name), "accepted") << name;
  }
  EXPECT_TRUE(names.check("users"));
  EXPECT_TRUE(names.check("admin-team"));
}

TEST(RoomNamesTest, RulesFollowTheSettings) {
  RoomNames names;
  names.set_rules({false, "[a-z]+", "general"});
  EXPECT_TRUE(names.check("lower"));
  EXPECT_NE(refusal(names, "Upper"), "accepted");
  EXPECT_NE(refusal(names, "general"), "accepted");
  EXPECT_TRUE(names.check("admin"));  // no longer reserved
  // A pattern that does not compile falls back to the default, as in RC.
  names.set_rules({false, "[unclosed", ""});
  EXPECT_TRUE(names.check("Back_to-default.1"));
  EXPECT_NE(refusal(names, "a b"), "accepted");
}

TEST(RoomNamesTest, SpecialCharactersKeepTheDisplayNameAndSlugTheName) {
  RoomNames names;
  names.set_rules({true, "[0-9a-zA-Z-_.]+", "admin,administrator,system,user"});
  auto hall = names.check("Town Hall: 2024!");
  ASSERT_TRUE(hall);
  EXPECT_EQ(hall->name, "Town-Hall-2024");
  EXPECT_EQ(hall->fname, "Town Hall: 2024!");
  auto cafe = names.check("café crème");
  ASSERT_TRUE(cafe);
  EXPECT_EQ(cafe->name, "caf-crme");  // no transliteration (RC: cafe-creme)
  EXPECT_NE(refusal(names, "  Admin  "), "accepted");
  EXPECT_NE(refusal(names, "日本語"), "accepted");  // nothing left of it
}

}  // namespace
}  // namespace parley::chat
