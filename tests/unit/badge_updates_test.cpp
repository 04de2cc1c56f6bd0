// Live unread badges in rooms too big for per-message subscription updates
// (chat/badge_updates.hpp), on the real store and bus.
#include "chat/badge_updates.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bus/bus.hpp"
#include "chat/notifications.hpp"
#include "chat_fixture.hpp"

namespace parley::chat {
namespace {

class BadgeUpdatesTest : public ::testing::Test, public testing::ChatFixture {
 protected:
  BadgeUpdatesTest() : badges_(db.store(), events, members, clock, [this] { return online_; }) {
    badges_.follow(messages);
    alice_ = user("alice");
  }

  // A channel of alice plus `extra` members m0..m{extra-1}.
  store::RoomRecord channel(const std::string& name, int extra) {
    CreateRoom request;
    request.type = "c";
    request.name = name;
    for (int i = 0; i < extra; ++i) {
      const std::string username = "m" + std::to_string(i);
      if (!db.store().user_by_username(username)) user(username);
      request.members.push_back(username);
    }
    auto created = rooms.create(alice_, request);
    EXPECT_TRUE(created) << (created ? "" : created.error().message());
    return created.value();
  }
  std::string id_of(const std::string& username) {
    return db.store().user_by_username(username)->id;
  }
  void send(const store::RoomRecord& room, const std::string& text) {
    SendRequest request;
    request.room_id = room.id;
    request.text = text;
    ASSERT_TRUE(messages.send(alice_, request));
  }
  // subscriptions-changed events published to `user_id` for `room`.
  std::vector<boost::json::object> badges_of(const std::string& user_id,
                                             const store::RoomRecord& room) {
    std::vector<boost::json::object> out;
    for (auto& e : recorder.on(bus::user_subject(user_id), user_id + "/subscriptions-changed")) {
      if (e.at("args").at(1).at("rid") == boost::json::value(room.id)) out.push_back(e);
    }
    return out;
  }

  std::vector<std::string> online_;
  BadgeUpdates badges_;
  store::UserRecord alice_;
};

TEST_F(BadgeUpdatesTest, ABigRoomsBadgeReachesOnlineMembersOncePerWindow) {
  const int extra = static_cast<int>(kNotificationsMaxRoomMembers) + 1;
  auto big = channel("big", extra);
  const std::string online_member = id_of("m0");
  const std::string offline_member = id_of("m1");
  const std::string outsider = user("outsider").id;
  online_ = {online_member, outsider};
  for (const auto& uid : {online_member, offline_member, outsider}) {
    watch(bus::user_subject(uid));
  }

  send(big, "one");
  send(big, "two");
  EXPECT_TRUE(badges_of(online_member, big).empty());  // nothing before the window closes

  EXPECT_EQ(badges_.flush(), 1u);
  auto seen = badges_of(online_member, big);
  ASSERT_EQ(seen.size(), 1u);  // two messages, one update
  EXPECT_EQ(seen[0].at("args").at(0), "updated");
  EXPECT_EQ(seen[0].at("args").at(1).at("unread"), 2);
  EXPECT_EQ(seen[0].at("args").at(1).at("alert"), true);
  EXPECT_TRUE(badges_of(offline_member, big).empty());
  EXPECT_TRUE(badges_of(outsider, big).empty());

  EXPECT_EQ(badges_.flush(), 0u);  // nothing new: nothing sent
  send(big, "three");
  EXPECT_EQ(badges_.flush(), 0u);  // inside the window: held
  clock.advance_ms(1'000);
  EXPECT_EQ(badges_.flush(), 1u);  // the window passed: sent
  EXPECT_EQ(badges_of(online_member, big).size(), 2u);
  EXPECT_EQ(badges_of(online_member, big).back().at("args").at(1).at("unread"), 3);
}

TEST_F(BadgeUpdatesTest, ManyOnlineMembersAreServedFromOneReadOfTheRoom) {
  // 30 of 102 online: past one in eight, the whole room is read once.
  auto big = channel("busy", static_cast<int>(kNotificationsMaxRoomMembers) + 1);
  for (int i = 0; i < 30; ++i) online_.push_back(id_of("m" + std::to_string(i)));
  for (const auto& uid : online_) watch(bus::user_subject(uid));
  send(big, "hello all");
  EXPECT_EQ(badges_.flush(), 30u);
  for (const auto& uid : online_) {
    auto seen = badges_of(uid, big);
    ASSERT_EQ(seen.size(), 1u) << uid;
    EXPECT_EQ(seen[0].at("args").at(1).at("unread"), 1);
  }
}

TEST_F(BadgeUpdatesTest, SmallRoomsAreLeftToPerMessageUpdates) {
  auto small = channel("small", 3);
  online_ = {id_of("m0")};
  watch(bus::user_subject(online_[0]));
  send(small, "hi");
  EXPECT_EQ(badges_.flush(), 0u);
  EXPECT_EQ(badges_of(online_[0], small).size(), 1u);  // chat/messages told them at once
}

}  // namespace
}  // namespace parley::chat
